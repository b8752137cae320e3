/**
 * Schema-driven msgpack encoder, byte-identical to ugorji's `codec.Encoder` with Packer's
 * `MsgpackHandle{WriteExt: true}` in either dialect (ugorji msgpack.go `msgpackEncDriver`,
 * encode.go `kStruct`/`kMap`/`kSlice`). The descriptor says which Go type a value has; the
 * dialect rules (dialect.ts) say how that Go type is written.
 */
import { DEFAULT_DIALECT, dialectRules, type DialectRules, type MsgpackDialect } from './dialect.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import type { MsgpackType, StructType } from './schema.js';
import { GoTimestamp, marshalTimeBinary, timestampExtPayload } from './time.js';
import { GoValue, MsgpackExt } from './value.js';
import { ARRAY, BIN, MAP, Writer } from './writer.js';

/** Default bound on value nesting while encoding (ugorji's decoder default, 1024). */
export const DEFAULT_MAX_DEPTH = 1024;

/** Options of {@link MsgpackEncoder}. */
export interface EncoderOptions {
  /** Wire dialect (default `ugorji-1.2`). */
  readonly dialect?: MsgpackDialect;
  /** Deepest nesting of values accepted (default 1024; catches cyclic JS values). */
  readonly maxDepth?: number;
}

/** Bounds of Go's int/uint kinds as numbers, for the safe-integer fast path (64-bit: the safe range). */
const INT_MIN: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: -128, 16: -32768, 32: -2147483648, 64: Number.MIN_SAFE_INTEGER };
const INT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 127, 16: 32767, 32: 2147483647, 64: Number.MAX_SAFE_INTEGER };
const UINT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 255, 16: 65535, 32: 4294967295, 64: Number.MAX_SAFE_INTEGER };

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;

function bad(message: string): MsgpackError {
  return new MsgpackError('UNSUPPORTED_VALUE', message);
}

/** Encodes values of Go types to msgpack bytes. Reusable; not re-entrant. */
export class MsgpackEncoder {
  readonly dialect: MsgpackDialect;
  readonly #rules: DialectRules;
  readonly #maxDepth: number;
  readonly #w = new Writer();

