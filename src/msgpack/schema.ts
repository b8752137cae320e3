/**
 * Msgpack type descriptors: the Go types a value has, standing in for the reflection ugorji's
 * encoder does (reflect.Kind → msgpack marker), with the TS type of the values they describe
 * (`Infer<T>`). A Go `int` field is described as `int`, so it encodes as Go encodes an int, not
 * as the smallest msgpack form of the JS number.
 *
 * JS values: Go ints are `number` (safe integers only; decoding anything larger fails with
 * OUT_OF_RANGE) or, with the `…n` variants, `bigint`; `[]byte` is `Uint8Array | null`; slices,
 * maps and pointers are `null` when nil; maps have string keys and are plain objects; structs
 * are objects with the Go field names; `time.Time` is a {@link GoTimestamp} or `null` (zero time);
 * `interface{}` is mapped by `any` (see value.ts).
 */
import { MsgpackError } from './errors.js';
import type { GoTimestamp } from './time.js';
import type { AnyValue } from './value.js';

interface Base<T> {
  /** Phantom: the TS type of values (never set at run time). */
  readonly __type?: T;
}
export interface IntType<T extends number | bigint = number | bigint> extends Base<T> {
  readonly kind: 'int';
  /** Go name, e.g. `int`, `int32`, `os.FileMode` is a `uint32` (see {@link UintType}). */
  readonly goName: string;
  readonly bits: 8 | 16 | 32 | 64;
  readonly bigint: boolean;
}
export interface UintType<T extends number | bigint = number | bigint> extends Base<T> {
  readonly kind: 'uint';
  readonly goName: string;
  readonly bits: 8 | 16 | 32 | 64;
  readonly bigint: boolean;
}
export interface FloatType extends Base<number> {
  readonly kind: 'float';
  readonly bits: 32 | 64;
}
export interface BoolType extends Base<boolean> {
  readonly kind: 'bool';
}
export interface StringType extends Base<string> {
  readonly kind: 'string';
}
export interface BytesType extends Base<Uint8Array | null> {
  readonly kind: 'bytes';
}
export interface TimeType extends Base<GoTimestamp | null> {
  readonly kind: 'time';
}
export interface AnyType extends Base<AnyValue> {
  readonly kind: 'any';
}
export interface SliceType<E extends MsgpackType = MsgpackType> extends Base<Infer<E>[] | null> {
  readonly kind: 'slice';
  readonly elem: E;
}
export interface MapType<E extends MsgpackType = MsgpackType> extends Base<{ [key: string]: Infer<E> } | null> {
  readonly kind: 'map';
  readonly elem: E;
}
export interface PtrType<E extends MsgpackType = MsgpackType> extends Base<Infer<E> | null> {
  readonly kind: 'ptr';
  readonly elem: E;
}
/** Field types of a struct, in Go declaration order. */
export type FieldTypes = { readonly [field: string]: MsgpackType };
export interface StructType<F extends FieldTypes = FieldTypes> extends Base<{ -readonly [K in keyof F]: Infer<F[K]> }> {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: F;
  /** Field names in declaration order (the 1.2 dialect's order). */
  readonly order: readonly string[];
  /** Field names sorted by name (the 2015 dialect's order). */
  readonly sorted: readonly string[];
}

/** Any msgpack type descriptor. */
export type MsgpackType = IntType | UintType | FloatType | BoolType | StringType | BytesType | TimeType | AnyType | SliceType | MapType | PtrType | StructType;

/** The TS type of values a descriptor describes. */
export type Infer<T> = T extends Base<infer V> ? V : never;

const intOf = (goName: string, bits: 8 | 16 | 32 | 64): IntType<number> => Object.freeze({ kind: 'int', goName, bits, bigint: false });
const uintOf = (goName: string, bits: 8 | 16 | 32 | 64): UintType<number> => Object.freeze({ kind: 'uint', goName, bits, bigint: false });

export const int = intOf('int', 64);
export const int8 = intOf('int8', 8);
export const int16 = intOf('int16', 16);
export const int32 = intOf('int32', 32);
export const int64 = intOf('int64', 64);
/** Go `int64` as a JS bigint (any value exact). */
export const int64n: IntType<bigint> = Object.freeze({ kind: 'int', goName: 'int64', bits: 64, bigint: true });
export const uint = uintOf('uint', 64);
export const uint8 = uintOf('uint8', 8);
export const uint16 = uintOf('uint16', 16);
export const uint32 = uintOf('uint32', 32);
export const uint64 = uintOf('uint64', 64);
/** Go `uint64` as a JS bigint (any value exact). */
export const uint64n: UintType<bigint> = Object.freeze({ kind: 'uint', goName: 'uint64', bits: 64, bigint: true });
/** Go `os.FileMode` (a uint32). */
export const fileMode = uintOf('os.FileMode', 32);
export const float32: FloatType = Object.freeze({ kind: 'float', bits: 32 });
export const float64: FloatType = Object.freeze({ kind: 'float', bits: 64 });
export const bool: BoolType = Object.freeze({ kind: 'bool' });
export const string: StringType = Object.freeze({ kind: 'string' });
export const bytes: BytesType = Object.freeze({ kind: 'bytes' });
/** Go `time.Time`. */
export const time: TimeType = Object.freeze({ kind: 'time' });
/** Go `interface{}`: values mapped as value.ts describes. */
export const any: AnyType = Object.freeze({ kind: 'any' });

function checkType(t: unknown, what: string): void {
  if (typeof t !== 'object' || t === null || typeof (t as { kind?: unknown }).kind !== 'string') {
    throw new MsgpackError('INVALID_ARGUMENT', `${what} is not a msgpack type descriptor`);
  }
}

/** Go `[]E`. */
export function slice<E extends MsgpackType>(elem: E): SliceType<E> {
  checkType(elem, 'slice element');
  return Object.freeze({ kind: 'slice', elem });
}
/** Go `map[string]E`. */
export function map<E extends MsgpackType>(elem: E): MapType<E> {
  checkType(elem, 'map element');
  return Object.freeze({ kind: 'map', elem });
}
/** Go `*E` (nil is `null`). */
export function ptr<E extends MsgpackType>(elem: E): PtrType<E> {
  checkType(elem, 'pointer element');
  return Object.freeze({ kind: 'ptr', elem });
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A Go struct with exported fields in declaration order (ugorji encodes a struct as a map from
 * field name to value; fields without a `codec` tag keep their Go names).
 */
export function struct<const F extends FieldTypes>(name: string, fields: F): StructType<F> {
  const order = Object.keys(fields);
  for (const f of order) {
    if (!FIELD_NAME.test(f)) throw new MsgpackError('INVALID_ARGUMENT', `struct ${name}: bad field name ${JSON.stringify(f)}`);
    checkType(fields[f], `field ${name}.${f}`);
  }
  const sorted = [...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.freeze({ kind: 'struct', name, fields, order: Object.freeze(order), sorted: Object.freeze(sorted) });
}
