/**
 * The one serialized writer of a session, our counterpart of hashicorp/yamux `Session.sendLoop`
 * (with `waitForSendErr` and the `ConnectionWriteTimeout` valve).
 *
 * Every frame of a session goes through here, and a `process.nextTick` flushes what a tick
 * produced. Headers and small payloads (≤ {@link SMALL_PAYLOAD} bytes: window updates, pings, 64-byte RPC
 * messages) are packed into a shared batch buffer that is flushed at most once per tick (or when
 * it fills), so a tick's small frames cost one write (the first frame of a tick is written as soon
 * as it is complete, so a lone frame does not wait for the rest of the tick); larger payloads are never copied: the
 * transport is corked for the rest of the tick, the batch is flushed and the payload view is
 * written as is, so header and payload leave in one `writev`. Control frames are never held back;
 * Data writers ask {@link FrameWriter.needsDrain} and park on {@link FrameWriter.whenDrained},
 * so `write()` returning false is respected.
 *
 * Deviation from Go: Go fails a single write after ConnectionWriteTimeout; we close the session
 * when the transport refuses bytes (no 'drain') for that long, which is what the Go failure leads to.
 */
import type { Duplex } from 'node:stream';
import { unrefTimeout } from '../internal/deferred.js';
import { HEADER_SIZE } from './constants.js';
import { encodeHeaderInto } from './frame.js';

/** Payloads up to this size are copied into the per-tick batch; larger ones are written as views. */
export const SMALL_PAYLOAD = 2048;
const BATCH_BYTES = 64 * 1024;

/** Callback of {@link FrameWriter.whenDrained}: `err` is set when the writer closed instead. */
export type DrainCallback = (err?: Error) => void;

export class FrameWriter {
  private corked = false;
  private scheduled = false;
  private closed = false;
  private waiters: DrainCallback[] = [];
  private watchdog: NodeJS.Timeout | undefined;
  /** Batch buffer: bytes [batchStart, batchEnd) are queued; bytes before batchStart were handed to the transport. */
  private batch: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private batchStart = 0;
  private batchEnd = 0;
  /** Payload bytes of the current frame still to be copied into the batch. */
  private inlineLeft = 0;
  /** The frame being written is the first of its tick: it leaves at once when complete. */
  private lone = false;

  constructor(
    private readonly conn: Duplex,
    private readonly writeTimeoutMs: number,
    private readonly onWriteTimeout: () => void,
  ) {
    conn.on('drain', this.onDrain);
  }

  /** End of tick: hand the batch to the transport (one write), and release the cork if taken. */
  private readonly flushTick = (): void => {
    this.scheduled = false;
    this.lone = false;
    this.flushBatch();
    if (this.corked) {
      this.corked = false;
      this.conn.uncork();
    }
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
    const at = this.reserve(HEADER_SIZE);
    encodeHeaderInto(this.batch, at, type, flags, streamId, length);
    if (this.lone) this.flushLone();
  }

  /**
   * Writes a frame header and starts a frame whose `length` payload bytes the caller then passes
   * to {@link FrameWriter.payload}, synchronously. Returns false if the writer is closed.
   */
  header(type: number, flags: number, streamId: number, length: number): boolean {
    if (!this.begin()) return false;
    const small = length <= SMALL_PAYLOAD;
    const at = this.reserve(small ? HEADER_SIZE + length : HEADER_SIZE);
    encodeHeaderInto(this.batch, at, type, flags, streamId, length);
    if (small) {
      // Reserved room for the payload: payload() copies into it.
      this.batchEnd = at + HEADER_SIZE;
      this.inlineLeft = length;
      if (length === 0 && this.lone) this.flushLone();
    } else {
      this.lone = false;
      // Header (in the batch) and payload view leave in one writev: cork until the end of the tick.
      if (!this.corked) {
        this.corked = true;
        this.conn.cork();
      }
      this.flushBatch();
    }
    return true;
  }

  /** Writes payload bytes of the frame started by {@link FrameWriter.header}. */
  payload(bytes: Buffer): void {
    if (this.inlineLeft > 0) {
      bytes.copy(this.batch, this.batchEnd);
      this.batchEnd += bytes.length;
      this.inlineLeft -= bytes.length;
      if (this.inlineLeft === 0 && this.lone) this.flushLone();
      return;
    }
    this.put(bytes);
  }

  /** Stops writing; pending drain waiters are called with `err`. */
  close(err: Error): void {
    if (this.closed) return;
    this.flushBatch();
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
    if (!this.scheduled) {
      this.scheduled = true;
      this.lone = !this.corked;
      process.nextTick(this.flushTick);
    } else {
      this.lone = false;
    }
    return true;
  }

  /** The first frame of a tick is complete: hand it to the transport now (no wait for the tick's end). */
  private flushLone(): void {
    this.lone = false;
    this.flushBatch();
  }

  /** Returns the batch offset of `n` contiguous reserved bytes (flushing or replacing the batch if needed). */
  private reserve(n: number): number {
    if (this.batchEnd + n > this.batch.length) {
      this.flushBatch();
      // Bytes already handed to the transport must stay untouched until written: start a new batch.
      this.batch = Buffer.allocUnsafe(Math.max(BATCH_BYTES, n));
      this.batchStart = 0;
      this.batchEnd = 0;
    }
    const at = this.batchEnd;
    this.batchEnd += n;
    return at;
  }

  private flushBatch(): void {
    if (this.batchEnd === this.batchStart) return;
    const chunk = this.batch.subarray(this.batchStart, this.batchEnd);
    this.batchStart = this.batchEnd;
    if (!this.conn.destroyed && !this.conn.writableEnded) this.put(chunk);
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