  constructor(options: EncoderOptions = {}) {
    const dialect = options.dialect ?? DEFAULT_DIALECT;
    const rules = dialectRules(dialect);
    if (rules === undefined) throw new MsgpackError('INVALID_ARGUMENT', `unknown dialect ${JSON.stringify(dialect)}`);
    this.dialect = dialect;
    this.#rules = rules;
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  /** The msgpack bytes of `value` as Go type `type`. Throws MsgpackError, leaving the encoder usable. */
  encode(type: MsgpackType, value: unknown): Uint8Array {
    this.#w.pos = 0;
    try {
      this.#value(type, value, 0);
    } catch (err) {
      this.#w.pos = 0;
      if (err instanceof MsgpackError) throw err;
      throw new MsgpackError('UNSUPPORTED_VALUE', String(err), { cause: err });
    }
    return this.#w.take();
  }

  /** Encodes several values back to back into one buffer (e.g. an rpc header and body). */
  encodeAll(items: readonly (readonly [MsgpackType, unknown])[]): Uint8Array {
    this.#w.pos = 0;
    try {
      for (const [t, v] of items) this.#value(t, v, 0);
    } catch (err) {
      this.#w.pos = 0;
      if (err instanceof MsgpackError) throw err;
      throw new MsgpackError('UNSUPPORTED_VALUE', String(err), { cause: err });
    }
    return this.#w.take();
  }

  #value(t: MsgpackType, v: unknown, depth: number): void {
    if (depth > this.#maxDepth) throw new MsgpackError('DEPTH_EXCEEDED', `value nesting deeper than ${this.#maxDepth}`);
    const w = this.#w;
    switch (t.kind) {
      case 'int':
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= INT_MIN[t.bits] && v <= INT_MAX[t.bits]) return this.#intNum(v);
        return this.#int(toBig(v, t.goName, -(2n ** BigInt(t.bits - 1)), 2n ** BigInt(t.bits - 1) - 1n));
      case 'uint':
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= UINT_MAX[t.bits]) return this.#uintNum(v);
        return this.#uint(toBig(v, t.goName, 0n, 2n ** BigInt(t.bits) - 1n));
      case 'float':
        if (typeof v !== 'number') throw bad(`float${t.bits} needs a number, got ${typeof v}`);
        return t.bits === 32 ? w.f32(v) : w.f64(v);
      case 'bool':
        if (typeof v !== 'boolean') throw bad(`bool needs a boolean, got ${typeof v}`);
        return w.u8(v ? M.TRUE : M.FALSE);
      case 'string':
        if (typeof v !== 'string') throw bad(`string needs a string, got ${typeof v}`);
        return w.str(v);
      case 'bytes':
        return this.#bytes(v, depth === 0);
      case 'time':
        return this.#time(v);
      case 'any':
        return this.#any(v, depth);
      case 'ptr':
        if (v === null || v === undefined) return w.u8(M.NIL);
        return this.#value(t.elem, v, depth);
      case 'slice': {
        if (v === null || v === undefined) return w.u8(M.NIL);
        if (!Array.isArray(v)) throw bad(`slice needs an array, got ${typeof v}`);
        w.containerLen(ARRAY, v.length);
        for (const e of v as unknown[]) this.#value(t.elem, e, depth + 1);
        return;
      }
      case 'map': {
        if (v === null || v === undefined) return w.u8(M.NIL);
        if (typeof v !== 'object' || Array.isArray(v)) throw bad(`map needs a plain object, got ${typeof v}`);
        const keys = Object.keys(v);
        w.containerLen(MAP, keys.length);
        for (const k of keys) {
          w.str(k);
          this.#value(t.elem, (v as Record<string, unknown>)[k], depth + 1);
        }
        return;
      }
      case 'struct':
        return this.#struct(t, v, depth);
    }
  }

  #struct(t: StructType, v: unknown, depth: number): void {
    if (typeof v !== 'object' || v === null) throw bad(`struct ${t.name} needs an object, got ${v === null ? 'null' : typeof v}`);
    const names = this.#rules.sortFields ? t.sorted : t.order;
    this.#w.containerLen(MAP, names.length);
    const rec = v as Record<string, unknown>;
    for (const name of names) {
      this.#w.str(name);
      const ft = t.fields[name] as MsgpackType;
      const fv = rec[name];
      try {
        this.#value(ft, fv === undefined ? zeroOf(ft) : fv, depth + 1);
      } catch (err) {
        if (err instanceof MsgpackError && err.code === 'UNSUPPORTED_VALUE' && !err.message.includes(' in field ')) {
          throw new MsgpackError('UNSUPPORTED_VALUE', `${err.message.replace(/^msgpack: /, '')} in field ${t.name}.${name}`, { cause: err });
        }
        throw err;
      }
    }
  }

  /** {@link #int} for a safe-integer number (no BigInt on the hot path). */
  #intNum(i: number): void {
    const w = this.#w;
    if (this.#rules.positiveIntUnsigned && i >= 0) return this.#uintNum(i);
    if (i > 127) {
      if (i <= 32767) w.u16(M.INT16, i);
      else if (i <= 2147483647) w.u32(M.INT32, i);
      else w.u64(M.INT64, BigInt(i));
    } else if (i >= -32) w.u8(i & 0xff);
    else if (i >= -128) w.u8u8(M.INT8, i & 0xff);
    else if (i >= -32768) w.u16(M.INT16, i & 0xffff);
    else if (i >= -2147483648) w.u32(M.INT32, i >>> 0);
    else w.u64(M.INT64, BigInt(i));
  }

  /** {@link #uint} for a non-negative safe-integer number. */
  #uintNum(i: number): void {
    const w = this.#w;
    if (i <= 127) w.u8(i);
    else if (i <= 255) w.u8u8(M.UINT8, i);
    else if (i <= 65535) w.u16(M.UINT16, i);
    else if (i <= 4294967295) w.u32(M.UINT32, i);
    else w.u64(M.UINT64, BigInt(i));
  }

  #int(i: bigint): void {
    const w = this.#w;
    if (this.#rules.positiveIntUnsigned && i >= 0n) return this.#uint(i);
    if (i > 127n) {
      if (i <= 32767n) w.u16(M.INT16, Number(i));
      else if (i <= 2147483647n) w.u32(M.INT32, Number(i));
      else w.u64(M.INT64, i);
    } else if (i >= -32n) w.u8(Number(i) & 0xff);
    else if (i >= -128n) w.u8u8(M.INT8, Number(i) & 0xff);
    else if (i >= -32768n) w.u16(M.INT16, Number(i) & 0xffff);
    else if (i >= -2147483648n) w.u32(M.INT32, Number(i) >>> 0);
    else w.u64(M.INT64, i);
  }

  #uint(i: bigint): void {
    const w = this.#w;
    if (i <= 127n) w.u8(Number(i));
    else if (i <= 255n) w.u8u8(M.UINT8, Number(i));
    else if (i <= 65535n) w.u16(M.UINT16, Number(i));
    else if (i <= 4294967295n) w.u32(M.UINT32, Number(i));
    else w.u64(M.UINT64, i);
  }

  /** `topLevel`: the value passed to Go's `Encode` itself (2015's fast path for `[]byte`). */
  #bytes(v: unknown, topLevel: boolean): void {
    const w = this.#w;
    if (v === null || v === undefined) {
      if (this.#rules.nilBytesAsEmptyBin && topLevel) w.u8u8(M.BIN8, 0);
      else w.u8(M.NIL);
      return;
    }
    if (!(v instanceof Uint8Array)) throw bad(`[]byte needs a Uint8Array, got ${typeof v}`);
    w.containerLen(BIN, v.length);
    w.raw(v);
  }

  #time(v: unknown): void {
    const w = this.#w;
    let t: GoTimestamp | null;
    if (v === null || v === undefined) t = null;
    else if (v instanceof GoTimestamp) t = v;
    else if (v instanceof Date) t = GoTimestamp.fromDate(v);
    else throw bad(`time.Time needs a GoTimestamp, a Date or null, got ${typeof v}`);
    if (this.#rules.timeAsBinary) {
      const b = marshalTimeBinary(t);
      w.containerLen(BIN, b.length);
      w.raw(b);
    } else if (t === null) w.u8(M.NIL);
    else {
      const p = timestampExtPayload(t);
      w.extHeader(M.TIMESTAMP_EXT & 0xff, p.length);
      w.raw(p);
    }
  }

  #any(v: unknown, depth: number): void {
    const w = this.#w;
    if (v === null || v === undefined) return w.u8(M.NIL);
    switch (typeof v) {
      case 'boolean':
        return w.u8(v ? M.TRUE : M.FALSE);
      case 'number':
        return w.f64(v);
      case 'bigint':
        if (v < MIN_INT64 || v > MAX_UINT64) throw new MsgpackError('OUT_OF_RANGE', `bigint ${v} fits neither int64 nor uint64`);
        return v > MAX_INT64 ? this.#uint(v) : this.#int(v);
      case 'string':
        return w.str(v);
      default:
    }
    if (v instanceof Uint8Array) return this.#bytes(v, false);
    if (v instanceof GoTimestamp || v instanceof Date) return this.#time(v);
    if (v instanceof GoValue) return this.#value(v.type, v.value, depth + 1);
    if (v instanceof MsgpackExt) {
      w.extHeader(v.type & 0xff, v.data.length);
      return w.raw(v.data);
    }
    if (Array.isArray(v)) {
      w.containerLen(ARRAY, v.length);
      for (const e of v as unknown[]) this.#any(e, depth + 1);
      return;
    }
    if (v instanceof Map) {
      w.containerLen(MAP, v.size);
      for (const [k, e] of v as Map<unknown, unknown>) {
        this.#any(k, depth + 1);
        this.#any(e, depth + 1);
      }
      return;
    }
    if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      const keys = Object.keys(v);
      w.containerLen(MAP, keys.length);
      for (const k of keys) {
        w.str(k);
        this.#any((v as Record<string, unknown>)[k], depth + 1);
      }
      return;
    }
    throw bad(`no interface{} mapping for ${typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v}`);
  }
}

