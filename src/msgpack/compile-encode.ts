/**
 * Compiled encoders: one function per (descriptor, dialect), built once and cached, standing
 * for ugorji's per-type encode functions (encode.go `kStruct`/`kMap`/`kSlice`, msgpack.go
 * `msgpackEncDriver`). A struct's field names are encoded to bytes once, in the dialect's
 * order; ints within the JS safe range never touch BigInt; the dialect rules (dialect.ts) are
 * resolved at compile time, not per value.
 *
 * Descriptors are immutable (schema.ts freezes them), so the cache is keyed by the descriptor
 * object (a WeakMap per dialect: it goes when the descriptor does).
 */
import type { DialectRules } from './dialect.js';
import { anyEncoder, bad, type Enc } from './encode-any.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import type { IntType, MsgpackType, StructType, UintType } from './schema.js';
import { generateStructEncoder, type StructEncoderParts } from './struct-encode-codegen.js';
import { GoTimestamp, writeTimeBinary, writeTimestampExt } from './time.js';
import { ARRAY, BIN, MAP, Writer, strBytes } from './writer.js';
import { zeroOf } from './zero.js';

export type { Enc } from './encode-any.js';

const caches = new WeakMap<DialectRules, WeakMap<MsgpackType, Enc>>();

/** The compiled encoders of a dialect, by descriptor (what {@link compileEncoder} fills). */
export function encoderCache(rules: DialectRules): WeakMap<MsgpackType, Enc> {
  let cache = caches.get(rules);
  if (cache === undefined) {
    cache = new WeakMap();
    caches.set(rules, cache);
  }
  return cache;
}

/** The encoder of Go type `t` in the dialect of `rules` (compiled on first use). */
export function compileEncoder(t: MsgpackType, rules: DialectRules): Enc {
  const cache = encoderCache(rules);
  if (typeof t !== 'object' || t === null) throw new MsgpackError('INVALID_ARGUMENT', `${String(t)} is not a msgpack type descriptor`);
  const hit = cache.get(t);
  if (hit !== undefined) return hit;
  // A forwarder first, so that a descriptor reachable from itself compiles (it cannot be built
  // with the schema functions, but a caller's own object could be).
  let built: Enc | undefined;
  cache.set(t, (w, v, depth) => (built as Enc)(w, v, depth));
  try {
    built = build(t, rules, cache);
  } catch (err) {
    cache.delete(t);
    throw err;
  }
  cache.set(t, built);
  return built;
}

/** Bounds of Go's int/uint kinds as numbers, for the safe-integer fast path (64-bit: the safe range). */
const INT_MIN: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: -128, 16: -32768, 32: -2147483648, 64: Number.MIN_SAFE_INTEGER };
const INT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 127, 16: 32767, 32: 2147483647, 64: Number.MAX_SAFE_INTEGER };
const UINT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 255, 16: 65535, 32: 4294967295, 64: Number.MAX_SAFE_INTEGER };

/** `v` as a bigint within [min, max], or OUT_OF_RANGE / UNSUPPORTED_VALUE. */
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

function intEncoder(t: IntType, rules: DialectRules): Enc {
  const lo = INT_MIN[t.bits];
  const hi = INT_MAX[t.bits];
  const bmin = -(1n << BigInt(t.bits - 1));
  const bmax = (1n << BigInt(t.bits - 1)) - 1n;
  if (rules.positiveIntUnsigned) {
    return (w, v) => {
      if (typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v)) return v >= 0 ? w.uintNum(v) : w.intNum(v);
      const b = toBig(v, t.goName, bmin, bmax);
      return b >= 0n ? w.uintBig(b) : w.intBig(b);
    };
  }
  return (w, v) => {
    if (typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v)) return w.intNum(v);
    return w.intBig(toBig(v, t.goName, bmin, bmax));
  };
}

function uintEncoder(t: UintType): Enc {
  const hi = UINT_MAX[t.bits];
  const bmax = (1n << BigInt(t.bits)) - 1n;
  return (w, v) => {
    if (typeof v === 'number' && v >= 0 && v <= hi && Number.isInteger(v)) return w.uintNum(v);
    return w.uintBig(toBig(v, t.goName, 0n, bmax));
  };
}

function timeEncoder(rules: DialectRules): Enc {
  const asTimestamp = (v: unknown): GoTimestamp | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof GoTimestamp) return v;
    if (v instanceof Date) return GoTimestamp.fromDate(v);
    throw bad(`time.Time needs a GoTimestamp, a Date or null, got ${typeof v}`);
  };
  if (rules.timeAsBinary) return (w, v) => writeTimeBinary(w, asTimestamp(v));
  return (w, v) => {
    const t = asTimestamp(v);
    if (t === null) w.u8(M.NIL);
    else writeTimestampExt(w, t);
  };
}

