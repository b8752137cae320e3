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
  readonly decCache: Map<Descriptor, Map<number, DecFn>>;
  /** Top-level (and interface payload) decoders: struct body or `00` + value. */
  readonly topCache: Map<Descriptor, Map<number, DecFn>>;
  readonly skipCache: Map<number, SkipFn>;
  readonly wireDescCache: Map<number, Descriptor>;
  /** decoder.go `decodeTypeSequence`: reads definitions until a value's type id. */
  typeSequence(r: Reader, isInterface: boolean): number;
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

/** True if values of wire type `id` may contain interfaces (which may continue in a later message). */
export function mayContainInterface(st: DecodeState, id: number, seen = new Set<number>()): boolean {
  if (id === T_INTERFACE) return true;
  if (isBuiltinId(id) || seen.has(id)) return false;
  seen.add(id);
  const w = st.wire.get(id);
  if (w === undefined) return false;
  switch (w.kind) {
    case 'slice':
    case 'array':
      return mayContainInterface(st, w.elem, seen);
    case 'map':
      return mayContainInterface(st, w.key, seen) || mayContainInterface(st, w.elem, seen);
    case 'struct':
      return w.fields.some((f) => mayContainInterface(st, f.id, seen));
    default:
      return false;
  }
}

export function depthExceeded(st: DecodeState, r: Reader | null): never {
  throw gobError('DEPTH_EXCEEDED', `gob: invalid nesting depth (limit ${st.maxDepth})`, r?.offset);
}
