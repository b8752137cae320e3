/**
 * The errors the decode compiler (compile-decode.ts) reports: type mismatches, in Go's words
 * (decode.go `compileDec`, `compatibleType`), and values out of range or beyond a JS number's
 * precision (decode.go `decInt8` … `decFloat32`).
 */
import type { DecodeState } from './decode-state.js';
import { wireName } from './decode-state.js';
import { gobError } from './errors.js';
import { goString } from './go-names.js';
import type { Reader } from './reader.js';
import type { Descriptor } from './types.js';

export const MAX_FLOAT32 = 3.4028234663852886e38;

/**
 * Mismatches found while compiling a struct (its own field, or a non-struct wire type): they
 * propagate unchanged through enclosing structs, so the message names the innermost field, as
 * Go's `compileDec` does (`wrong type (string) for received field Inner.G`).
 */
const structErrors = new WeakSet<object>();

export function structMismatch(message: string, cause?: unknown): never {
  const err = gobError('TYPE_MISMATCH', message, undefined, cause);
  structErrors.add(err);
  throw err;
}

/**
 * Rethrows `err`, a failure compiling the decoder of field `field` of remote struct `struct`:
 * a plain type mismatch becomes Go's "wrong type (T) for received field S.F"; a struct
 * mismatch from deeper down passes unchanged.
 */
export function rethrowFieldMismatch(err: unknown, local: Descriptor, struct: string, field: string): never {
  if (err instanceof Error && (err as { code?: string }).code === 'TYPE_MISMATCH' && !structErrors.has(err)) {
    structMismatch(`gob: wrong type (${goString(local)}) for received field ${struct}.${field}`, err);
  }
  throw err;
}

export function mismatch(st: DecodeState, local: Descriptor, remoteId: number): never {
  throw gobError('TYPE_MISMATCH', `gob: decoding into local type ${goString(local)}, received remote type ${wireName(st, remoteId)}`);
}

export function outOfRange(r: Reader, name: string, what: string): never {
  throw gobError('OUT_OF_RANGE', `gob: value for ${JSON.stringify(name)} out of range (${what})`, r.offset);
}

export function precisionLoss(r: Reader, name: string, d: Descriptor): never {
  throw gobError(
    'PRECISION_LOSS',
    `gob: value for ${JSON.stringify(name)} does not fit a JS number without losing precision (use a bigint descriptor instead of ${goString(d)})`,
    r.offset,
  );
}
