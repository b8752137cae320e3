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
  LIMIT_EXCEEDED: 'A resource limit other than message size or depth: more type definitions than the Decoder\'s `maxTypes`, or a value too large for the JS engine (a string or array past V8\'s length limit).',
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

/**
 * Longest error message text (before the ` (at byte N)` suffix); longer texts are cut with an
 * ellipsis. Names in messages come from the peer (type and field names of up to a message's
 * size), so every message is bounded here, in one place. Deviation from Go: Go does not cut.
 */
export const MAX_ERROR_MESSAGE = 2048;

function capMessage(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE) return message;
  return `${message.slice(0, MAX_ERROR_MESSAGE)}… (${message.length - MAX_ERROR_MESSAGE} more characters cut)`;
}

/** Error thrown by every public entry point of go-netrpc/gob. */
export class GobError extends GoNetrpcError<GobErrorCode> {
  /** Byte offset in the decoded stream (from the first byte ever pushed) where the problem was found. */
  readonly offset: number | undefined;

  constructor(code: GobErrorCode, message: string, options?: { readonly offset?: number; readonly cause?: unknown }) {
    const text = capMessage(message);
    super(code, options?.offset === undefined ? text : `${text} (at byte ${options.offset})`, options);
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

/**
 * Classifies anything thrown while decoding: GobError as is; a JS stack overflow as
 * DEPTH_EXCEEDED; V8's size limits (`Invalid string length`, `Invalid array length`, failed
 * buffer allocations) as LIMIT_EXCEEDED; anything else (a bug or a user hook) as CORRUPT.
 * The original error is kept as `cause`.
 */
export function decodeFailure(err: unknown): GobError {
  if (err instanceof GobError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError) {
    if (/call stack/i.test(text)) {
      return gobError('DEPTH_EXCEEDED', 'gob: invalid nesting depth (the value or its types nest deeper than the JS stack allows; lower maxDepth)', undefined, err);
    }
    return gobError('LIMIT_EXCEEDED', `gob: decoded data exceeds a JS engine limit (${text})`, undefined, err);
  }
  return gobError('CORRUPT', `gob: decoding failed: ${text}`, undefined, err);
}
