/**
 * What a descriptor means to gob in both directions, in one place: stripping named wrappers and
 * pointers (Go type.go `userType`: base type and indirections), `[]uint8` travelling as gob
 * bytes (type.go `newTypeObject`), the value ranges of the sized integer kinds (Go's
 * `encodeInt`/`decodeInt8`… overflow checks), Go nil and Go zero values (reflect.Zero).
 */
import { gobError } from './errors.js';
import type { Descriptor } from './types.js';

/** Go nil: `null` or `undefined`. */
export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** Strips named wrappers (not pointers). */
export function unwrapNamed(d: Descriptor): Descriptor {
  let cur = d;
  for (let i = 0; cur.kind === 'named'; i++) {
    if (i > 1000) throw gobError('INVALID_DESCRIPTOR', 'gob: named type cycle');
    cur = cur.base;
  }
  return cur;
}

/** Strips pointers (not named wrappers): Go's `userType(t).base` for our purposes. */
export function baseOf(d: Descriptor): Descriptor {
  let cur = d;
  for (let i = 0; cur.kind === 'ptr'; i++) {
    if (i > 1000) throw gobError('INVALID_DESCRIPTOR', "gob: can't represent recursive pointer type");
    cur = cur.elem;
  }
  return cur;
}

/** Strips pointers and named wrappers (gob flattens pointers; names only matter for definitions). */
export function flatten(d: Descriptor): Descriptor {
  let cur = d;
  for (let i = 0; cur.kind === 'ptr' || cur.kind === 'named'; i++) {
    if (i > 1000) throw gobError('INVALID_DESCRIPTOR', "gob: can't represent recursive pointer type");
    cur = cur.kind === 'ptr' ? cur.elem : cur.base;
  }
  return cur;
}

/** Go `[]uint8` of any element name: gob bytes (type.go `newTypeObject`: "[]byte == []uint8 is a special case"). */
export function isByteSlice(d: Descriptor): boolean {
  if (d.kind !== 'slice') return false;
  const e = unwrapNamed(d.elem);
  return e.kind === 'uint' && e.goName === 'uint8';
}

/** Smallest value of the signed integer kinds below 64 bits, by width. */
export const INT_MIN: Readonly<Record<number, number>> = { 8: -128, 16: -32768, 32: -2147483648 };
/** Largest value of the signed integer kinds below 64 bits, by width. */
export const INT_MAX: Readonly<Record<number, number>> = { 8: 127, 16: 32767, 32: 2147483647 };
/** Largest value of the unsigned integer kinds below 64 bits, by width. */
export const UINT_MAX: Readonly<Record<number, number>> = { 8: 255, 16: 65535, 32: 4294967295 };
export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
export const U64_MAX = 2n ** 64n - 1n;

/** Go's zero value of a descriptor as a JS value. */
export function zeroValue(d: Descriptor): unknown {
  const u = unwrapNamed(d);
  switch (u.kind) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
      return u.mode === 'bigint' ? 0n : 0;
    case 'float':
      return 0;
    case 'complex':
      return { real: 0, imag: 0 };
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'slice':
      return [];
    case 'array': {
      const out: unknown[] = [];
      for (let i = 0; i < u.len; i++) out.push(zeroValue(u.elem));
      return out;
    }
    case 'map':
      return null; // Go's nil map: absent struct fields stay nil (empty maps are sent, nil ones omitted)
    case 'struct': {
      const o: Record<string, unknown> = {};
      for (const f of u.fields) o[f.name] = zeroValue(f.type);
      return o;
    }
    case 'gobEncoder':
      return u.hooks.zero === undefined ? undefined : u.hooks.zero();
    default:
      return null;
  }
}
