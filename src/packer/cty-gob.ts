/**
 * cty types and values as gob, the way go-cty's cty/gob.go writes them (the go-cty fork that
 * packer-plugin-sdk requires keeps gob support), for `ConfigSpec` / `OutputSpec` replies and
 * `Datasource.Execute` values.
 *
 * - `cty.Type` is a GobEncoder: a nested gob stream of `gobType{Version int; Impl typeImpl}`,
 *   `Impl` an interface value named `github.com/zclconf/go-cty/cty.primitiveType`
 *   (`{Kind primitiveTypeKind}`, a byte 'S'/'N'/'B'), `…cty.typeList` / `…typeMap` /
 *   `…typeSet` (`{ElementTypeT Type}`), `…typeObject` (`{AttrTypes map[string]Type;
 *   AttrOptional map[string]struct{}}`) or `…typeTuple` (`{ElemTypes []Type}`).
 * - `cty.Value` is a GobEncoder: a nested gob stream of `gobValue{Version int; Ty Type;
 *   V interface{}}`, `V` cty's internal representation: `string`, `bool`, `math/big.Float`
 *   (numbers), `[]interface {}` (lists, tuples), `map[string]interface {}` (maps, objects),
 *   nil for null (types_to_register.go registers these names).
 * - `big.Float` is a GobEncoder too (math/big floatmarsh.go `GobEncode`): version 1, a byte
 *   `mode<<5 | (acc+1)<<3 | form<<1 | neg`, the precision as uint32, and for finite values the
 *   exponent as int32 and the mantissa words big-endian. Numbers are written as cty's
 *   `NumberFloatVal` (precision 53) and bigints as `NumberIntVal` / `SetInt` (precision
 *   max(64, bit length)), so an int64 keeps every digit.
 *
 * Decoding (the host side of `Datasource.Execute`) gives plain JS: numbers, or bigints for
 * integers a float64 would round.
 *
 * Deviation from Go: set values cannot be encoded or decoded (cty's set.Set carries hash rules
 * that have no gob form outside Go); set *types* can.
 */
import * as gob from '../gob/index.js';
import { PackerError } from './errors.js';

/** A cty type: a primitive, a collection of one, an object or a tuple. */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | { readonly list: CtyType }
  | { readonly map: CtyType }
  | { readonly set: CtyType }
  | { readonly object: { readonly [attr: string]: CtyType } }
  | { readonly tuple: readonly CtyType[] };

const CTY = 'github.com/zclconf/go-cty/cty';
const registry = new gob.Registry();

interface GobCtyType {
  readonly impl: gob.GoInterface;
}

/** Decodes one value of `type` from a complete nested gob stream (a GobEncoder's bytes). */
function decodeNested<D extends gob.Descriptor>(bytes: Uint8Array, type: D, what: string): gob.Infer<D> {
  const dec = new gob.Decoder({ registry });
  dec.push(bytes);
  const v = dec.decode(type);
  if (v === gob.NEED_MORE) throw new PackerError('PROTOCOL', `${what}: truncated gob stream`);
  return v;
}

/** The `cty.Type` GobEncoder descriptor. */
export const ctyTypeDescriptor: gob.GobEncoderDescriptor<GobCtyType> = gob.gobEncoder<GobCtyType>(
  'Type',
  {
    encode: (t) => new gob.Encoder({ registry }).encode({ Version: 0, Impl: t.impl }, GobType),
    decode: (bytes) => {
      const g = decodeNested(bytes, GobType, 'cty.Type');
      if (g.Version !== 0) throw new PackerError('PROTOCOL', `unsupported cty.Type encoding version ${g.Version}`);
      if (g.Impl === null) throw new PackerError('PROTOCOL', 'a cty.Type without an implementation');
      return { impl: g.Impl };
    },
  },
  { pkgPath: CTY },
);
const PrimitiveType = gob.struct('primitiveType', { Kind: gob.named('primitiveTypeKind', gob.uint8, { pkgPath: CTY }) }, { pkgPath: CTY });
const TypeList = gob.struct('typeList', { ElementTypeT: ctyTypeDescriptor }, { pkgPath: CTY });
const TypeMap = gob.struct('typeMap', { ElementTypeT: ctyTypeDescriptor }, { pkgPath: CTY });
const TypeSet = gob.struct('typeSet', { ElementTypeT: ctyTypeDescriptor }, { pkgPath: CTY });
const TypeObject = gob.struct('typeObject', { AttrTypes: gob.map(gob.string, ctyTypeDescriptor), AttrOptional: gob.map(gob.string, gob.emptyStruct) }, { pkgPath: CTY });
const TypeTuple = gob.struct('typeTuple', { ElemTypes: gob.slice(ctyTypeDescriptor) }, { pkgPath: CTY });
const GobType = gob.struct('gobType', { Version: gob.int, Impl: gob.interface }, { pkgPath: CTY });
for (const [name, d] of [
  ['primitiveType', PrimitiveType],
  ['typeList', TypeList],
  ['typeMap', TypeMap],
  ['typeSet', TypeSet],
  ['typeObject', TypeObject],
  ['typeTuple', TypeTuple],
] as const) {
  registry.register(`${CTY}.${name}`, d);
}

