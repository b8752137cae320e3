/**
 * Pull-style reading of a Node Readable for codecs: hand out whatever bytes have arrived, or
 * wait for more. Stands in for the blocking `io.Reader` under Go's `gob.NewDecoder(conn)` in
 * `gobClientCodec` / `gobServerCodec`.
 *
 * The stream runs in flowing mode (chunks arrive through 'data' synchronously with the socket
 * read, the cheapest path in Node), but is paused whenever more than `highWaterBytes` sit here
 * unread, so a consumer that stops reading (a server at its concurrency limit) leaves data in
 * the socket and TCP pushes back on the peer. No timers, no polling.
 */
import type { Readable } from 'node:stream';
import { asUint8Array } from '../internal/bytes.js';

/** Default for {@link StreamSource}'s pause threshold. */
export const DEFAULT_SOURCE_HIGH_WATER_BYTES = 256 * 1024;

/** Reads chunks from a Readable on demand. */
export class StreamSource {
  private chunks: Uint8Array[] = [];
  private queued = 0;
  private ended = false;
  private paused = false;
  private failure: Error | undefined;

  /**
   * @param onActivity called synchronously whenever a chunk arrives or the stream ends or
   * fails: the consumer retries a pending read from there, without a promise hop.
   */
  constructor(
    private readonly stream: Readable,
    onActivity: () => void,
    private readonly highWaterBytes = DEFAULT_SOURCE_HIGH_WATER_BYTES,
  ) {
    stream.on('data', (chunk: Buffer | string) => {
      const c = typeof chunk === 'string' ? Buffer.from(chunk) : asUint8Array(chunk);
      this.chunks.push(c);
      this.queued += c.length;
      if (this.queued > this.highWaterBytes && !this.paused) {
        this.paused = true;
        stream.pause();
      }
      onActivity();
    });
    const onEnd = (): void => {
      this.ended = true;
      onActivity();
    };
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.on('error', (err: Error) => {
      this.failure ??= err;
      onActivity();
    });
    if (stream.readableEnded || stream.destroyed) this.ended = true;
  }

  /** The transport error, if the stream failed. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** True once the stream can deliver no more bytes (ended, closed or failed) and all were read. */
  get done(): boolean {
    return this.chunks.length === 0 && (this.ended || this.failure !== undefined);
  }

  /** True if a received chunk is waiting to be read. */
  get hasData(): boolean {
    return this.chunks.length > 0;
  }

  /** The next received chunk, or `null` if none is waiting. */
  read(): Uint8Array | null {
    const c = this.chunks.length === 1 ? (this.chunks.pop() as Uint8Array) : this.chunks.shift();
    if (c === undefined) return null;
    this.queued -= c.length;
    if (this.paused && this.queued <= this.highWaterBytes / 2) {
      this.paused = false;
      this.stream.resume();
    }
    return c;
  }
}
