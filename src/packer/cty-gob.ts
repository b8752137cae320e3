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
 * Deviation from Go: set values cannot be encoded (cty's set.Set carries hash rules that have
 * no gob form outside Go); set *types* can.
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

const notDecodable = (what: string) => (): never => {
  throw new PackerError('PROTOCOL', `decoding ${what} is not supported`);
};

/** The `cty.Type` GobEncoder descriptor. */
export const ctyTypeDescriptor: gob.GobEncoderDescriptor<GobCtyType> = gob.gobEncoder<GobCtyType>(
  'Type',
  { encode: (t) => new gob.Encoder({ registry }).encode({ Version: 0, Impl: t.impl }, GobType), decode: notDecodable('cty.Type') },
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

const BigFloat = gob.gobEncoder<number | bigint>('Float', { encode: bigFloatGob, decode: notDecodable('big.Float') }, { pkgPath: 'math/big' });
const IfaceSlice = gob.slice(gob.interface);
const IfaceMap = gob.map(gob.string, gob.interface);

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
  { encode: (x) => new gob.Encoder({ registry }).encode({ Version: 0, Ty: x.ty, V: x.v }, GobValue), decode: notDecodable('cty.Value') },
  { pkgPath: CTY },
);

/** The gob stream of a `cty.Value` of type `t` holding `value` (plain JS, checked against `t`). */
export function encodeCtyValue(t: CtyType, value: unknown): Uint8Array {
  const x: GobCtyValue = { ty: gobCtyType(t), v: internal(t, value, '') };
  return new gob.Encoder({ registry }).encode(x, CtyValue);
}