const KIND: Record<string, number> = { string: 0x53, number: 0x4e, bool: 0x42 };

function badType(t: unknown): PackerError {
  return new PackerError('INVALID_ARGUMENT', `unknown cty type ${JSON.stringify(t)}: use 'string', 'number', 'bool', {list}, {map}, {set}, {object} or {tuple}`);
}

/** The TS form of a decoded gob `cty.Type`. */
export function ctyTypeFromGob(t: GobCtyType): CtyType {
  const name = t.impl.name?.slice(CTY.length + 1);
  const v = t.impl.value as { Kind?: number; ElementTypeT?: GobCtyType; AttrTypes?: Map<string, GobCtyType> | null; ElemTypes?: GobCtyType[] | null };
  if (name === 'primitiveType') {
    const kind = Object.keys(KIND).find((k) => KIND[k] === v.Kind);
    if (kind !== undefined) return kind as CtyType;
  } else if (v.ElementTypeT !== undefined && (name === 'typeList' || name === 'typeMap' || name === 'typeSet')) {
    const e = ctyTypeFromGob(v.ElementTypeT);
    return name === 'typeList' ? { list: e } : name === 'typeMap' ? { map: e } : { set: e };
  } else if (name === 'typeObject') {
    return { object: Object.fromEntries([...(v.AttrTypes ?? new Map<string, GobCtyType>())].map(([k, at]) => [k, ctyTypeFromGob(at)])) };
  } else if (name === 'typeTuple') {
    return { tuple: (v.ElemTypes ?? []).map(ctyTypeFromGob) };
  }
  throw new PackerError('PROTOCOL', `unsupported cty type ${JSON.stringify(t.impl.name)} (capsule and dynamic types have no TS form)`);
}

/** A TS cty type as the value of a gob `cty.Type`. */
export function gobCtyType(t: CtyType): GobCtyType {
  if (typeof t === 'string') {
    const kind = KIND[t];
    if (kind === undefined) throw badType(t);
    return { impl: gob.iface(PrimitiveType, { Kind: kind }, `${CTY}.primitiveType`) };
  }
  if (typeof t !== 'object' || t === null) throw badType(t);
  if ('list' in t) return { impl: gob.iface(TypeList, { ElementTypeT: gobCtyType(t.list) }, `${CTY}.typeList`) };
  if ('map' in t) return { impl: gob.iface(TypeMap, { ElementTypeT: gobCtyType(t.map) }, `${CTY}.typeMap`) };
  if ('set' in t) return { impl: gob.iface(TypeSet, { ElementTypeT: gobCtyType(t.set) }, `${CTY}.typeSet`) };
  if ('object' in t) {
    const attrs = new Map(Object.entries(t.object).map(([k, v]) => [k, gobCtyType(v)] as const));
    return { impl: gob.iface(TypeObject, { AttrTypes: attrs, AttrOptional: null }, `${CTY}.typeObject`) };
  }
  if ('tuple' in t) return { impl: gob.iface(TypeTuple, { ElemTypes: t.tuple.map(gobCtyType) }, `${CTY}.typeTuple`) };
  throw badType(t);
}

// ---- values ----

