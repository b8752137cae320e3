/**
 * Test helper: two yamux sessions joined through a "middlebox" that re-chunks the byte stream in
 * each direction (arbitrary splits and coalescing, driven by a list of chunk sizes) and parses
 * every frame it forwards, so properties can be checked on the wire.
 */
import type { Duplex } from 'node:stream';
import { duplexPair } from 'go-netrpc/testing';
import { createClient, createServer, type YamuxConfig, type YamuxSession } from 'go-netrpc/yamux';
import { FrameReader } from '../../src/yamux/frame-reader.js';

export interface WireFrame {
  readonly dir: 'c2s' | 's2c';
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
}

export interface Joined {
  client: YamuxSession;
  server: YamuxSession;
  /** Frames seen on the wire, in forwarding order. */
  frames: WireFrame[];
  /** Called for every forwarded frame header (in order). */
  onFrame?: (f: WireFrame) => void;
}

function forward(from: Duplex, to: Duplex, sizes: readonly number[], dir: 'c2s' | 's2c', joined: Joined): void {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let k = 0;
  let scheduled = false;
  const reader = new FrameReader({
    onHeader(_v, type, flags, streamId, length) {
      const f = { dir, type, flags, streamId, length };
      joined.frames.push(f);
      joined.onFrame?.(f);
      return type === 0 ? length : 0;
    },
    onPayload() {},
  });
  const flush = (): void => {
    scheduled = false;
    let all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    pending = [];
    pendingLen = 0;
    while (all.length > 0) {
      const n = Math.max(1, sizes.length === 0 ? all.length : (sizes[k++ % sizes.length] as number));
      const piece = all.subarray(0, n);
      all = all.subarray(n);
      reader.push(piece);
      if (!to.destroyed) to.write(piece);
    }
  };
  from.on('data', (c: Buffer) => {
    pending.push(c);
    pendingLen += c.length;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
  from.on('end', () => {
    if (pendingLen > 0) flush();
    to.end();
  });
}

/** Joins a client and a server session through a re-chunking, frame-recording middlebox. */
export function joinSessions(sizesC2S: readonly number[], sizesS2C: readonly number[], config?: YamuxConfig): Joined {
  const [c, cWire] = duplexPair();
  const [s, sWire] = duplexPair();
  const cfg = { enableKeepAlive: false, ...config };
  const joined: Joined = { client: createClient(c, cfg), server: createServer(s, cfg), frames: [] };
  forward(cWire, sWire, sizesC2S, 'c2s', joined);
  forward(sWire, cWire, sizesS2C, 's2c', joined);
  return joined;
}
