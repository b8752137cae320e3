/**
 * The JSON model printed by the Go helper (gen-helper/types.go and scan.go): the Go types gob
 * sends for the selected types, net/rpc services and static gob registrations.
 */
import { GenError } from './errors.js';

/** One Go type (see gen-helper/types.go `typeRef`). */
export interface TypeRef {
  /** A basic name (`bool`, `int`, …, `string`), or bytes, iface, time, named, ptr, slice, array, map, struct, unsupported. */
  readonly k: string;
  readonly name?: string;
  readonly ref?: string;
  readonly elem?: TypeRef;
  readonly key?: TypeRef;
  readonly len?: number;
  readonly fields?: readonly FieldRef[];
}

export interface FieldRef {
  readonly name: string;
  readonly type: TypeRef;
  readonly embedded?: boolean;
}

/** A Go defined type. */
export interface NamedType {
  readonly key: string;
  readonly name: string;
  readonly pkgPath: string;
  readonly pkg: string;
  readonly kind: 'struct' | 'named' | 'marshaler' | 'interface';
  readonly fields?: readonly FieldRef[];
  readonly base?: TypeRef;
  readonly marshal?: 'gob' | 'binary';
  /** The marshal method is time.Time's, promoted from an embedded time.Time (its bytes are a time.Time's). */
  readonly time?: boolean;
  readonly pointerReceiver?: boolean;
  readonly underlyingFields?: readonly TypeRef[];
  readonly goType: string;
}

export interface ServiceModel {
  readonly name: string;
  readonly goType: string;
  readonly methods: readonly { readonly name: string; readonly args: TypeRef; readonly reply: TypeRef }[];
}

export interface RegistrationModel {
  /** RegisterName's name; absent for Register (default name rule applies). */
  readonly name?: string;
  readonly type: TypeRef;
  readonly pos: string;
}

/** Everything the helper reports. */
export interface GoModel {
  readonly goVersion: string;
  readonly packages: readonly { readonly path: string; readonly name: string }[];
  readonly named: readonly NamedType[];
  readonly roots: readonly string[];
  readonly services: readonly ServiceModel[];
  readonly registrations: readonly RegistrationModel[];
  readonly notes: readonly string[];
}

/** Parses and shape-checks the helper's output. */
export function parseModel(text: string): GoModel {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (cause) {
    throw new GenError('BAD_MODEL', 'go-netrpc gen: the Go helper printed no valid JSON', { cause });
  }
  const o = m as Partial<GoModel> | null;
  const arrays = ['packages', 'named', 'roots', 'services', 'registrations', 'notes'] as const;
  if (o === null || typeof o !== 'object' || arrays.some((k) => !Array.isArray(o[k]))) {
    throw new GenError('BAD_MODEL', 'go-netrpc gen: the Go helper output lacks packages/named/roots/services/registrations/notes');
  }
  return o as GoModel;
}
