/**
 * Incremental msgpack decoding of a byte stream (what ugorji's `codec.NewDecoder(conn)` does
 * with blocking reads): chunks are pushed as they arrive; `decode` returns a value once all of
 * its bytes are here, or {@link NEED_MORE}. Completeness is found by the resumable scanner, so
 * every byte is scanned once however the stream is chunked.
 */
import { DEFAULT_MAX_DEPTH } from './encoder.js';
import { MsgpackError } from './errors.js';
import { compileDecoder } from './compile-decode.js';
import type { DecoderOptions } from './decoder.js';
import { Reader } from './reader.js';
import { scan, type ScanState } from './scan.js';
import type { MsgpackType } from './schema.js';

/** Returned by {@link MsgpackStreamDecoder.decode} when the value has not fully arrived. */
export const NEED_MORE: unique symbol = Symbol('msgpack.needMore');

/** Default cap on one value's size: 64 MiB. Deviation from Go: ugorji has no limit. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Options of {@link MsgpackStreamDecoder}. */
export interface StreamDecoderOptions extends DecoderOptions {
  /** Largest single value accepted, in bytes (default 64 MiB). */
  readonly maxMessageBytes?: number;
}

/** Decodes consecutive values from pushed chunks. */
export class MsgpackStreamDecoder {
  #buf = new Uint8Array(0);
  #start = 0;
  #end = 0;
  /** Bytes consumed before `#buf[#start]` (for error offsets). */
  #consumed = 0;
  readonly #scan: ScanState = { pos: 0, remaining: 1 };
  readonly #maxDepth: number;
  readonly #maxBytes: number;

  constructor(options: StreamDecoderOptions = {}) {
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Bytes received but not yet decoded. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Appends received bytes. */
  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) throw new MsgpackError('INVALID_ARGUMENT', 'push needs a Uint8Array');
    if (chunk.length === 0) return;
    if (this.#end + chunk.length > this.#buf.length) {
      const live = this.#end - this.#start;
      if (live + chunk.length <= this.#buf.length) this.#buf.copyWithin(0, this.#start, this.#end);
      else {
        let size = Math.max(4096, this.#buf.length * 2);
        while (size < live + chunk.length) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = next;
      }
      this.#scan.pos -= this.#start;
      this.#start = 0;
      this.#end = live;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** Finds the end of the next value; false if it has not fully arrived. */
  #complete(): boolean {
    const st = this.#scan;
    if (st.pos < this.#start) st.pos = this.#start;
    const done = scan(this.#buf, this.#end, st, this.#consumed - this.#start);
    if (st.pos - this.#start > this.#maxBytes || (!done && this.#end - this.#start > this.#maxBytes)) {
      throw new MsgpackError('TOO_BIG', `value larger than maxMessageBytes (${this.#maxBytes})`, { offset: this.#consumed });
    }
    return done;
  }

  #advance(to: number): void {
    this.#consumed += to - this.#start;
    this.#start = to;
    this.#scan.pos = to;
    this.#scan.remaining = 1;
    if (this.#start === this.#end) this.#start = this.#end = this.#scan.pos = 0;
  }

  /** The next value as Go type `type`, or NEED_MORE. Throws MsgpackError on bad input. */
  decode(type: MsgpackType): unknown {
    if (!this.#complete()) return NEED_MORE;
    const end = this.#scan.pos;
    const r = new Reader(this.#buf, this.#start, end, this.#maxDepth, this.#consumed - this.#start);
    let v: unknown;
    try {
      v = compileDecoder(type)(r);
    } finally {
      // The value's bytes are consumed even when it fails to decode (the stream stays in sync).
      this.#advance(end);
    }
    return v;
  }

  /** Skips the next value; false if it has not fully arrived. */
  skip(): boolean {
    if (!this.#complete()) return false;
    this.#advance(this.#scan.pos);
    return true;
  }

  /** At the end of input: throws UNEXPECTED_EOF if a value is partly received. */
  end(): void {
    if (this.#end > this.#start) throw new MsgpackError('UNEXPECTED_EOF', 'unexpected EOF', { offset: this.#consumed + this.#end - this.#start });
  }
}
