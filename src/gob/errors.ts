/**
 * GobError: the only error type thrown by go-netrpc/gob.
 *
 * Mirrors the error texts of Go's encoding/gob (`gob: ...` errors from decode.go, decoder.go,
 * encode.go, type.go) but classifies them with stable codes and carries the byte offset in the
 * stream where decoding failed.
 */
import { GoNetrpcError } from '../internal/errors.js';

/**
 * Every code a go-netrpc/gob error can carry, with its meaning: `GobErrorCode.X` is the text of `X`, and
 * the type GobErrorCode is the union of the keys. Documented in README.md (Errors).
 */
export const GobErrorCode = {
  CORRUPT: 'Malformed input: bad uint, bad field delta, bad wireType, lengths that do not fit.',
  UNEXPECTED_EOF: 'Input ended inside a message or after type definitions but before the value.',
  TOO_BIG: 'A message length at or above `maxMessageBytes` (Go: `invalid message length`, `message too big`).',
  DEPTH_EXCEEDED: 'Type or value nesting deeper than `maxDepth` (Go: `invalid nesting depth`).',
  TYPE_MISMATCH: 'The wire type cannot be decoded into the descriptor (Go: `type mismatch`, `wrong type`).',
  UNKNOWN_TYPE_ID: 'A value refers to a type id that was never defined (Go: `unknown type id`).',
  DUPLICATE_TYPE: 'A type id defined twice or below 64 (Go: `duplicate type received`).',
  UNREGISTERED_NAME: 'An interface value names a type missing from the registry, or a type is not registered.',
  OUT_OF_RANGE: 'A number does not fit the Go type (Go: `value for "X" out of range`).',
  PRECISION_LOSS: 'A 64-bit integer does not fit a JS number without losing precision.',
  UNSUPPORTED_VALUE: 'A JS value cannot be encoded as the descriptor says (wrong JS type, nil element, ...).',
  INVALID_DESCRIPTOR: 'A descriptor is malformed (bad field name, pointer cycle, duplicate registration, ...).',
  INVALID_ARGUMENT: 'An argument of a public call has the wrong type (e.g. a string pushed instead of bytes).',
} as const;

/** A stable error code of go-netrpc/gob (a key of the GobErrorCode table). */
export type GobErrorCode = keyof typeof GobErrorCode;

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