/** math/big.Float's GobEncode bytes (see the file header). */
export function bigFloatGob(n: number | bigint): Uint8Array {
  const FLOAT_GOB_VERSION = 1;
  const ACC_EXACT_BITS = 1 << 3; // (Exact + 1) << 3, mode ToNearestEven = 0
  const head = (form: number, neg: boolean, prec: number, words: number): Uint8Array => {
    const b = new Uint8Array(6 + (form === 1 ? 4 + 8 * words : 0));
    b[0] = FLOAT_GOB_VERSION;
    b[1] = ACC_EXACT_BITS | (form << 1) | (neg ? 1 : 0);
    new DataView(b.buffer).setUint32(2, prec);
    return b;
  };
  if (typeof n === 'bigint') {
    const neg = n < 0n;
    const abs = neg ? -n : n;
    const bits = abs.toString(2).length;
    const prec = Math.max(bits, 64);
    if (abs === 0n) return head(0, false, 64, 0);
    const words = Math.ceil(prec / 64);
    const b = head(1, neg, prec, words);
    const dv = new DataView(b.buffer);
    dv.setInt32(6, bits);
    let mant = abs << BigInt(words * 64 - bits);
    for (let i = words - 1; i >= 0; i--, mant >>= 64n) dv.setBigUint64(10 + 8 * i, mant & 0xffff_ffff_ffff_ffffn);
    return b;
  }
  if (Number.isNaN(n)) throw new PackerError('INVALID_ARGUMENT', 'NaN is not a cty number');
  const neg = n < 0 || Object.is(n, -0);
  if (n === 0) return head(0, neg, 53, 0);
  if (!Number.isFinite(n)) return head(2, neg, 53, 0);
  const f = new DataView(new ArrayBuffer(8));
  f.setFloat64(0, Math.abs(n));
  const raw = f.getBigUint64(0);
  const e = Number(raw >> 52n);
  const frac = raw & ((1n << 52n) - 1n);
  let mant: bigint;
  let exp: number;
  if (e > 0) {
    mant = ((1n << 52n) | frac) << 11n;
    exp = e - 1022;
  } else {
    const len = frac.toString(2).length; // subnormal: normalise as Go's math.Frexp does
    mant = frac << BigInt(64 - len);
    exp = len - 1074;
  }
  const b = head(1, neg, 53, 1);
  const dv = new DataView(b.buffer);
  dv.setInt32(6, exp);
  dv.setBigUint64(10, mant);
  return b;
}

/**
 * A number from math/big.Float's GobEncode bytes: a JS number, or a bigint for an integer beyond
 * 2^53 that a float64 would round (an int64 from Go keeps every digit).
 */
export function bigFloatFromGob(b: Uint8Array): number | bigint {
  if (b.length < 6 || b[0] !== 1) throw new PackerError('PROTOCOL', `big.Float: bad encoding (${b.length} bytes, version ${String(b[0])})`);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const flags = b[1] as number;
  const neg = (flags & 1) === 1;
  const form = (flags >> 1) & 3;
  if (form === 0) return neg ? -0 : 0;
  if (form === 2) return neg ? -Infinity : Infinity;
  if (b.length < 10 || (b.length - 10) % 8 !== 0) throw new PackerError('PROTOCOL', `big.Float: bad finite encoding (${b.length} bytes)`);
  const exp = dv.getInt32(6);
  const words = (b.length - 10) / 8;
  let mant = 0n;
  for (let i = 0; i < words; i++) mant = (mant << 64n) | dv.getBigUint64(10 + 8 * i);
  // value = 0.mant × 2^exp = mant × 2^(exp − bits), mant having `bits` bits.
  const bits = words * 64;
  const shift = exp - bits;
  if (exp > 53 && (shift >= 0 || (mant & ((1n << BigInt(-shift)) - 1n)) === 0n)) {
    // An integer of 54 bits or more: a bigint unless a float64 holds it exactly (1e300 does).
    if (exp > 1 << 16) throw new PackerError('PROTOCOL', `big.Float: an integer of ${exp} bits is out of range`);
    const int = shift >= 0 ? mant << BigInt(shift) : mant >> BigInt(-shift);
    const f = Number(int);
    if (!Number.isFinite(f) || BigInt(f) !== int) return neg ? -int : int;
    return neg ? -f : f;
  }
  // The top 64 bits with a sticky bit for the rest round to float64 exactly as the whole would.
  const rest = bits - 64;
  const top = rest > 0 ? (mant >> BigInt(rest)) | ((mant & ((1n << BigInt(rest)) - 1n)) === 0n ? 0n : 1n) : mant;
  // Scaled in two steps so that neither power of two over- or underflows on its own.
  const half = Math.trunc(exp / 2);
  const x = ((Number(top) * 2 ** -64) * 2 ** half) * 2 ** (exp - half);
  return neg ? -x : x;
}

const BigFloat = gob.gobEncoder<number | bigint>('Float', { encode: bigFloatGob, decode: bigFloatFromGob }, { pkgPath: 'math/big' });
const IfaceSlice = gob.slice(gob.interface);
const IfaceMap = gob.map(gob.string, gob.interface);
registry.register('math/big.Float', BigFloat);
registry.register('[]interface {}', IfaceSlice);
registry.register('map[string]interface {}', IfaceMap);

const describe = (v: unknown): string => (v === undefined ? 'undefined' : typeof v === 'bigint' ? `${v}n` : (JSON.stringify(v) ?? String(v)));

function mismatch(path: string, want: string, got: unknown): PackerError {
  return new PackerError('INVALID_ARGUMENT', `${path === '' ? 'the value' : path}: want ${want}, got ${describe(got).slice(0, 80)}`);
}

function entriesOf(v: unknown, path: string, want: string): [string, unknown][] {
  if (v instanceof Map) return [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]);
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)) return Object.entries(v);
  throw mismatch(path, want, v);
}

