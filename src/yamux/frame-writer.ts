/**
 * The one serialized writer of a session, our counterpart of hashicorp/yamux `Session.sendLoop`
 * (with `waitForSendErr` and the `ConnectionWriteTimeout` valve).
 *
 * Every frame of a session goes through here. The first write of a tick corks the transport and
 * a `process.nextTick` uncorks it, so all frames produced in one tick leave in a single `writev`
 * (header and payload stay separate buffers: nothing is concatenated). Control frames are never
 * held back; Data writers ask {@link FrameWriter.needsDrain} and park on
 * {@link FrameWriter.whenDrained}, so `write()` returning false is respected.
 *
 * Deviation from Go: Go fails a single write after ConnectionWriteTimeout; we close the session
 * when the transport refuses bytes (no 'drain') for that long, which is what the Go failure leads to.
 */
import type { Duplex } from 'node:stream';
import { unrefTimeout } from '../internal/deferred.js';
import { encodeHeader } from './frame.js';

/** Callback of {@link FrameWriter.whenDrained}: `err` is set when the writer closed instead. */
export type DrainCallback = (err?: Error) => void;

export class FrameWriter {
  private corked = false;
  private closed = false;
  private waiters: DrainCallback[] = [];
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly conn: Duplex,
    private readonly writeTimeoutMs: number,
    private readonly onWriteTimeout: () => void,
  ) {
    conn.on('drain', this.onDrain);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.conn.uncork();
  };

  private readonly onDrain = (): void => {
    if (this.watchdog !== undefined) {
      clearTimeout(this.watchdog);
      this.watchdog = undefined;
    }
    const w = this.waiters;
    if (w.length === 0) return;
    this.waiters = [];
    for (const cb of w) cb();
  };

  /** False once the writer or the transport is closed (frames are then dropped). */
  get writable(): boolean {
    return !this.closed && !this.conn.destroyed && !this.conn.writableEnded;
  }

  /** True when the transport's buffer is full (`write()` returned false and no 'drain' yet). */
  get needsDrain(): boolean {
    return this.conn.writableNeedDrain;
  }

  /** Calls `cb` on the next 'drain' (or with an error if the writer closes first). */
  whenDrained(cb: DrainCallback): void {
    if (this.closed) cb(new Error('writer closed'));
    else this.waiters.push(cb);
  }

  /** Writes a header-only frame (WindowUpdate, Ping, GoAway, or an empty Data frame). */
  control(type: number, flags: number, streamId: number, length: number): void {
    if (!this.begin()) return;
    this.put(encodeHeader(type, flags, streamId, length));
  }

  /**
   * Writes a frame header and starts a frame whose `length` payload bytes the caller then passes
   * to {@link FrameWriter.payload} in the same tick. Returns false if the writer is closed.
   */
  header(type: number, flags: number, streamId: number, length: number): boolean {
    if (!this.begin()) return false;
    this.put(encodeHeader(type, flags, streamId, length));
    return true;
  }

  /** Writes payload bytes of the frame started by {@link FrameWriter.header}. */
  payload(bytes: Buffer): void {
    this.put(bytes);
  }

  /** Stops writing; pending drain waiters are called with `err`. */
  close(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.conn.off('drain', this.onDrain);
    const w = this.waiters;
    this.waiters = [];
    for (const cb of w) cb(err);
  }

  private begin(): boolean {
    if (this.closed || this.conn.destroyed || this.conn.writableEnded) return false;
    if (!this.corked) {
      this.corked = true;
      this.conn.cork();
      process.nextTick(this.uncork);
    }
    return true;
  }

  private put(b: Buffer): void {
    if (!this.conn.write(b) && this.watchdog === undefined) {
      this.watchdog = unrefTimeout(() => {
        this.watchdog = undefined;
        if (!this.closed && this.conn.writableNeedDrain) this.onWriteTimeout();
      }, this.writeTimeoutMs);
    }
  }
}
