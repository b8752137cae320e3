/**
 * TypeScript identifiers for Go types and services in generated code: the Go name when it is
 * unique and safe, else `pkg_Name`; names TypeScript or the generated module itself need
 * (reserved words, `Map`, `gob`, …) get a trailing `_`. Services are `<Name>Service`, or named
 * after their Go type when several share one wire name.
 */
import type { NamedType, ServiceModel } from './model.js';

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with as implements interface ' +
    'let package private protected public static yield any boolean constructor declare get module require number set string symbol ' +
    'type from of unknown never object bigint undefined await async keyof infer is asserts readonly unique satisfies ' +
    'Map Set Array Uint8Array Promise Object String Number Boolean Symbol BigInt Date Error Record Partial Readonly JSON Math ' +
    'gob rpc globalThis'
  ).split(' '),
);

function safe(name: string): string {
  const s = name.replace(/[^\p{L}\p{N}_$]/gu, '_');
  return RESERVED.has(s) || /^\p{N}/u.test(s) ? `${s}_` : s;
}

/** TS identifiers keyed by named-type key; services by index. */
export interface Identifiers {
  readonly types: ReadonlyMap<string, string>;
  readonly services: readonly string[];
}

export function assignIdentifiers(named: readonly NamedType[], services: readonly ServiceModel[]): Identifiers {
  const count = new Map<string, number>();
  for (const n of named) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  const types = new Map<string, string>();
  const used = new Set<string>();
  for (const n of named) {
    let id = safe((count.get(n.name) ?? 0) > 1 ? `${n.pkg}_${n.name}` : n.name);
    while (used.has(id)) id += '_';
    used.add(id);
    types.set(n.key, id);
  }
  const svc: string[] = [];
  const wireNames = new Map<string, number>();
  for (const s of services) wireNames.set(s.name, (wireNames.get(s.name) ?? 0) + 1);
  for (const s of services) {
    // Several services served under one name (Mattermost's hooks and API are both `Plugin`):
    // named after their Go types instead.
    const goName = s.goType.slice(s.goType.lastIndexOf('.') + 1);
    const shared = (wireNames.get(s.name) ?? 0) > 1;
    let id = safe(shared ? `${goName.charAt(0).toUpperCase()}${goName.slice(1)}` : `${s.name.replace(/\./g, '_')}Service`);
    while (used.has(id)) id += '_';
    used.add(id);
    svc.push(id);
  }
  return { types, services: svc };
}
