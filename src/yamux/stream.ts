/**
 * YamuxStream: the public face of one multiplexed stream, a Node `Duplex` (hashicorp/yamux
 * v0.1.2 stream.go `Stream`). The protocol state and the send/receive rules live in the
 * session-internal StreamCore (stream-core.ts); this class only adapts Node's stream hooks to it,
 * so nothing internal is reachable from (or typed in) the public surface.
 *
 * - `end()` sends exactly one FIN (half-close; reads continue); `destroy()` sends RST unless the
 *   stream is already fully closed or reset; a received RST destroys the stream with
 *   YamuxError STREAM_RESET.
 * - Reading replenishes the receive window (Go's half-window rule, see StreamCore).
 */
import { Duplex } from 'node:stream';
import type { WriteCallback } from './write-queue.js';

/** Stream states (yamux `streamInit` … `streamReset`). */
export const StreamState = {
  Init: 0,
  SYNSent: 1,
  SYNReceived: 2,
  Established: 3,
  LocalClose: 4,
  RemoteClose: 5,
  Closed: 6,
  Reset: 7,
} as const;
export type StreamState = (typeof StreamState)[keyof typeof StreamState];

/** What the facade asks of its session-internal core (StreamCore in stream-core.ts implements it). */
export interface StreamCoreOps {
  readonly state: StreamState;
  readonly sendWindow: number;
  readonly recvWindow: number;
  beforeRead(): void;
  consumed(size?: number, got?: boolean): void;
  write(bufs: Buffer[], total: number, cb: WriteCallback): void;
  final(cb: (err?: Error | null) => void): void;
  destroyed(err: Error | null): void;
}

let construct: (core: StreamCoreOps, id: number, readableHighWaterMark: number) => YamuxStream;

/** A yamux stream: a Node `Duplex` with the stream id in {@link YamuxStream.id}. Streams come from a session's `open()` / `accept()`. */
export class YamuxStream extends Duplex {
  /** Stream id: odd for streams opened by the client, even for the server. */
  readonly id: number;
  readonly #core: StreamCoreOps;

  static {
    construct = (core, id, hwm) => new YamuxStream(core, id, hwm);
  }

  private constructor(core: StreamCoreOps, id: number, readableHighWaterMark: number) {
    super({ allowHalfOpen: true, readableHighWaterMark });
    this.#core = core;
    this.id = id;
  }

  /** Current protocol state (for diagnostics and tests). */
  get streamState(): StreamState {
    return this.#core.state;
  }

  /** Bytes we may still send before the peer grants more (for diagnostics and tests). */
  get sendWindowBytes(): number {
    return this.#core.sendWindow;
  }

  /** Bytes the peer may still send before we grant more (for diagnostics and tests). */
  get recvWindowBytes(): number {
    return this.#core.recvWindow;
  }

  /**
   * Reads like any Readable; afterwards the receive window is replenished when at least half of
   * it has been consumed (Go `Stream.Read` → `sendWindowUpdate`).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override read(size?: number): any {
    this.#core.beforeRead();
    const chunk: unknown = super.read(size);
    this.#core.consumed(size, chunk !== null);
    return chunk;
  }

  override _read(): void {
    this.#core.consumed();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.#core.write([chunk], chunk.length, cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (err?: Error | null) => void): void {
    const bufs: Buffer[] = new Array<Buffer>(chunks.length);
    let total = 0;
    for (let i = 0; i < chunks.length; i++) {
      const c = (chunks[i] as { chunk: Buffer }).chunk;
      bufs[i] = c;
      total += c.length;
    }
    this.#core.write(bufs, total, cb);
  }

  /** Go `Stream.Close`: exactly one FIN, after all queued data. */
  override _final(cb: (err?: Error | null) => void): void {
    this.#core.final(cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.#core.destroyed(err);
    cb(err);
  }
}

/** Creates the public stream of `core` (session-internal; the constructor is private). */
export function newYamuxStream(core: StreamCoreOps, id: number, readableHighWaterMark: number): YamuxStream {
  return construct(core, id, readableHighWaterMark);
}
