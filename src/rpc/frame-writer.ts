/**
 * Writes whole encoded messages to a Node Writable, honouring backpressure. Plays the part of
 * the `bufio.Writer` + `Flush` in Go's `gobClientCodec.WriteRequest` /
 * `gobServerCodec.WriteResponse`: all writes issued in one tick are corked together and
 * flushed as one writev on the next tick, so 64 pipelined calls cost one syscall, not 64.
 *
 * A message's parts are written back to back synchronously, so no other message can
 * interleave with them (the atomicity Go gets from its request/sending mutex).
 */
import type { Writable } from 'node:stream';
import { RpcError } from './errors.js';

/** Serialised, corked, backpressure-aware message writer over one Writable. */
export class FrameWriter {
  private corked = false;
  private drain: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly uncork = (): void => {
    this.corked = false;
    this.stream.uncork();
  };

  constructor(private readonly stream: Writable) {
    stream.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /**
   * Writes `parts` back to back. Returns `undefined` if the stream can take more now, or a
   * promise resolved on 'drain' (rejected if the stream fails first). Throws an RpcError
   * `CONNECTION_ERROR` without writing anything when the stream is already unusable.
   */
  write(parts: readonly Uint8Array[]): Promise<void> | undefined {
    const s = this.stream;
    if (this.failure !== undefined || s.destroyed || s.writableEnded) {
      throw new RpcError('CONNECTION_ERROR', `write on a closed connection${this.failure ? `: ${this.failure.message}` : ''}`, {
        ...(this.failure === undefined ? {} : { cause: this.failure }),
      });
    }
    if (!this.corked) {
      this.corked = true;
      s.cork();
      process.nextTick(this.uncork);
    }
    let ok = true;
    for (const p of parts) if (p.length > 0) ok = s.write(p);
    if (ok && !s.writableNeedDrain) return undefined;
    return (this.drain ??= this.waitDrain());
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
