/**
 * Pull-style reading of a Node Readable for codecs: hand out whatever bytes are buffered, or
 * wait for the next 'readable'. Stands in for the blocking `io.Reader` under Go's
 * `gob.NewDecoder(conn)` in `gobClientCodec` / `gobServerCodec`.
 *
 * Bytes are only taken from the stream when the codec needs them, so a consumer that stops
 * reading (a server at its concurrency limit) leaves data in the socket and TCP pushes back
 * on the peer. No timers, no polling.
 */
import type { Readable } from 'node:stream';
import { asUint8Array } from '../internal/bytes.js';

/** Reads chunks from a Readable on demand. */
export class StreamSource {
  private ended = false;
  private failure: Error | undefined;
  private waiter: (() => void) | undefined;
  private readonly wake = (): void => {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  };

  constructor(private readonly stream: Readable) {
    stream.on('readable', this.wake);
    stream.once('end', () => {
      this.ended = true;
      this.wake();
    });
    stream.once('close', () => {
      this.ended = true;
      this.wake();
    });
    stream.on('error', (err: Error) => {
      this.failure ??= err;
      this.wake();
    });
    if (stream.readableEnded || stream.destroyed) this.ended = true;
  }

  /** The transport error, if the stream failed. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** True once the stream can deliver no more bytes (ended, closed or failed). */
  get done(): boolean {
    return this.ended || this.failure !== undefined;
  }

  /** Buffered bytes if any (all of them, as one chunk), else `null`. */
  read(): Uint8Array | null {
    if (this.failure !== undefined) return null;
    const chunk = this.stream.read() as Buffer | string | null;
    if (chunk === null) return null;
    return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : asUint8Array(chunk);
  }

  /** Resolves when more bytes may be available, or the stream ended or failed. */
  wait(): Promise<void> {
    if (this.done) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const prev = this.waiter;
      this.waiter = prev === undefined ? resolve : () => (prev(), resolve());
    });
  }
}
