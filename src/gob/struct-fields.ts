/**
 * Struct field helpers for decoding: Go `FieldByName` (direct and promoted fields through
 * embedded structs), nested assignment for promoted fields, and zero-value literals for the
 * generated decoders (decode.go `compileDec` field matching).
 */
import { flatten, unwrapNamed } from './descriptor-rules.js';
import type { Descriptor, StructDescriptor } from './types.js';

export interface FieldPath {
  readonly path: readonly string[];
  readonly type: Descriptor;
}

interface FieldIndex {
  /** Direct fields by name (the first one wins, as in the field list). */
  readonly byName: Map<string, Descriptor>;
  /** Embedded struct fields, in order. */
  readonly embedded: readonly { readonly name: string; readonly s: StructDescriptor<unknown> }[];
}

const indexes = new WeakMap<object, FieldIndex>();

/** The name index of a struct's fields, built once per descriptor (linear in its fields). */
function fieldIndex(s: StructDescriptor<unknown>): FieldIndex {
  let ix = indexes.get(s);
  if (ix !== undefined) return ix;
  const byName = new Map<string, Descriptor>();
  const embedded: { name: string; s: StructDescriptor<unknown> }[] = [];
  for (const f of s.fields) {
    if (!byName.has(f.name)) byName.set(f.name, f.type);
    const ft = flatten(f.type);
    if (f.embedded && ft.kind === 'struct') embedded.push({ name: f.name, s: ft });
  }
  ix = { byName, embedded };
  indexes.set(s, ix);
  return ix;
}

/**
 * Go `FieldByName`: a direct field, or a field promoted from an embedded struct (shallowest
 * first). Each struct's fields are indexed once, so matching all wire fields of a wide struct
 * is linear, not quadratic.
 */
export function findField(s: StructDescriptor<unknown>, name: string): FieldPath | undefined {
  let level: { s: StructDescriptor<unknown>; path: string[] }[] = [{ s, path: [] }];
  for (let depth = 0; depth < 16 && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { s: cur, path } of level) {
      const ix = fieldIndex(cur);
      const type = ix.byName.get(name);
      if (type !== undefined) return { path: [...path, name], type };
      for (const e of ix.embedded) next.push({ s: e.s, path: [...path, e.name] });
    }
    level = next;
  }
  return undefined;
}

/** JS source of a field's zero value when it is a primitive, else null. */
export function zeroLiteral(d: Descriptor): string | null {
  const u = unwrapNamed(d);
  switch (u.kind) {
    case 'bool':
      return 'false';
    case 'int':
    case 'uint':
      return u.mode === 'bigint' ? '0n' : '0';
    case 'float':
      return '0';
    case 'string':
      return '""';
    case 'ptr':
    case 'interface':
    case 'map':
      return 'null';
    case 'slice':
      return '[]';
    case 'bytes':
      return 'new Uint8Array(0)';
    case 'complex':
      return '{ real: 0, imag: 0 }';
    default:
      return null;
  }
}

export function setPath(o: Record<string, unknown>, path: readonly string[], v: unknown): void {
  let cur = o;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string;
    let next = cur[k];
    if (next === null || typeof next !== 'object') {
      next = {};
      cur[k] = next;
    }
    cur = next as Record<string, unknown>;
  }
  cur[path[path.length - 1] as string] = v;
}