/** cty's internal representation of `v` as type `t`, as gob interface values (null = cty null). */
function internal(t: CtyType, v: unknown, path: string): gob.GoInterface | null {
  if (v === null || v === undefined) return null;
  if (t === 'string') {
    if (typeof v !== 'string') throw mismatch(path, 'a string', v);
    return gob.iface(gob.string, v, 'string');
  }
  if (t === 'bool') {
    if (typeof v !== 'boolean') throw mismatch(path, 'a bool', v);
    return gob.iface(gob.bool, v, 'bool');
  }
  if (t === 'number') {
    if (typeof v !== 'bigint' && typeof v !== 'number') throw mismatch(path, 'a number or bigint', v);
    if (Number.isNaN(v)) throw mismatch(path, 'a number', v);
    return gob.iface(BigFloat, v, 'math/big.Float');
  }
  if (typeof t !== 'object') throw badType(t);
  if ('list' in t || 'tuple' in t) {
    if (!Array.isArray(v)) throw mismatch(path, 'an array', v);
    if ('tuple' in t && v.length !== t.tuple.length) throw mismatch(path, `a tuple of ${t.tuple.length}`, v);
    return gob.iface(IfaceSlice, v.map((x: unknown, i) => internal('list' in t ? t.list : (t.tuple[i] as CtyType), x, `${path}[${i}]`)), '[]interface {}');
  }
  if ('map' in t) {
    const m = new Map(entriesOf(v, path, 'an object or Map').map(([k, x]) => [k, internal(t.map, x, `${path}.${k}`)] as const));
    return gob.iface(IfaceMap, m, 'map[string]interface {}');
  }
  if ('object' in t) {
    const given = new Map(entriesOf(v, path, 'an object'));
    for (const k of given.keys()) if (!Object.prototype.hasOwnProperty.call(t.object, k)) throw new PackerError('INVALID_ARGUMENT', `${path === '' ? 'the value' : path}: unexpected attribute ${JSON.stringify(k)}`);
    const m = new Map(Object.entries(t.object).map(([k, at]) => [k, internal(at, given.get(k), `${path}.${k}`)] as const));
    return gob.iface(IfaceMap, m, 'map[string]interface {}');
  }
  if ('set' in t) throw new PackerError('INVALID_ARGUMENT', `${path === '' ? 'the value' : path}: set values cannot be sent (use a list)`);
  throw badType(t);
}

interface GobCtyValue {
  readonly ty: GobCtyType;
  readonly v: gob.GoInterface | null;
}
const GobValue = gob.struct('gobValue', { Version: gob.int, Ty: ctyTypeDescriptor, V: gob.interface }, { pkgPath: CTY });
const CtyValue = gob.gobEncoder<GobCtyValue>(
  'Value',
  {
    encode: (x) => new gob.Encoder({ registry }).encode({ Version: 0, Ty: x.ty, V: x.v }, GobValue),
    decode: (bytes) => {
      const g = decodeNested(bytes, GobValue, 'cty.Value');
      if (g.Version !== 0) throw new PackerError('PROTOCOL', `unsupported cty.Value encoding version ${g.Version}`);
      return { ty: g.Ty, v: g.V };
    },
  },
  { pkgPath: CTY },
);

/** Plain JS from cty's internal representation (null for cty null; objects for maps and objects). */
function plain(v: gob.GoInterface | null): unknown {
  if (v === null) return null;
  const x = v.value;
  if (Array.isArray(x)) return x.map((e) => plain(e as gob.GoInterface | null));
  if (x instanceof Map) return Object.fromEntries([...(x as Map<string, gob.GoInterface | null>)].map(([k, e]) => [k, plain(e)]));
  if (typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'bigint') return x;
  throw new PackerError('PROTOCOL', `unsupported cty value of Go type ${JSON.stringify(v.name)} (sets and capsules have no TS form)`);
}

/** A gob `cty.Value` stream (what `Datasource.Execute` replies) as its type and plain JS value. */
export function decodeCtyValue(bytes: Uint8Array): { readonly type: CtyType; readonly value: unknown } {
  try {
    const x = decodeNested(bytes, CtyValue, 'cty.Value');
    return { type: ctyTypeFromGob(x.ty), value: plain(x.v) };
  } catch (err) {
    if (err instanceof PackerError) throw err;
    throw new PackerError('PROTOCOL', `bad gob cty.Value: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** The gob stream of a `cty.Value` of type `t` holding `value` (plain JS, checked against `t`). */
export function encodeCtyValue(t: CtyType, value: unknown): Uint8Array {
  const x: GobCtyValue = { ty: gobCtyType(t), v: internal(t, value, '') };
  return new gob.Encoder({ registry }).encode(x, CtyValue);
}
