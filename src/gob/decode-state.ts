/**
 * Per-Decoder state shared by the compiled decode and skip closures (Go decoder.go `Decoder`:
 * `wireType`, `decoderCache`, `ignorerCache`, `ignoreDepth`), plus wire-type helpers.
 */
import { T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT } from './constants.js';
import { gobError } from './errors.js';
import type { Reader } from './reader.js';
import type { Registry } from './registry.js';
import type { Descriptor } from './types.js';
import type { WireType } from './wire-type.js';

export type DecFn = (r: Reader) => unknown;
export type SkipFn = (r: Reader) => void;

export interface DecodeState {
  readonly wire: Map<number, WireType>;
  readonly registry: Registry;
  readonly maxDepth: number;
  /** Current value nesting depth (reset at every top-level decode). */
  depth: number;
  /** Return `[]byte` values as views into the message (true) or copies (false). */
  readonly zeroCopy: boolean;
  /** Keep undeclared struct fields on decoded objects (unknown-fields.ts). */
  readonly preserveUnknownFields: boolean;
  /** Interface values of unregistered names decode schemaless instead of failing. */
  readonly unregisteredSchemaless: boolean;
  readonly decCache: Map<Descriptor, Map<number, DecFn>>;
  /** Top-level (and interface payload) decoders: struct body or `00` + value. */
  readonly topCache: Map<Descriptor, Map<number, DecFn>>;
  /** The two top-level decoders used last, checked before `topCache`; emptied with it ({@link clearTopLevel}). */
  readonly topHot: TopHot;
  readonly skipCache: Map<number, SkipFn>;
  readonly wireDescCache: Map<number, Descriptor>;
  /** {@link mayContainInterface} answers by type id. */
  readonly ifaceCache: Map<number, boolean>;
  /** Bumped whenever definitions are rolled back: lazily compiled closures recompile. */
  generation: number;
  /** decoder.go `decodeTypeSequence`: reads definitions until a value's type id. */
  typeSequence(r: Reader, isInterface: boolean): number;
}

/**
 * Two (local descriptor, remote id) → top-level decoder entries: a stream's values mostly cycle
 * through one or two types (a net/rpc stream alternates its header and body types), which then
 * cost two identity comparisons instead of two Map lookups.
 */
export interface TopHot {
  aType: Descriptor | null;
  aId: number;
  aFn: DecFn | null;
  bType: Descriptor | null;
  bId: number;
  bFn: DecFn | null;
}

export function newTopHot(): TopHot {
  return { aType: null, aId: -1, aFn: null, bType: null, bId: -1, bFn: null };
}

/** Forgets every top-level decoder (after a rollback of definitions, or a failed compile). */
export function clearTopLevel(st: DecodeState): void {
  st.topCache.clear();
  const h = st.topHot;
  h.aType = h.bType = null;
  h.aFn = h.bFn = null;
}

const BUILTIN_NAMES: Record<number, string> = {
  [T_BOOL]: 'bool',
  [T_INT]: 'int',
  [T_UINT]: 'uint',
  [T_FLOAT]: 'float',
  [T_BYTES]: 'bytes',
  [T_STRING]: 'string',
  [T_COMPLEX]: 'complex',
  [T_INTERFACE]: 'interface',
};

/**
 * Compilation recurses through nested types; to keep deep chains (which a peer can send up to
 * `maxDepth`) off the JS stack, the decoders and skippers of the types nested every this many levels are built when a
 * value first reaches them. Deviation from Go: a type mismatch that deep is reported when a
 * value contains the mismatched field, not before the first value (Go compiles all eagerly).
 */
export const EAGER_LEVELS = 64;

export function isBuiltinId(id: number): boolean {
  return id >= T_BOOL && id <= T_INTERFACE;
}

/** The wire type of a user id, or a GobError UNKNOWN_TYPE_ID. */
export function wireOf(st: DecodeState, id: number): WireType {
  const w = st.wire.get(id);
  if (w === undefined) throw gobError('UNKNOWN_TYPE_ID', `gob: unknown type id or corrupted data (type id ${id})`);
  return w;
}

/**
 * The name of a remote type for error messages (Go decode.go `typeString`, type.go
 * `wireType.string`): builtin names, else the name the peer gave the type. Never a structural
 * rendering: peer-defined types can be arbitrarily wide and deep. Deviation from Go: an unnamed
 * type reads `type id N` instead of an empty string.
 */
export function wireName(st: DecodeState, id: number): string {
  const b = BUILTIN_NAMES[id];
  if (b !== undefined) return b;
  const w = st.wire.get(id);
  if (w === undefined) return 'unknown type';
  return w.name === '' ? `type id ${id}` : w.name;
}

/** Type ids a wire type refers to. */
export function childIds(w: WireType): readonly number[] {
  switch (w.kind) {
    case 'slice':
    case 'array':
      return [w.elem];
    case 'map':
      return [w.key, w.elem];
    case 'struct':
      return w.fields.map((f) => f.id);
    case 'gobEncoder':
      return [];
  }
}

/**
 * True if values of wire type `id` may contain interfaces (which may continue in a later
 * message). Iterative depth-first search with answers cached per Decoder: every type on the
 * path to an interface reaches it, and a finished search that met no interface (nor an
 * undefined id) clears every type it visited, so a chain of any depth costs linear time, no stack.
 */
export function mayContainInterface(st: DecodeState, id: number): boolean {
  if (id === T_INTERFACE) return true;
  if (isBuiltinId(id)) return false;
  const cached = st.ifaceCache.get(id);
  if (cached !== undefined) return cached;
  const visited = new Set<number>([id]);
  const path: { id: number; kids: readonly number[]; next: number }[] = [];
  const open = (x: number): void => {
    const w = st.wire.get(x);
    path.push({ id: x, kids: w === undefined ? [] : childIds(w), next: 0 });
  };
  let complete = st.wire.has(id);
  open(id);
  while (path.length > 0) {
    const top = path[path.length - 1] as { id: number; kids: readonly number[]; next: number };
    if (top.next === top.kids.length) {
      path.pop();
      continue;
    }
    const kid = top.kids[top.next++] as number;
    const known = st.ifaceCache.get(kid);
    if (kid === T_INTERFACE || known === true) {
      for (const p of path) st.ifaceCache.set(p.id, true);
      return true;
    }
    if (isBuiltinId(kid) || known === false || visited.has(kid)) continue;
    visited.add(kid);
    if (!st.wire.has(kid)) complete = false;
    open(kid);
  }
  if (complete) for (const v of visited) st.ifaceCache.set(v, false);
  return false;
}

export function depthExceeded(st: DecodeState, r: Reader | null): never {
  throw gobError('DEPTH_EXCEEDED', `gob: invalid nesting depth (limit ${st.maxDepth})`, r?.offset);
}
