/**
 * Writes whole encoded messages to a Node Writable, honouring backpressure. Plays the part of
 * the `bufio.Writer` + `Flush` in Go's `gobClientCodec.WriteRequest` /
 * `gobServerCodec.WriteResponse`, but flushes once per event-loop tick instead of once per
 * message: every message written during one tick is copied into one batch buffer and handed
 * to the stream with a single `write()` on the next tick, so 64 pipelined calls cost one
 * syscall (and one Node write request), not 64. A message the caller marks urgent (nothing
 * else expected soon: a lone sequential call, the last reply a server owes with no further
 * request buffered) is written at once, with whatever the batch holds before it.
 * Large parts are not copied: the batch so far is written, then the part, preserving order.
 * Deviation from Go: one flush per tick instead of per message (same bytes, fewer syscalls).
 *
 * A message's parts are appended back to back synchronously, so no other message can
 * interleave with them (the atomicity Go gets from its request/sending mutex).
 */
import { Buffer } from 'node:buffer';
import type { Writable } from 'node:stream';
import { RpcError } from './errors.js';

/** Messages at least this large bypass the batch buffer (no copy). */
const DIRECT_BYTES = 16 * 1024;
/** Size of a fresh batch buffer. */
const BATCH_BYTES = 64 * 1024;

/** Serialised, batching, backpressure-aware message writer over one Writable. */
export class MessageWriter {
  private batch: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  /** Start of the unflushed part of `batch`. */
  private start = 0;
  private end = 0;
  private scheduled = false;
  private drain: Promise<void> | undefined;
  private failure: Error | undefined;
  /**
   * The stream may need draining: a write of ours returned false (the stream only sets
   * `writableNeedDrain` then). Starts true so the first write asks the stream itself.
   */
  private full = true;
  private readonly onTick = (): void => {
    this.scheduled = false;
    if (this.usable()) this.flushBatch();
  };

  constructor(private readonly stream: Writable) {
    stream.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /**
   * Queues `parts` back to back for the next flush; parts below 16 KiB are copied, so the
   * caller may reuse their memory at once, larger ones are handed to the stream as they are.
   * `urgent` (the caller expects no further message soon: a lone call in flight, the last
   * reply owed) writes the batch, this message included, at once. Returns `undefined` if the stream can take more now, or a promise resolved on
   * 'drain' (rejected if the stream fails first). Throws an RpcError `CONNECTION_ERROR`
   * without writing anything when the stream is already unusable.
   */
  write(parts: readonly Uint8Array[], urgent = false): Promise<void> | undefined {
    const s = this.stream;
    if (!this.usable()) {
      throw new RpcError('CONNECTION_ERROR', `write on a closed connection${this.failure ? `: ${this.failure.message}` : ''}`, {
        ...(this.failure === undefined ? {} : { cause: this.failure }),
      });
    }
    // Whether the stream is known usable (checked above, nothing written to it since).
    let checked = true;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as Uint8Array;
      if (p.length >= DIRECT_BYTES) {
        // Large: no copy. What is batched so far goes first, preserving order.
        if (checked || this.usable()) {
          this.flushBatch();
          if (!s.write(p)) this.full = true;
        }
        checked = false;
        continue;
      }
      if (this.end + p.length > this.batch.length) {
        if (checked || this.usable()) this.flushBatch();
        checked = false;
        if (this.end + p.length > this.batch.length) this.renew();
      }
      this.batch.set(p, this.end);
      this.end += p.length;
    }
    // Nothing else is expected soon: no reason to wait.
    if (urgent) {
      if (checked || this.usable()) this.flushBatch();
    }
    else if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.onTick);
    }
    if (!this.full) return undefined;
    if (!s.writableNeedDrain) {
      this.full = false;
      return undefined;
    }
    return (this.drain ??= this.waitDrain());
  }

  /** Hands everything batched so far to the stream now (before ending it). */
  flush(): void {
    if (this.usable()) this.flushBatch();
  }

  private usable(): boolean {
    const s = this.stream;
    return this.failure === undefined && !s.destroyed && !s.writableEnded;
  }

  /**
   * Hands the batched bytes to the stream (a view: the stream owns them from here on). The
   * caller has checked that the stream is usable.
   */
  private flushBatch(): void {
    const start = this.start;
    const end = this.end;
    if (end === start) return;
    // Buffer.from on the ArrayBuffer: a view without subarray's species lookup.
    const chunk = Buffer.from(this.batch.buffer, this.batch.byteOffset + start, end - start);
    this.start = end;
    // The view now belongs to the stream; later messages go after it in the same buffer, and a
    // nearly full buffer is replaced, never reused, so bytes the stream holds are never overwritten.
    if (this.batch.length - end < 512) this.renew();
    if (!this.stream.write(chunk)) this.full = true;
  }

  private renew(): void {
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.start = 0;
    this.end = 0;
  }

  private waitDrain(): Promise<void> {
    const s = this.stream;
    const p = new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        s.off('drain', onDrain);
        s.off('close', onClose);
        s.off('error', onError);
        this.drain = undefined;
        if (err) reject(new RpcError('CONNECTION_ERROR', `connection failed while writing: ${err.message}`, { cause: err }));
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(this.failure ?? new Error('connection closed'));
      const onError = (err: Error): void => done(err);
      s.on('drain', onDrain);
      s.on('close', onClose);
      s.on('error', onError);
    });
    // A waiter may not exist (e.g. a server reply nobody awaits); never leave it unhandled.
    p.catch(() => undefined);
    return p;
  }
}
