/**
 * HCL2 support for TS components under Packer ≥ 1.6: the `ConfigSpec` reply (and, on the host
 * side, reading a Go plugin's) and the cty JSON configs Packer then sends.
 *
 * `ConfigSpec` (and a datasource's `OutputSpec`) returns `{ConfigSpec: []byte}` holding a gob
 * stream of `hcldec.ObjectSpec` (packer-plugin-sdk rpc/common.go): `map[string]hcldec.Spec` whose
 * values are interface values named `*hcldec.AttrSpec` (`{Name string; Type cty.Type; Required
 * bool}`); `cty.Type` is written by cty-gob.ts.
 * With an HCL2 template Packer then sends configs as msgpack bin holding cty JSON
 * (`{"value": …, "type": …}`), decoded here into plain JS values.
 */
import * as gob from '../gob/index.js';
import type { AnyValue } from '../msgpack/index.js';
import { ctyTypeDescriptor, ctyTypeFromGob, gobCtyType, type CtyType } from './cty-gob.js';
import { PackerError } from './errors.js';

export type { CtyType } from './cty-gob.js';

/** One attribute of a component's HCL2 configuration. */
export interface AttrSpec {
  readonly type: CtyType;
  readonly required?: boolean;
}

/** A component's HCL2 configuration: attribute name → spec (Go `hcldec.ObjectSpec` of AttrSpecs). */
export type ConfigSpec = { readonly [name: string]: AttrSpec };

const registry = new gob.Registry();
const HclAttrSpec = gob.struct('AttrSpec', { Name: gob.string, Type: ctyTypeDescriptor, Required: gob.bool }, { pkgPath: 'github.com/hashicorp/hcl/v2/hcldec' });
registry.register('*hcldec.AttrSpec', gob.ptr(HclAttrSpec));
const ObjectSpec = gob.named('ObjectSpec', gob.map(gob.string, gob.interface), { pkgPath: 'github.com/hashicorp/hcl/v2/hcldec' });

/** The cty object type a spec implies (Go `hcldec.ImpliedType`). */
export function impliedType(spec: ConfigSpec): CtyType {
  return { object: Object.fromEntries(Object.entries(spec).map(([k, a]) => [k, a.type])) };
}

/** The gob bytes of `spec` as Go's `hcldec.ObjectSpec`, what `ConfigSpec` replies. */
export function encodeConfigSpec(spec: ConfigSpec): Uint8Array {
  const m = new Map<string, gob.GoInterface>();
  for (const [name, a] of Object.entries(spec)) {
    m.set(name, gob.iface(gob.ptr(HclAttrSpec), { Name: name, Type: gobCtyType(a.type), Required: a.required ?? false }, '*hcldec.AttrSpec'));
  }
  return new gob.Encoder({ registry }).encode(m as never, ObjectSpec);
}

/**
 * A gob `hcldec.ObjectSpec` (a Go plugin's `ConfigSpec` / `OutputSpec` reply) as a ConfigSpec.
 * Only attribute specs have a TS form; block specs are a PackerError PROTOCOL.
 */
export function decodeConfigSpec(bytes: Uint8Array): ConfigSpec {
  let m: unknown;
  try {
    const dec = new gob.Decoder({ registry });
    dec.push(bytes);
    m = dec.decode(ObjectSpec);
  } catch (err) {
    if (err instanceof PackerError) throw err;
    throw new PackerError('PROTOCOL', `unsupported or bad hcldec.ObjectSpec (only attribute specs are supported): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!(m instanceof Map)) throw new PackerError('PROTOCOL', 'truncated hcldec.ObjectSpec');
  const out: { [name: string]: AttrSpec } = {};
  for (const [name, v] of m as Map<string, gob.GoInterface | null>) {
    const a = v?.value as { Type: Parameters<typeof ctyTypeFromGob>[0]; Required: boolean } | null | undefined;
    if (a === null || a === undefined) throw new PackerError('PROTOCOL', `hcldec.ObjectSpec: ${JSON.stringify(name)} has no spec`);
    out[name] = { type: ctyTypeFromGob(a.Type), required: a.Required };
  }
  return out;
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
