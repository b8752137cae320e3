/**
 * Compiled decoders: one function per descriptor, built once and cached (ugorji decode.go's
 * per-kind decode functions, msgpack.go `msgpackDecDriver`). Accepts either dialect: struct
 * fields in any order (unknown ones skipped, missing ones left at Go's zero value), str and bin
 * interchangeably for strings (`RawToString`), both `time.Time` encodings, and nil for any type
 * (Go's zero value).
 *
 * A struct's field names are matched as bytes: the decoder predicts the next key from the
 * order it has seen so far (declaration order, as ugorji 1.2 writes, or sorted, as the 2015
 * ugorji writes) and compares the key's bytes, decoding a key into a string only when the
 * prediction misses. The struct value starts as a copy of a zero template (zero.ts).
 */
import { readAny, setKey } from './decode-any.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import { isInt, type Reader } from './reader.js';
import type { IntType, MsgpackType, StructType, UintType } from './schema.js';
import { timeBinaryAt, timestampAt, type GoTimestamp } from './time.js';
import { generateStructDecoder, type StructDecoderParts } from './struct-decode-codegen.js';
import { strBytes } from './writer.js';
import { zeroFactory } from './zero.js';

/** A compiled decoder: reads one value at the cursor. */
export type Dec = (r: Reader) => unknown;

const cache = new WeakMap<MsgpackType, Dec>();

/** The decoder of Go type `t` (compiled on first use). */
export function compileDecoder(t: MsgpackType): Dec {
  if (typeof t !== 'object' || t === null) throw new MsgpackError('INVALID_ARGUMENT', `${String(t)} is not a msgpack type descriptor`);
  const hit = cache.get(t);
  if (hit !== undefined) return hit;
  let built: Dec | undefined;
  cache.set(t, (r) => (built as Dec)(r)); // see compileEncoder
  try {
    built = build(t);
  } catch (err) {
    cache.delete(t);
    throw err;
  }
  cache.set(t, built);
  return built;
}

const INT_MIN: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: -128, 16: -32768, 32: -2147483648, 64: Number.MIN_SAFE_INTEGER };
const INT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 127, 16: 32767, 32: 2147483647, 64: Number.MAX_SAFE_INTEGER };
const UINT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 255, 16: 65535, 32: 4294967295, 64: Number.MAX_SAFE_INTEGER };

/** Go int/uint kinds: a fixint straight away, other widths range-checked; 64-bit beyond 2^53 only as bigint. */
function integerDecoder(t: IntType | UintType): Dec {
  const signed = t.kind === 'int';
  const lo = signed ? INT_MIN[t.bits] : 0;
  const hi = signed ? INT_MAX[t.bits] : UINT_MAX[t.bits];
  const bits = BigInt(t.bits);
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  const asBig = t.bigint;
  const zero = asBig ? 0n : 0;
  return (r) => {
    const at = r.pos;
    const b = r.peek();
    if (b <= M.POSFIXINT_MAX) {
      r.pos = at + 1;
      return asBig ? BigInt(b) : b;
    }
    if (b === M.NIL) {
      r.pos = at + 1;
      return zero;
    }
    if (!isInt(b)) throw r.mismatch(t.goName, b, at);
    const v = r.integer();
    if (typeof v === 'number' && v >= lo && v <= hi) return asBig ? BigInt(v) : v;
    const big = typeof v === 'bigint' ? v : BigInt(v);
    if (big < min || big > max) throw new MsgpackError('OUT_OF_RANGE', `${big} overflows ${t.goName}`, { offset: r.base + at });
    if (asBig) return big;
    throw new MsgpackError('OUT_OF_RANGE', `${t.goName} ${v} does not fit a JS number exactly (use the bigint variant)`, { offset: r.base + at });
  };
}

const floatDecoder =
  (bits: number): Dec =>
  (r) => {
    const at = r.pos;
    const b = r.peek();
    if (b === M.FLOAT32 || b === M.FLOAT64) return r.float();
    if (b === M.NIL) {
      r.pos = at + 1;
      return 0;
    }
    if (isInt(b)) return Number(r.integer());
    throw r.mismatch(`float${bits}`, b, at);
  };

const boolDecoder: Dec = (r) => {
  const at = r.pos;
  const b = r.peek();
  r.pos = at + 1;
  if (b === M.TRUE) return true;
  if (b === M.FALSE || b === M.NIL) return false;
  throw r.mismatch('bool', b, at);
};

const stringDecoder: Dec = (r) => {
  const at = r.pos;
  const b = r.peek();
  const n = r.rawLen(b);
  if (n >= 0) return r.utf8(n);
  if (b === M.NIL) {
    r.pos = at + 1;
    return '';
  }
  throw r.mismatch('string', b, at);
};

const bytesDecoder: Dec = (r) => {
  const at = r.pos;
  const b = r.peek();
  const n = r.rawLen(b);
  if (n >= 0) return r.copy(r.pos - n, r.pos);
  if (b === M.NIL) {
    r.pos = at + 1;
    return null;
  }
  throw r.mismatch('[]byte', b, at);
};

