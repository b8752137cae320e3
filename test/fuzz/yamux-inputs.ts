/**
 * Hostile yamux byte streams for the fuzzer (test/fuzz/yamux.fuzz.ts): frame scripts built
 * around what a session expects (SYNs with the peer's parity, Data within and beyond the window,
 * WindowUpdates up to 2^32-1, Pings, GoAways, FIN/RST on live, closed and unknown ids), then
 * mutated at the byte level (bad versions/types/flags, random headers, huge lengths, cut,
 * duplicated and random bytes), and cut into random chunks.
 */
import { encodeHeader, Flag, FrameType } from '../../src/yamux/index.js';
import type { Rand } from './fuzz-harness.js';

const pick = (r: Rand, n: number): number => Math.floor(r() * n);
const oneOf = <T>(r: Rand, xs: readonly T[]): T => xs[pick(r, xs.length)] as T;

const LENGTHS = [0, 1, 12, 0x7fff, 0x8000, 0x3ffff, 0x40000, 0x40001, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const FLAGS = [0, Flag.SYN, Flag.ACK, Flag.FIN, Flag.RST, Flag.SYN | Flag.ACK, Flag.SYN | Flag.FIN, Flag.ACK | Flag.FIN, Flag.FIN | Flag.RST, 0xf, 0x10, 0xffff];

/** One fuzz case: the peer's bytes, how they are chunked, and how the local application behaves. */
export interface FuzzCase {
  readonly role: 'client' | 'server';
  readonly bytes: Buffer;
  /** Chunk sizes the bytes are delivered in (their sum is bytes.length). */
  readonly chunks: number[];
  /** The local application reads its streams ('read'), reads them slowly, or never. */
  readonly reads: 'read' | 'slow' | 'never';
  /** The local application echoes what it reads. */
  readonly echo: boolean;
  /** Streams the local application opens before the input arrives. */
  readonly localOpens: number;
  /** The raw peer reads what the session writes (false: replies back up). */
  readonly peerReads: boolean;
}

function frameScript(r: Rand, role: 'client' | 'server', localOpens: number): Buffer[] {
  const peerParity = role === 'server' ? 1 : 0;
  const ours = Array.from({ length: localOpens }, (_, i) => 2 * i + (role === 'client' ? 1 : 2));
  const peer: number[] = [];
  let nextPeer = peerParity === 1 ? 1 : 2;
  // Some cases stay within the protocol (except for data beyond windows), so that later frames
  // reach deep stream states instead of the first fatal frame ending the session.
  const hostile = r() < 0.5;
  const anyId = (): number => {
    const c = pick(r, hostile ? 12 : 8);
    if (c < 5 && peer.length > 0) return oneOf(r, peer);
    if (c < 8 && ours.length > 0) return oneOf(r, ours);
    if (c < 8) return peer.length > 0 ? oneOf(r, peer) : ours.length > 0 ? oneOf(r, ours) : 0;
    if (c === 8) return 0;
    if (c === 9) return oneOf(r, [0xffffffff, 0xfffffffe, 0x80000000]);
    if (c === 10) return nextPeer + 2 * pick(r, 4);
    return pick(r, 64);
  };
  // kinds 0..9 are frames a peer may send; 10..13 are malformed (only in hostile cases)
  const weights = [4, 5, hostile ? 1 : 0.2, 2, 2, 2, 0.5, 0.5, hostile ? 0.4 : 0, hostile ? 0.3 : 0, hostile ? 0.3 : 0];
  const total = weights.reduce((x, y) => x + y, 0);
  const kind = (): number => {
    let x = r() * total;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i] as number) < 0) return i;
    return 0;
  };
  const KIND = [0, 2, 5, 6, 7, 8, 9, 13, 10, 11, 12];
  const out: Buffer[] = [];
  const n = 1 + pick(r, 40);
  for (let k = 0; k < n; k++) {
    switch (k === 0 && !hostile && ours.length === 0 ? 0 : KIND[kind()]) {
      case 0:
      case 1: {
        // open a stream, maybe with data
        const id = nextPeer;
        nextPeer += 2;
        peer.push(id);
        if (r() < 0.5) out.push(encodeHeader(FrameType.WindowUpdate, Flag.SYN, id, r() < 0.8 ? 0 : oneOf(r, LENGTHS)));
        else {
          const p = Buffer.alloc(pick(r, 3000), pick(r, 256));
          out.push(encodeHeader(FrameType.Data, Flag.SYN, id, p.length), p);
        }
        break;
      }
      case 2:
      case 3:
      case 4: {
        const p = Buffer.alloc(pick(r, r() < 0.97 ? 4096 : 300_000), pick(r, 256));
        const flags = r() < 0.7 ? 0 : hostile ? oneOf(r, FLAGS) : oneOf(r, [Flag.FIN, Flag.ACK, Flag.RST]);
        out.push(encodeHeader(FrameType.Data, flags, anyId(), p.length), p);
        break;
      }
      case 5: // declared length unrelated to the payload (huge, window-sized, or desynchronizing)
        out.push(encodeHeader(FrameType.Data, hostile ? oneOf(r, FLAGS) : 0, anyId(), oneOf(r, LENGTHS)), Buffer.alloc(pick(r, 64), 0x5a));
        break;
      case 6:
        out.push(encodeHeader(FrameType.WindowUpdate, r() < 0.6 || !hostile ? 0 : oneOf(r, FLAGS), anyId(), oneOf(r, LENGTHS)));
        break;
      case 7:
        out.push(encodeHeader(FrameType.WindowUpdate, oneOf(r, [Flag.FIN, Flag.RST, Flag.ACK]), anyId(), 0));
        break;
      case 8: {
        const count = r() < 0.8 ? 1 : 1 + pick(r, 2000);
        for (let i = 0; i < count; i++) out.push(encodeHeader(FrameType.Ping, r() < 0.8 ? Flag.SYN : oneOf(r, FLAGS), r() < 0.9 ? 0 : anyId(), pick(r, 0x1_0000_0000)));
        break;
      }
      case 9:
        out.push(encodeHeader(FrameType.GoAway, 0, r() < 0.9 ? 0 : anyId(), r() < 0.8 ? 0 : oneOf(r, [1, 2, 3, 0xffffffff])));
        break;
      case 10: {
        // a header with an arbitrary version or type
        const h = encodeHeader(pick(r, 4), oneOf(r, FLAGS), anyId(), oneOf(r, LENGTHS));
        if (r() < 0.5) h[0] = 1 + pick(r, 255);
        else h[1] = 4 + pick(r, 252);
        out.push(h);
        break;
      }
      case 11: // random header
        out.push(Buffer.from(Array.from({ length: 12 }, () => pick(r, 256))));
        break;
      case 12: // random bytes
        out.push(Buffer.from(Array.from({ length: 1 + pick(r, 40) }, () => pick(r, 256))));
        break;
      default: {
        // many SYNs (backlog and session caps)
        const count = 1 + pick(r, r() < 0.8 ? 400 : 6000);
        for (let i = 0; i < count; i++) {
          out.push(encodeHeader(FrameType.WindowUpdate, Flag.SYN, nextPeer, 0));
          peer.push(nextPeer);
          nextPeer += 2;
        }
      }
    }
  }
  return out;
}

