/**
 * Encoding of Go `interface{}` values (ugorji encode.go `kInterface` → the value's dynamic type),
 * by the JS → Go mapping of value.ts: null → nil, boolean → bool, number → float64, bigint →
 * int64 (uint64 above int64's range), string → str, Uint8Array → bin, GoTimestamp/Date →
 * time.Time, array → `[]interface{}`, Map and plain objects → maps, MsgpackExt → the extension,
 * GoValue → its explicit Go type. Containers check the depth bound (cyclic JS values stop there).
 */
import type { DialectRules } from './dialect.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import type { MsgpackType } from './schema.js';
import { GoTimestamp } from './time.js';
import { GoValue, MsgpackExt } from './value.js';
import { ARRAY, BIN, MAP, type Writer } from './writer.js';

/** A compiled encoder: writes `v` as its Go type; `depth` is the nesting of `v` (0 at the top). */
export type Enc = (w: Writer, v: unknown, depth: number) => void;

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;

export function bad(message: string): MsgpackError {
  return new MsgpackError('UNSUPPORTED_VALUE', message);
}

/**
 * The `interface{}` encoder of a dialect. `time` writes a time.Time (the dialect's form) and
 * `compile` gives the encoder of a GoValue's explicit type.
 */
export function anyEncoder(rules: DialectRules, time: Enc, compile: (t: MsgpackType) => Enc): Enc {
  const encodeAny: Enc = (w, v, depth) => {
    if (v === null || v === undefined) return w.u8(M.NIL);
    switch (typeof v) {
      case 'boolean':
        return w.u8(v ? M.TRUE : M.FALSE);
      case 'number':
        return w.f64(v);
      case 'bigint':
        if (v < MIN_INT64 || v > MAX_UINT64) throw new MsgpackError('OUT_OF_RANGE', `bigint ${v} fits neither int64 nor uint64`);
        if (v > MAX_INT64 || (rules.positiveIntUnsigned && v >= 0n)) return w.uintBig(v);
        return w.intBig(v);
      case 'string':
        return w.str(v);
      default:
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      // A plain object: map[string]interface{} (the common case: configs).
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec);
      const n = keys.length;
      w.containerLen(MAP, n);
      if (n > 0 && depth >= w.maxDepth) w.tooDeep();
      for (let i = 0; i < n; i++) {
        const k = keys[i] as string;
        w.str(k);
        encodeAny(w, rec[k], depth + 1);
      }
      return;
    }
    if (Array.isArray(v)) {
      const n = v.length;
      w.containerLen(ARRAY, n);
      if (n > 0 && depth >= w.maxDepth) w.tooDeep();
      for (let i = 0; i < n; i++) encodeAny(w, v[i], depth + 1);
      return;
    }
    if (v instanceof Uint8Array) {
      w.containerLen(BIN, v.length);
      return w.raw(v);
    }
    if (v instanceof GoTimestamp || v instanceof Date) return time(w, v, depth);
    if (v instanceof GoValue) {
      if (depth >= w.maxDepth) w.tooDeep();
      return compile(v.type)(w, v.value, depth + 1);
    }
    if (v instanceof MsgpackExt) {
      w.extHeader(v.type & 0xff, v.data.length);
      return w.raw(v.data);
    }
    if (v instanceof Map) {
      w.containerLen(MAP, v.size);
      if (v.size > 0 && depth >= w.maxDepth) w.tooDeep();
      for (const [k, e] of v as Map<unknown, unknown>) {
        encodeAny(w, k, depth + 1);
        encodeAny(w, e, depth + 1);
      }
      return;
    }
    throw bad(`no interface{} mapping for ${typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v}`);
  };
  return encodeAny;
}
