/**
 * MsgpackError: the only error type thrown by go-netrpc/msgpack, with stable codes and the byte
 * offset where decoding failed. Texts follow ugorji's `codec` errors where one exists.
 */
import { GoNetrpcError } from '../internal/errors.js';

/** Stable machine-readable error codes of {@link MsgpackError}. */
export type MsgpackErrorCode =
  /** Input ended inside a value (Go: `unexpected EOF`). */
  | 'UNEXPECTED_EOF'
  /** A byte that starts no msgpack value where the schema expects one (reserved 0xc1, …). */
  | 'CORRUPT'
  /** The wire value cannot be decoded into the descriptor (e.g. a str where an int is expected). */
  | 'TYPE_MISMATCH'
  /** A number does not fit the Go type, or a 64-bit integer does not fit a JS number. */
  | 'OUT_OF_RANGE'
  /** A message or a length at or above `maxMessageBytes`. */
  | 'TOO_BIG'
  /** Nesting deeper than `maxDepth`. */
  | 'DEPTH_EXCEEDED'
  /** A str holds bytes that are not UTF-8 (JS strings cannot carry them faithfully). */
  | 'INVALID_UTF8'
  /** A JS value cannot be encoded as the descriptor says. */
  | 'UNSUPPORTED_VALUE'
  /** A descriptor or an argument of a public call is malformed. */
  | 'INVALID_ARGUMENT';

/** Error thrown by every public entry point of go-netrpc/msgpack. */
export class MsgpackError extends GoNetrpcError<MsgpackErrorCode> {
  /** Byte offset in the decoded input where the problem was found. */
  readonly offset: number | undefined;

  constructor(code: MsgpackErrorCode, message: string, options?: { readonly offset?: number; readonly cause?: unknown }) {
    super(code, options?.offset === undefined ? `msgpack: ${message}` : `msgpack: ${message} (at byte ${options.offset})`, options);
    this.offset = options?.offset;
  }
}
