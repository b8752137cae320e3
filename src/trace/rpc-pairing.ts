/**
 * The codec-independent half of an rpc tap. Go net/rpc sends a header value, then a body value,
 * over and over (net/rpc client.go `send`/`input`, server.go `readRequest`/`sendResponse`),
 * whatever the codec. This pairs the values a tap decodes into {@link RpcMessage}s, counts each
 * message's wire bytes, and decides what a value that should have been a header means: as the
 * first value, that the stream is not net/rpc at all; later, a decode error in place. Used by
 * the gob tap (rpc-tap.ts) and the msgpack tap (msgpack-rpc-tap.ts), which keep their codec's
 * own error rules.
 */
import type { GoNetrpcError } from '../internal/errors.js';

/** What a tap reads from a header value. */
export interface RpcHeader {
  readonly method: string;
  readonly seq: number | bigint;
  /** Response only: the error string ("" = success). */
  readonly error: string;
}

/** A decoded header+body pair. */
export interface RpcMessage extends RpcHeader {
  /** The body, decoded schemaless (undefined when it could not be decoded). */
  readonly body: { readonly value: unknown } | undefined;
  /** Wire bytes of header and body. */
  readonly bytes: number;
}

/** Receives what an rpc tap (gob: rpc-tap.ts, msgpack: msgpack-rpc-tap.ts) decodes. */
export interface RpcSink {
  message(m: RpcMessage): void;
  /** The first value was not a net/rpc header: the stream carries something else. */
  notRpc(reason: string): void;
  /** A decode failure; `fatal` when decoding of this direction stopped. */
  decodeError(err: GoNetrpcError, fatal: boolean): void;
}

/** Header/body pairing of one direction of one rpc stream. */
export class RpcPairing {
  private pending: RpcHeader | undefined;
  private mark = 0;
  private seenHeader = false;

  /** `consumed()` is how many of the stream's bytes the tap's decoder has consumed so far. */
  constructor(
    private readonly sink: RpcSink,
    private readonly isResponse: boolean,
    private readonly consumed: () => number,
  ) {}

  /** Whether a header has been seen: the stream is net/rpc. */
  get started(): boolean {
    return this.seenHeader;
  }

  /** Whether the next value is a header (none is waiting for its body). */
  get wantsHeader(): boolean {
    return this.pending === undefined;
  }

  /**
   * The value that is due as a header, as the tap read it (undefined: it is not a header).
   * Returns false when it was the stream's first value: the stream is not net/rpc (reported)
   * and the tap stops; a later non-header is reported as an error made by `mismatch`.
   */
  header(h: RpcHeader | undefined, mismatch: (message: string) => GoNetrpcError): boolean {
    const kind = this.isResponse ? 'Response' : 'Request';
    if (h === undefined) {
      if (!this.seenHeader) {
        this.sink.notRpc(`first value is not a net/rpc ${kind} header`);
        return false;
      }
      this.sink.decodeError(mismatch(`expected a net/rpc ${kind} header`), false);
      return true;
    }
    this.seenHeader = true;
    this.pending = h;
    return true;
  }

  /** The body of the waiting header (undefined: it could not be decoded); emits the message. */
  body(body: { readonly value: unknown } | undefined): void {
    const h = this.pending;
    if (h === undefined) return;
    this.pending = undefined;
    const consumed = this.consumed();
    const bytes = consumed - this.mark;
    this.mark = consumed;
    this.sink.message({ method: h.method, seq: h.seq, error: h.error, body, bytes });
  }
}
