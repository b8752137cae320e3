/**
 * GobError: the only error type thrown by go-netrpc/gob.
 *
 * Mirrors the error texts of Go's encoding/gob (`gob: ...` errors from decode.go, decoder.go,
 * encode.go, type.go) but classifies them with stable codes and carries the byte offset in the
 * stream where decoding failed.
 */
import { GoNetrpcError } from '../internal/errors.js';

/** Stable machine-readable error codes of {@link GobError}. */
export type GobErrorCode =
  /** Malformed input: bad uint, bad field delta, bad wireType, lengths that do not fit. */
  | 'CORRUPT'
  /** Input ended inside a message or after type definitions but before the value. */
  | 'UNEXPECTED_EOF'
  /** A message length at or above `maxMessageBytes` (Go: `invalid message length`, `message too big`). */
  | 'TOO_BIG'
  /** Type or value nesting deeper than `maxDepth` (Go: `invalid nesting depth`). */
  | 'DEPTH_EXCEEDED'
  /** The wire type cannot be decoded into the descriptor (Go: `type mismatch`, `wrong type`). */
  | 'TYPE_MISMATCH'
  /** A value refers to a type id that was never defined (Go: `unknown type id`). */
  | 'UNKNOWN_TYPE_ID'
  /** A type id defined twice or below 64 (Go: `duplicate type received`). */
  | 'DUPLICATE_TYPE'
  /** An interface value names a type missing from the registry, or a type is not registered. */
  | 'UNREGISTERED_NAME'
  /** A number does not fit the Go type (Go: `value for "X" out of range`). */
  | 'OUT_OF_RANGE'
  /** A 64-bit integer does not fit a JS number without losing precision. */
  | 'PRECISION_LOSS'
  /** A JS value cannot be encoded as the descriptor says (wrong JS type, nil element, ...). */
  | 'UNSUPPORTED_VALUE'
  /** A descriptor is malformed (bad field name, pointer cycle, duplicate registration, ...). */
  | 'INVALID_DESCRIPTOR'
  /** An argument of a public call has the wrong type (e.g. a string pushed instead of bytes). */
  | 'INVALID_ARGUMENT';

/** Error thrown by every public entry point of go-netrpc/gob. */
export class GobError extends GoNetrpcError<GobErrorCode> {
  /** Byte offset in the decoded stream (from the first byte ever pushed) where the problem was found. */
  readonly offset: number | undefined;

  constructor(code: GobErrorCode, message: string, options?: { readonly offset?: number; readonly cause?: unknown }) {
    super(code, options?.offset === undefined ? message : `${message} (at byte ${options.offset})`, options);
    this.offset = options?.offset;
  }
}

/** Shorthand used throughout the codec. */
export function gobError(code: GobErrorCode, message: string, offset?: number, cause?: unknown): GobError {
  return new GobError(code, message, {
    ...(offset === undefined ? {} : { offset }),
    ...(cause === undefined ? {} : { cause }),
  });
}