const timeDecoder: Dec = (r): GoTimestamp | null => {
  const at = r.pos;
  const b = r.peek();
  if (b === M.NIL) {
    r.pos = at + 1;
    return null;
  }
  const en = r.extLen(b);
  if (en >= 0) {
    const start = r.pos;
    r.pos = start + en;
    if (r.extType !== M.TIMESTAMP_EXT) throw new MsgpackError('TYPE_MISMATCH', `cannot decode extension ${r.extType} into time.Time`, { offset: r.base + at });
    return timestampAt(r.buf, start, en, r.base + at);
  }
  const n = r.rawLen(b);
  if (n < 0) throw r.mismatch('time.Time', b, at);
  return timeBinaryAt(r.buf, r.pos - n, n, r.base + at);
};

const anyDecoder: Dec = (r) => {
  if (r.peek() === M.NIL) {
    r.pos++;
    return null;
  }
  r.enter();
  const v = readAny(r);
  r.depth--;
  return v;
};

function build(t: MsgpackType): Dec {
  switch (t.kind) {
    case 'int':
    case 'uint':
      return integerDecoder(t);
    case 'float':
      return floatDecoder(t.bits);
    case 'bool':
      return boolDecoder;
    case 'string':
      return stringDecoder;
    case 'bytes':
      return bytesDecoder;
    case 'time':
      return timeDecoder;
    case 'any':
      return anyDecoder;
    case 'ptr': {
      const elem = compileDecoder(t.elem);
      return (r) => {
        if (r.peek() !== M.NIL) return elem(r);
        r.pos++;
        return null;
      };
    }
    case 'slice': {
      const elem = compileDecoder(t.elem);
      return (r) => {
        const at = r.pos;
        const b = r.peek();
        if (b === M.NIL) {
          r.pos = at + 1;
          return null;
        }
        const n = r.arrayLen(b);
        if (n < 0) throw r.mismatch('slice', b, at);
        r.enter();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(elem(r));
        r.depth--;
        return out;
      };
    }
    case 'map': {
      const elem = compileDecoder(t.elem);
      return (r) => {
        const at = r.pos;
        const b = r.peek();
        if (b === M.NIL) {
          r.pos = at + 1;
          return null;
        }
        const n = r.mapLen(b);
        if (n < 0) throw r.mismatch('map', b, at);
        r.enter();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) setKey(out, r.string('a string map key'), elem(r));
        r.depth--;
        return out;
      };
    }
    case 'struct':
      return structDecoder(t);
    default:
      throw new MsgpackError('INVALID_ARGUMENT', `unknown descriptor kind ${JSON.stringify((t as { kind?: unknown }).kind)}`);
  }
}

function structDecoder(t: StructType): Dec {
  const names = t.order;
  const nf = names.length;
  const types = names.map((f) => t.fields[f] as MsgpackType);
  const index = new Map(names.map((f, i) => [f, i]));
  const sortedIdx = t.sorted.map((f) => index.get(f) as number);
  const sortedPos: number[] = [];
  sortedIdx.forEach((d, p) => (sortedPos[d] = p));
  const parts: StructDecoderParts = {
    what: `struct ${t.name}`,
    names,
    types,
    decs: types.map(compileDecoder),
    keys: names.map(strBytes),
    sortedIdx,
    sortedPos,
    index,
    make: zeroFactory(t),
    zeroMakers: types.map((ft) => (ft.kind === 'struct' ? zeroFactory(ft) : null)),
  };
  const generated = generateStructDecoder(parts);
  if (generated !== null) return generated;
  const { what, decs, keys, make } = parts;
  return (r) => {
    const at = r.pos;
    const b = r.peek();
    if (b === M.NIL) {
      r.pos = at + 1;
      return make();
    }
    const n = r.mapLen(b);
    if (n < 0) throw r.mismatch(what, b, at);
    r.enter();
    const o = make();
    let inSorted = false;
    let p = 0; // predicted position of the next key in the current order
    for (let i = 0; i < n; i++) {
      let f = -1;
      if (p < nf) {
        const c = inSorted ? (sortedIdx[p] as number) : p;
        if (r.match(keys[c] as Uint8Array)) f = c;
        else {
          const c2 = inSorted ? p : (sortedIdx[p] as number);
          if (c2 !== c && r.match(keys[c2] as Uint8Array)) {
            f = c2;
            inSorted = !inSorted;
          }
        }
      }
      if (f < 0) {
        const found = index.get(r.string('a string map key'));
        if (found === undefined) {
          r.skip();
          continue;
        }
        f = found;
      }
      o[names[f] as string] = (decs[f] as Dec)(r);
      p = (inSorted ? (sortedPos[f] as number) : f) + 1;
    }
    r.depth--;
    return o;
  };
}
