/**
 * HCL2 support for TS components under Packer 1.6: the `ConfigSpec` reply and the cty JSON
 * configs Packer then sends.
 *
 * `ConfigSpec` returns `{ConfigSpec: []byte}` holding a gob stream of `hcldec.ObjectSpec`
 * (packer-plugin-sdk rpc/common.go): `map[string]hcldec.Spec` whose values are interface values
 * named `*hcldec.AttrSpec` (`{Name string; Type cty.Type; Required bool}`). `cty.Type` is a
 * GobEncoder (go-cty cty/gob.go): its bytes are a nested gob stream of
 * `gobType{Version int; Impl typeImpl}`, `Impl` an interface value named
 * `github.com/zclconf/go-cty/cty.primitiveType` (`{Kind primitiveTypeKind}`, a byte 'S'/'N'/'B'),
 * `…cty.typeList` / `…cty.typeMap` / `…cty.typeSet` (`{ElementTypeT Type}`, recursively).
 * With an HCL2 template Packer then sends configs as msgpack bin holding cty JSON
 * (`{"value": …, "type": …}`), decoded here into plain JS values.
 */
import * as gob from '../gob/index.js';
import type { AnyValue } from '../msgpack/index.js';
import { PackerError } from './errors.js';

/** A cty type: a primitive, or a collection of one. */
export type CtyType = 'string' | 'number' | 'bool' | { readonly list: CtyType } | { readonly map: CtyType } | { readonly set: CtyType };

/** One attribute of a component's HCL2 configuration. */
export interface AttrSpec {
  readonly type: CtyType;
  readonly required?: boolean;
}

/** A component's HCL2 configuration: attribute name → spec (Go `hcldec.ObjectSpec` of AttrSpecs). */
export type ConfigSpec = { readonly [name: string]: AttrSpec };

const CTY = 'github.com/zclconf/go-cty/cty';
const registry = new gob.Registry();

interface CtyTypeValue {
  readonly impl: gob.GoInterface;
}

const ctyType: gob.GobEncoderDescriptor<CtyTypeValue> = gob.gobEncoder<CtyTypeValue>(
  'Type',
  {
    encode: (t) => new gob.Encoder({ registry }).encode({ Version: 0, Impl: t.impl }, GobType),
    decode: () => {
      throw new PackerError('PROTOCOL', 'decoding cty.Type is not supported');
    },
  },
  { pkgPath: CTY },
);
const PrimitiveType = gob.struct('primitiveType', { Kind: gob.named('primitiveTypeKind', gob.uint8, { pkgPath: CTY }) }, { pkgPath: CTY });
const TypeList = gob.struct('typeList', { ElementTypeT: ctyType }, { pkgPath: CTY });
const TypeMap = gob.struct('typeMap', { ElementTypeT: ctyType }, { pkgPath: CTY });
const TypeSet = gob.struct('typeSet', { ElementTypeT: ctyType }, { pkgPath: CTY });
const GobType = gob.struct('gobType', { Version: gob.int, Impl: gob.interface }, { pkgPath: CTY });
registry.register(`${CTY}.primitiveType`, PrimitiveType);
registry.register(`${CTY}.typeList`, TypeList);
registry.register(`${CTY}.typeMap`, TypeMap);
registry.register(`${CTY}.typeSet`, TypeSet);

const HclAttrSpec = gob.struct('AttrSpec', { Name: gob.string, Type: ctyType, Required: gob.bool }, { pkgPath: 'github.com/hashicorp/hcl/v2/hcldec' });
registry.register('*hcldec.AttrSpec', gob.ptr(HclAttrSpec));
const ObjectSpec = gob.named('ObjectSpec', gob.map(gob.string, gob.interface), { pkgPath: 'github.com/hashicorp/hcl/v2/hcldec' });

const KIND: Record<string, number> = { string: 0x53, number: 0x4e, bool: 0x42 };

function toCty(t: CtyType): CtyTypeValue {
  if (typeof t === 'string') {
    const kind = KIND[t];
    if (kind === undefined) throw new PackerError('INVALID_ARGUMENT', `unknown cty type ${JSON.stringify(t)}`);
    return { impl: gob.iface(PrimitiveType, { Kind: kind }, `${CTY}.primitiveType`) };
  }
  if ('list' in t) return { impl: gob.iface(TypeList, { ElementTypeT: toCty(t.list) }, `${CTY}.typeList`) };
  if ('map' in t) return { impl: gob.iface(TypeMap, { ElementTypeT: toCty(t.map) }, `${CTY}.typeMap`) };
  if ('set' in t) return { impl: gob.iface(TypeSet, { ElementTypeT: toCty(t.set) }, `${CTY}.typeSet`) };
  throw new PackerError('INVALID_ARGUMENT', `unknown cty type ${JSON.stringify(t)}`);
}

/** The gob bytes of `spec` as Go's `hcldec.ObjectSpec`, what `ConfigSpec` replies. */
export function encodeConfigSpec(spec: ConfigSpec): Uint8Array {
  const m = new Map<string, gob.GoInterface>();
  for (const [name, a] of Object.entries(spec)) {
    m.set(name, gob.iface(gob.ptr(HclAttrSpec), { Name: name, Type: toCty(a.type), Required: a.required ?? false }, '*hcldec.AttrSpec'));
  }
  return new gob.Encoder({ registry }).encode(m as never, ObjectSpec);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Configs as a component sees them: cty JSON (`bin` from HCL2 templates) becomes its plain JS
 * value; plain maps (JSON templates) stay as they are.
 */
export function decodeConfigs(configs: readonly AnyValue[]): AnyValue[] {
  return configs.map((c) => {
    if (!(c instanceof Uint8Array)) return c;
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(c));
    } catch (err) {
      throw new PackerError('PROTOCOL', 'a config is neither a map nor cty JSON', { cause: err });
    }
    if (typeof parsed !== 'object' || parsed === null || !('value' in parsed)) throw new PackerError('PROTOCOL', 'cty JSON config without "value"');
    return (parsed as { value: AnyValue }).value;
  });
}

/**
 * Merges configs into one object, later keys winning (how Packer's `config.Decode` merges the
 * template block with Packer's own variables); non-objects (nil) are skipped.
 */
export function mergeConfigs(configs: readonly AnyValue[]): { [key: string]: AnyValue } {
  const out: { [key: string]: AnyValue } = {};
  for (const c of configs) {
    if (typeof c === 'object' && c !== null && !Array.isArray(c) && !(c instanceof Uint8Array) && !(c instanceof Map)) Object.assign(out, c);
  }
  return out;
}
