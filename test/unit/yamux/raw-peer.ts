/**
 * A hand-driven yamux peer for unit tests: one end of a duplexPair whose incoming frames are
 * parsed and recorded, and which writes raw frames (or raw bytes) at the session under test.
 */
import { duplexPair, type DuplexSide } from 'go-netrpc/testing';
import { createClient, createServer, encodeHeader, type YamuxConfig, type YamuxSession } from 'go-netrpc/yamux';
import { FrameReader } from '../../../src/yamux/frame-reader.js';

export interface RawFrame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
  payload: Buffer;
}

export interface RawPeer {
  readonly session: YamuxSession;
  readonly wire: DuplexSide;
  readonly frames: RawFrame[];
  /** Sends a frame (Data frames carry `payload`, whose length is the header length unless `length` is given). */
  send(type: number, flags: number, streamId: number, lengthOrPayload: number | Buffer | string): void;
  /** Resolves with the first recorded frame (from index `from`) matching `pred`. */
  waitFrame(pred: (f: RawFrame) => boolean, timeoutMs?: number): Promise<RawFrame>;
  /** Resolves when the session's side of the wire has ended or closed. */
  wireEnded: Promise<void>;
}

/** A session under test (role `role`) wired to a raw peer. */
export function rawPeer(role: 'client' | 'server', config?: YamuxConfig): RawPeer {
  const [a, b] = duplexPair();
  const session = role === 'client' ? createClient(a, { enableKeepAlive: false, ...config }) : createServer(a, { enableKeepAlive: false, ...config });
  const frames: RawFrame[] = [];
  const waiters: { pred: (f: RawFrame) => boolean; resolve: (f: RawFrame) => void }[] = [];
  let current: RawFrame | undefined;
  const reader = new FrameReader({
    onHeader(_v, type, flags, streamId, length) {
      const f: RawFrame = { type, flags, streamId, length, payload: Buffer.alloc(0) };
      frames.push(f);
      if (type === 0 && length > 0) {
        current = f;
        return length;
      }
      for (const w of [...waiters]) if (w.pred(f)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(f); }
      return 0;
    },
    onPayload(piece, last) {
      if (current === undefined) return;
      current.payload = Buffer.concat([current.payload, piece]);
      if (last) {
        const f = current;
        current = undefined;
        for (const w of [...waiters]) if (w.pred(f)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(f); }
      }
    },
  });
  b.on('data', (c: Buffer) => reader.push(c));
  b.on('error', () => undefined);
  const wireEnded = new Promise<void>((resolve) => {
    b.once('end', resolve);
    b.once('close', resolve);
  });
  return {
    session,
    wire: b,
    frames,
    wireEnded,
    send(type, flags, streamId, x) {
      if (typeof x === 'number') {
        b.write(encodeHeader(type, flags, streamId, x));
        return;
      }
      const p = typeof x === 'string' ? Buffer.from(x) : x;
      b.write(Buffer.concat([encodeHeader(type, flags, streamId, p.length), p]));
    },
    waitFrame(pred, timeoutMs = 2000) {
      const seen = frames.find((f) => pred(f) && (f.type !== 0 || f.length === f.payload.length));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching frame; got ${JSON.stringify(frames.map((f) => [f.type, f.flags, f.streamId, f.length]))}`)), timeoutMs);
        waiters.push({ pred, resolve: (f) => { clearTimeout(t); resolve(f); } });
      });
    },
  };
}

export const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));