function mutate(b: Buffer, r: Rand): Buffer {
  const rounds = pick(r, 4);
  let out: Buffer = Buffer.from(b);
  for (let k = 0; k < rounds && out.length > 0; k++) {
    const at = pick(r, out.length);
    switch (pick(r, 5)) {
      case 0:
        out[at] = (out[at] ?? 0) ^ (1 << pick(r, 8));
        break;
      case 1:
        out[at] = pick(r, 256);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + pick(r, 16))]);
        break;
      case 3: {
        const s = pick(r, out.length);
        out = Buffer.concat([out.subarray(0, at), out.subarray(s, s + 1 + pick(r, 32)), out.subarray(at)]);
        break;
      }
      default:
        out = out.subarray(0, at);
    }
  }
  return out;
}

/** Builds one fuzz case from `r`. */
export function makeCase(r: Rand): FuzzCase {
  const role = r() < 0.5 ? 'client' : 'server';
  const localOpens = r() < 0.5 ? 0 : 1 + pick(r, 3);
  const frames = frameScript(r, role, localOpens);
  let bytes: Buffer = Buffer.concat(frames);
  if (r() < 0.15) bytes = mutate(bytes, r);
  const chunks: number[] = [];
  const mode = pick(r, 4);
  for (let left = bytes.length; left > 0; ) {
    const n = Math.min(left, mode === 0 && bytes.length < 32_768 ? 1 + pick(r, 13) : mode <= 1 ? 1 + pick(r, 4096) : left);
    chunks.push(n);
    left -= n;
  }
  return { role, bytes, chunks, reads: oneOf(r, ['read', 'read', 'slow', 'never'] as const), echo: r() < 0.5, localOpens, peerReads: r() < 0.85 };
}