/** Go's zero value of `t` as JS (what an absent struct field encodes as). */
export function zeroOf(t: MsgpackType): unknown {
  switch (t.kind) {
    case 'int':
    case 'uint':
      return t.bigint ? 0n : 0;
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const f of t.order) out[f] = zeroOf(t.fields[f] as MsgpackType);
      return out;
    }
    default:
      return null;
  }
}

function toBig(v: unknown, goName: string, min: bigint, max: bigint): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new MsgpackError('OUT_OF_RANGE', `${goName} needs a safe integer, got ${v}`);
    b = BigInt(v);
  } else throw bad(`${goName} needs a number or bigint, got ${typeof v}`);
  if (b < min || b > max) throw new MsgpackError('OUT_OF_RANGE', `${b} overflows ${goName}`);
  return b;
}

const defaultEncoders = new Map<MsgpackDialect, MsgpackEncoder>();

/** One-shot encode of `value` as Go type `type` in `dialect` (default `ugorji-1.2`). */
export function encode(type: MsgpackType, value: unknown, dialect: MsgpackDialect = DEFAULT_DIALECT): Uint8Array {
  let e = defaultEncoders.get(dialect);
  if (e === undefined) {
    e = new MsgpackEncoder({ dialect });
    defaultEncoders.set(dialect, e);
  }
  return e.encode(type, value);
}