/** Writes a nested `[]byte` (nil as nil in both dialects; a top-level one is encoder.ts's business). */
const bytesEncoder: Enc = (w, v) => {
  if (v === null || v === undefined) return w.u8(M.NIL);
  if (!(v instanceof Uint8Array)) throw bad(`[]byte needs a Uint8Array, got ${typeof v}`);
  w.containerLen(BIN, v.length);
  w.raw(v);
};

function build(t: MsgpackType, rules: DialectRules, cache: WeakMap<MsgpackType, Enc>): Enc {
  const sub = (x: MsgpackType): Enc => cache.get(x) ?? compileEncoder(x, rules);
  switch (t.kind) {
    case 'int':
      return intEncoder(t, rules);
    case 'uint':
      return uintEncoder(t);
    case 'float':
      if (t.bits === 32) {
        return (w, v) => {
          if (typeof v !== 'number') throw bad(`float32 needs a number, got ${typeof v}`);
          w.f32(v);
        };
      }
      return (w, v) => {
        if (typeof v !== 'number') throw bad(`float64 needs a number, got ${typeof v}`);
        w.f64(v);
      };
    case 'bool':
      return (w, v) => {
        if (typeof v !== 'boolean') throw bad(`bool needs a boolean, got ${typeof v}`);
        w.u8(v ? M.TRUE : M.FALSE);
      };
    case 'string':
      return (w, v) => {
        if (typeof v !== 'string') throw bad(`string needs a string, got ${typeof v}`);
        w.str(v);
      };
    case 'bytes':
      return bytesEncoder;
    case 'time':
      return timeEncoder(rules);
    case 'any':
      return anyEncoder(rules, timeEncoder(rules), sub);
    case 'ptr': {
      const elem = sub(t.elem);
      return (w, v, depth) => (v === null || v === undefined ? w.u8(M.NIL) : elem(w, v, depth));
    }
    case 'slice': {
      const elem = sub(t.elem);
      return (w, v, depth) => {
        if (v === null || v === undefined) return w.u8(M.NIL);
        if (!Array.isArray(v)) throw bad(`slice needs an array, got ${typeof v}`);
        const n = v.length;
        w.containerLen(ARRAY, n);
        if (n > 0 && depth >= w.maxDepth) w.tooDeep();
        for (let i = 0; i < n; i++) elem(w, v[i], depth + 1);
      };
    }
    case 'map': {
      const elem = sub(t.elem);
      return (w, v, depth) => {
        if (v === null || v === undefined) return w.u8(M.NIL);
        if (typeof v !== 'object' || Array.isArray(v)) throw bad(`map needs a plain object, got ${typeof v}`);
        const keys = Object.keys(v);
        w.containerLen(MAP, keys.length);
        if (keys.length > 0 && depth >= w.maxDepth) w.tooDeep();
        for (const k of keys) {
          w.str(k);
          elem(w, (v as Record<string, unknown>)[k], depth + 1);
        }
      };
    }
    case 'struct':
      return structEncoder(t, rules, sub);
    default:
      throw new MsgpackError('INVALID_ARGUMENT', `unknown descriptor kind ${JSON.stringify((t as { kind?: unknown }).kind)}`);
  }
}

/** Adds ` in field S.F` to a value error from a field (the innermost field names it). */
function inField(err: unknown, t: StructType, name: string): unknown {
  if (err instanceof MsgpackError && err.code === 'UNSUPPORTED_VALUE' && !err.message.includes(' in field ')) {
    return new MsgpackError('UNSUPPORTED_VALUE', `${err.message.replace(/^msgpack: /, '')} in field ${t.name}.${name}`, { cause: err });
  }
  return err;
}

function structEncoder(t: StructType, rules: DialectRules, sub: (x: MsgpackType) => Enc): Enc {
  const names = rules.sortFields ? t.sorted : t.order;
  const hw = new Writer(Number.MAX_SAFE_INTEGER, 8);
  hw.containerLen(MAP, names.length);
  const types = names.map((f) => t.fields[f] as MsgpackType);
  const parts: StructEncoderParts = {
    names,
    types,
    keys: names.map(strBytes),
    encs: types.map(sub),
    zeros: types.map(zeroOf),
    header: hw.take(),
    positiveIntUnsigned: rules.positiveIntUnsigned,
  };
  const check = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) throw bad(`struct ${t.name} needs an object, got ${v === null ? 'null' : typeof v}`);
  };
  const rethrow = (err: unknown, i: number): never => {
    throw inField(err, t, names[i] as string);
  };
  const generated = generateStructEncoder(parts, check, rethrow);
  if (generated !== null) return generated;
  const { keys, encs, zeros, header } = parts;
  const n = names.length;
  return (w, v, depth) => {
    check(v);
    w.raw(header);
    if (n > 0 && depth >= w.maxDepth) w.tooDeep();
    const rec = v as Record<string, unknown>;
    let i = 0;
    try {
      for (; i < n; i++) {
        w.raw(keys[i] as Uint8Array);
        const fv = rec[names[i] as string];
        (encs[i] as Enc)(w, fv === undefined ? zeros[i] : fv, depth + 1);
      }
    } catch (err) {
      rethrow(err, i);
    }
  };
}
