/**
 * MsgpackError: the only error type thrown by go-netrpc/msgpack, with stable codes and the byte
 * offset where decoding failed. Texts follow ugorji's `codec` errors where one exists.
 */
import { GoNetrpcError } from '../internal/errors.js';

/**
 * Every code a go-netrpc/msgpack error can carry, with its meaning: `MsgpackErrorCode.X` is the
 * text of `X`, and the type MsgpackErrorCode is the union of the keys. Documented in README.md
 * (Errors).
 */
export const MsgpackErrorCode = {
  UNEXPECTED_EOF: 'Input ended inside a value (Go: `unexpected EOF`), or a length claims more bytes than the input holds.',
  CORRUPT: 'A byte that starts no msgpack value where one is expected (reserved 0xc1, …), a bad timestamp, or trailing bytes.',
  TYPE_MISMATCH: 'The wire value cannot be decoded into the descriptor (e.g. a str where an int is expected).',
  OUT_OF_RANGE: 'A number does not fit the Go type, or a 64-bit integer does not fit a JS number (use the `…n` bigint variant).',
  TOO_BIG: 'A value larger than the stream decoder\'s `maxMessageBytes`.',
  DEPTH_EXCEEDED: 'Nesting deeper than `maxDepth` (encoding or decoding).',
  INVALID_UTF8: 'A str holds bytes that are not UTF-8 (JS strings cannot carry them faithfully).',
  UNSUPPORTED_VALUE: 'A JS value cannot be encoded as the descriptor says (wrong JS type, no `interface{}` mapping, …).',
  INVALID_ARGUMENT: 'A descriptor or an argument of a public call is malformed (unknown dialect, bytes that are not a Uint8Array, …).',
} as const;

/** A stable error code of go-netrpc/msgpack (a key of the MsgpackErrorCode table). */
export type MsgpackErrorCode = keyof typeof MsgpackErrorCode;

/** Error thrown by every public entry point of go-netrpc/msgpack. */
export class MsgpackError extends GoNetrpcError<MsgpackErrorCode> {
  /** Byte offset in the decoded input where the problem was found. */
  readonly offset: number | undefined;

  constructor(code: MsgpackErrorCode, message: string, options?: { readonly offset?: number; readonly cause?: unknown }) {
    super(code, options?.offset === undefined ? `msgpack: ${message}` : `msgpack: ${message} (at byte ${options.offset})`, options);
    this.offset = options?.offset;
  }
}
