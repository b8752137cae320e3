/**
 * Deliberately broken behaviours for the kit's self-test (`go-netrpc conformance yamux-iut
 * --fault NAME`). Each fault breaks one rule of one or more cases, so a test can assert that the
 * right case fails — no case passes vacuously. Frame faults run in a shim between the socket and
 * our yamux session (go-netrpc/yamux stays correct; the shim rewrites, drops or injects frames);
 * application faults change the IUT's echo, its OPEN command or its config.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { Flag, FrameType, HEADER_SIZE, encodeHeader } from '../../yamux/index.js';

/** Every fault, with what it breaks. */
export const FAULTS = {
  'drop-fin': 'strip FIN from every frame we send',
  'double-fin': 'send a second WindowUpdate(FIN) after each FIN',
  'no-ack': 'strip ACK from every frame we send',
  'bad-version': 'send every frame after the first with version 1',
  'ignore-window': 'pretend every stream we accept has a 1 MiB larger send window',
  'no-window-update': 'never grant receive window (window updates carry delta 0)',
  'ignore-syn-window': 'ignore the window delta carried on a SYN',
  'no-backpressure': 'the echo ignores write() returning false (buffers without bound)',
  'drop-syn-payload': 'drop the payload of a Data frame that carries SYN',
  'rst-kills-session': 'close the connection on a received RST',
  'unknown-stream-stall': 'stop processing input after a frame for an unknown stream',
  'stall-on-protocol-error': 'instead of GoAway(1) and close, swallow all further input and stay open',
  'drop-high-ids': 'ignore frames for stream ids of 2^31 and above',
  'no-open': 'answer the OPEN command without opening streams',
  'open-after-goaway': 'ignore a received GoAway(normal)',
  'no-ping-reply': 'never answer Ping(SYN)',
  'unsolicited-ack-kills': 'close the connection on a Ping(ACK) we did not ask for',
  'no-keepalive': 'disable keepalive pings',
  'goaway-normal-kills': 'close the connection on GoAway(normal)',
  'stall-on-goaway': 'on GoAway(error) swallow all further input and stay open',
  'ignore-bad-frames': 'skip frames with a bad version or type instead of closing',
  'strict-flags': 'close the connection on unknown flag bits',
  'exit-on-truncated': 'exit the process when a connection ends inside a frame',
  'stream-limits': 'silently drop SYNs beyond 50 open streams or 500 streams in all',
  'drop-short-chunks': 'drop socket reads shorter than 12 bytes (yamux-js 0.2.0 parser)',
  'one-frame-per-read': 'handle only the first frame of each socket read',
  'max-frame-64k': 'drop Data frames longer than 64 KiB',
  'empty-data-kills': 'close the connection on an empty Data frame without flags',
  'no-open-timeout': 'StreamOpenTimeout disabled',
  'no-close-timeout': 'StreamCloseTimeout disabled',
} as const;
export type Fault = keyof typeof FAULTS;

export function isFault(s: string): s is Fault {
  return Object.hasOwn(FAULTS, s);
}

interface Hdr {
  version: number;
  type: number;
  flags: number;
  id: number;
  length: number;
}

function hdrOf(b: Buffer): Hdr {
  return { version: b[0] as number, type: b[1] as number, flags: b.readUInt16BE(2), id: b.readUInt32BE(4), length: b.readUInt32BE(8) };
}

function enc(h: Hdr, payload?: Buffer): Buffer {
  const b = encodeHeader(h.type, h.flags & 0xffff, h.id, h.length);
  b[0] = h.version;
  return payload === undefined || payload.length === 0 ? b : Buffer.concat([b, payload]);
}

/** Splits a byte stream into whole frames (header + Data payload). */
class Framer {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): { h: Hdr; payload: Buffer }[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: { h: Hdr; payload: Buffer }[] = [];
    while (this.buf.length >= HEADER_SIZE) {
      const h = hdrOf(this.buf);
      const n = h.type === FrameType.Data && h.version === 0 ? h.length : 0;
      if (this.buf.length < HEADER_SIZE + n) break;
      out.push({ h, payload: this.buf.subarray(HEADER_SIZE, HEADER_SIZE + n) });
      this.buf = this.buf.subarray(HEADER_SIZE + n);
    }
    return out;
  }
  get partial(): boolean {
    return this.buf.length > 0;
  }
}

/**
 * Wraps `socket` so that `fault` applies to the frames between it and the yamux session using
 * the returned Duplex. `kitParity` is the parity of the ids the kit opens: 1 when the IUT is the
 * server, 0 when it is the client.
 */
