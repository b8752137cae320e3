/**
 * Go type strings and names for descriptors: reflect `Type.String()` / `Type.Name()`, the names
 * gob writes into CommonType.Name (type.go `newTypeObject`), gob `Register`'s default name
 * (type.go `Register`), and a structural identity key standing in for Go's type identity.
 */
import { gobError } from './errors.js';
import type { Descriptor } from './types.js';

const stringCache = new WeakMap<object, string>();

/**
 * Longest type string {@link goString} returns; longer ones end in `…`. Unnamed types made from
 * a peer's definitions can nest so that their Go string doubles at every level (map[K]K, K =
 * map[L]L, …); the cap keeps rendering linear in the number of types. Deviation from Go:
 * reflect never cuts type strings (the encoder writes such strings as wire names of unnamed
 * field types, so only types whose Go string exceeds this differ from Go's bytes).
 */
export const MAX_TYPE_STRING = 4096;

function capped(s: string): string {
  // (An invalid descriptor kind leaves s undefined: callers report INVALID_DESCRIPTOR.)
  return typeof s !== 'string' || s.length <= MAX_TYPE_STRING ? s : `${s.slice(0, MAX_TYPE_STRING)}…`;
}

/** `struct { A T; B U }` with the field list stopped once it exceeds the cap. */
function structString(fields: readonly { name: string; type: Descriptor; embedded?: boolean }[], depth: number): string {
  let s = 'struct { ';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as { name: string; type: Descriptor; embedded?: boolean };
    if (i > 0) s += '; ';
    s += f.embedded === true ? goString(f.type, depth + 1) : `${f.name} ${goString(f.type, depth + 1)}`;
    if (s.length > MAX_TYPE_STRING) return s;
  }
  return s + ' }';
}

/** Go's `reflect.Type.String()` of a descriptor (`[]*main.Node`, `map[string]int`, `struct { X int }`), cut at {@link MAX_TYPE_STRING}. */
export function goString(d: Descriptor, depth = 0): string {
  const cached = stringCache.get(d);
  if (cached !== undefined) return cached;
  if (depth > 64) return '…'; // deep or cyclic unnamed types (possible only for wire-derived descriptors)
  let s: string;
  switch (d.kind) {
    case 'bool':
      s = 'bool';
      break;
    case 'int':
    case 'uint':
    case 'float':
    case 'complex':
      s = d.goName;
      break;
    case 'string':
      s = 'string';
      break;
    case 'bytes':
      s = '[]uint8';
      break;
    case 'interface':
      s = d.goName;
      break;
    case 'slice':
      s = '[]' + goString(d.elem, depth + 1);
      break;
    case 'array':
      s = `[${d.len}]` + goString(d.elem, depth + 1);
      break;
    case 'map':
      s = `map[${goString(d.key, depth + 1)}]${goString(d.elem, depth + 1)}`;
      break;
    case 'ptr':
      s = '*' + goString(d.elem, depth + 1);
      break;
    case 'struct':
      if (d.name !== '') s = qualified(d.pkg, d.name);
      else if (d.fields.length === 0) s = 'struct {}';
      else s = structString(d.fields, depth);
      break;
    case 'named':
    case 'gobEncoder':
      s = qualified(d.pkg, d.name);
      break;
  }
  s = capped(s);
  stringCache.set(d, s);
  return s;
}

function qualified(pkg: string, name: string): string {
  return pkg === '' ? name : `${pkg}.${name}`;
}

/** Go's `reflect.Type.Name()`: the unqualified name of named types, '' for unnamed composites. */
export function goName(d: Descriptor): string {
  switch (d.kind) {
    case 'struct':
    case 'named':
    case 'gobEncoder':
      return d.name;
    case 'bool':
      return 'bool';
    case 'int':
    case 'uint':
    case 'float':
    case 'complex':
      return d.goName;
    case 'string':
      return 'string';
    default:
      return '';
  }
}

/** True for descriptors that are Go named (defined) types. */
function isNamed(d: Descriptor): boolean {
  return (d.kind === 'struct' && d.name !== '') || d.kind === 'named' || d.kind === 'gobEncoder';
}

/**
 * gob `Register(value)`'s default name: `pkgPath.Name` for named types (`main.Point`,
 * `time.Time`), `*` + String() for pointers to named types (`*main.Point`, a frozen Go quirk
 * using the short package name), String() otherwise (`[]interface {}`).
 */
export function registerName(d: Descriptor): string {
  if (d.kind === 'ptr') {
    let elem = d.elem;
    let stars = '*';
    while (elem.kind === 'ptr') {
      stars += '*';
      elem = elem.elem;
    }
    if (isNamed(elem)) return stars + goString(elem);
    return goString(d);
  }
  if (d.kind === 'struct' || d.kind === 'named' || d.kind === 'gobEncoder') {
    if (d.name !== '') return d.pkgPath === '' ? d.name : `${d.pkgPath}.${d.name}`;
  }
  if (d.kind === 'int' || d.kind === 'uint' || d.kind === 'float' || d.kind === 'complex') return d.goName;
  return goString(d);
}

let serial = 0;
const serials = new WeakMap<object, number>();
const keyCache = new WeakMap<object, string>();

/**
 * Identity of a Go type: named types are identified by their descriptor object, unnamed types
 * structurally (two `gob.slice(gob.int)` objects are the same Go type `[]int`).
 */
export function typeKey(d: Descriptor, depth = 0): string {
  const cached = keyCache.get(d);
  if (cached !== undefined) return cached;
  if (depth > 200) throw gobError('INVALID_DESCRIPTOR', "gob: type nesting too deep (or a recursive unnamed type, which Go can't represent)");
  let k: string;
  // Wire-derived descriptors keep the identity of their wire type id (Go's []int8 and []int64 are
  // both "slice of int" on the wire but distinct types with distinct ids).
  if (isNamed(d) || (d as { wireIdentity?: boolean }).wireIdentity === true) {
    let n = serials.get(d);
    if (n === undefined) {
      n = ++serial;
      serials.set(d, n);
    }
    k = `#${n}`;
  } else {
    switch (d.kind) {
      case 'int':
      case 'uint':
      case 'float':
      case 'complex':
        k = d.goName;
        break;
      case 'interface':
        k = 'iface:' + d.goName;
        break;
      case 'slice':
        k = `[]${typeKey(d.elem, depth + 1)}`;
        break;
      case 'array':
        k = `[${d.len}]${typeKey(d.elem, depth + 1)}`;
        break;
      case 'map':
        k = `map[${typeKey(d.key, depth + 1)}]${typeKey(d.elem, depth + 1)}`;
        break;
      case 'ptr':
        k = `*${typeKey(d.elem, depth + 1)}`;
        break;
      case 'struct':
        k = `struct{${d.fields.map((f) => `${f.embedded ? '~' : ''}${f.name} ${typeKey(f.type, depth + 1)}`).join(';')}}`;
        break;
      case 'bytes':
        k = '[]uint8';
        break;
      default:
        k = d.kind;
    }
  }
  keyCache.set(d, k);
  return k;
}