export function faultShim(socket: Socket, fault: Fault, kitParity: 0 | 1 = 1): Duplex {
  const inF = new Framer();
  const outF = new Framer();
  const streams = new Set<number>();
  /** Streams opened by the kit that we have not finished (no FIN/RST sent yet), and how many were opened. */
  const live = new Set<number>();
  let opened = 0;
  const pingsSent = new Set<number>();
  let stalled = false;
  let sentFrames = 0;
  const shim: Duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      const bufs: Buffer[] = [];
      for (const { h, payload } of outF.push(chunk)) bufs.push(...outbound(h, payload));
      if (bufs.length === 0) return cb();
      if (socket.write(Buffer.concat(bufs))) cb();
      else socket.once('drain', () => cb());
    },
    final(cb) {
      if (!stalled) socket.end();
      cb();
    },
    destroy(err, cb) {
      // A stalled fault leaves the connection open: the IUT neither closes nor works.
      if (!stalled) socket.destroy();
      cb(err);
    },
  });
  const kill = (): Buffer[] => {
    socket.destroy();
    return [];
  };
  const stall = (): Buffer[] => {
    stalled = true;
    return [];
  };
  function outbound(h: Hdr, payload: Buffer): Buffer[] {
    sentFrames++;
    if (h.type === FrameType.Ping && h.flags & Flag.SYN) pingsSent.add(h.length);
    if (h.type === FrameType.GoAway && h.length === 1 && fault === 'stall-on-protocol-error') {
      stalled = true;
      return [];
    }
    if (h.type === FrameType.Ping && h.flags & Flag.ACK && fault === 'no-ping-reply') return [];
    if (h.flags & (Flag.FIN | Flag.RST)) live.delete(h.id);
    if (fault === 'drop-fin') h.flags &= ~Flag.FIN;
    if (fault === 'no-ack') h.flags &= ~Flag.ACK;
    if (fault === 'bad-version' && sentFrames > 1) h.version = 1;
    if (fault === 'no-window-update' && h.type === FrameType.WindowUpdate) {
      if (h.flags === 0) return [];
      h.length = 0;
    }
    const out = [enc(h, payload)];
    if (fault === 'double-fin' && h.flags & Flag.FIN) out.push(encodeHeader(FrameType.WindowUpdate, Flag.FIN, h.id, 0));
    return out;
  }
  function inbound(h: Hdr, payload: Buffer): Buffer[] {
    if (stalled) return [];
    const bad = h.version !== 0 || h.type > FrameType.GoAway;
    if (bad) return fault === 'ignore-bad-frames' ? [] : [enc(h)];
    if ((h.flags & 0xfff0) !== 0 && fault === 'strict-flags') return kill();
    if (h.type === FrameType.GoAway) {
      if (h.length === 0 && fault === 'open-after-goaway') return [];
      if (h.length === 0 && fault === 'goaway-normal-kills') return kill();
      if (h.length !== 0 && fault === 'stall-on-goaway') return stall();
      return [enc(h)];
    }
    if (h.type === FrameType.Ping) {
      if (h.flags & Flag.ACK && !pingsSent.has(h.length) && fault === 'unsolicited-ack-kills') return kill();
      return [enc(h)];
    }
    if (h.id >= 0x8000_0000 && fault === 'drop-high-ids') return [];
    if (h.flags & Flag.RST && fault === 'rst-kills-session') return kill();
    if (h.type === FrameType.Data && h.length === 0 && h.flags === 0 && fault === 'empty-data-kills') return kill();
    if (h.type === FrameType.Data && h.length > 64 * 1024 && fault === 'max-frame-64k') return [];
    const out: Buffer[] = [];
    if (h.flags & Flag.SYN) {
      if (fault === 'stream-limits' && (live.size >= 50 || opened >= 500)) return [];
      streams.add(h.id);
      live.add(h.id);
      opened++;
      if (fault === 'ignore-syn-window' && h.type === FrameType.WindowUpdate) h.length = 0;
      if (fault === 'drop-syn-payload' && h.type === FrameType.Data) {
        h.length = 0;
        payload = Buffer.alloc(0);
      }
      if (fault === 'ignore-window') {
        out.push(enc(h, payload), encodeHeader(FrameType.WindowUpdate, 0, h.id, 1 << 20));
        return out;
      }
    } else if (!streams.has(h.id) && h.id % 2 === kitParity) {
      if (fault === 'unknown-stream-stall') return stall();
      if (fault === 'stream-limits') return [];
    }
    return [enc(h, payload)];
  }
  socket.on('data', (chunk: Buffer) => {
    if (fault === 'drop-short-chunks' && chunk.length < HEADER_SIZE) return;
    let frames = inF.push(chunk);
    if (fault === 'one-frame-per-read') frames = frames.slice(0, 1);
    const bufs: Buffer[] = [];
    for (const { h, payload } of frames) bufs.push(...inbound(h, payload));
    if (bufs.length > 0 && !shim.push(Buffer.concat(bufs))) socket.pause();
  });
  socket.on('end', () => {
    if (fault === 'exit-on-truncated' && inF.partial) process.exit(3);
    shim.push(null);
  });
  socket.on('error', (err) => shim.destroy(err));
  (shim as Duplex & { stalled?: () => boolean }).stalled = () => stalled;
  socket.on('close', () => shim.destroy());
  return shim;
}
