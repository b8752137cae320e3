/**
 * Unknown-field preservation, encode side (no Go counterpart; the wire rules are Go's: a struct
 * value's field numbers index the field list of the struct definition the sender announced,
 * and the receiver matches those fields by name, decode.go `compileDec`).
 *
 * A value whose objects carry preserved fields (unknown-fields.ts) cannot be sent with the
 * declared types' definitions: those do not list the preserved fields. When an Encoder meets
 * such an object it abandons the attempt (nothing is recorded as sent), {@link collectUnknown}
 * walks the value to find every struct type that holds preserved fields (and with which
 * unknown-field infos), and a {@link Rewriter} makes a copy of the value's type in which those
 * structs are {@link PreservingStruct}s: declared + preserved fields, in the wire order of the
 * struct they were decoded from (so an unchanged value re-encodes to the peer's own bytes, type
 * ids aside), then the remaining declared fields. Types that reach no such struct keep their
 * identity, so their definitions are not sent twice. The copy is cached per (type, infos).
 */
import { flatten } from './descriptor-rules.js';
import { gobError } from './errors.js';
import { typeKey } from './go-names.js';
import type { Registry } from './registry.js';
import { findField } from './struct-fields.js';
import { GoInterface } from './types.js';
import type { Descriptor, FieldDescriptor, StructDescriptor } from './types.js';
import { LazyStruct, PreservingStruct, unknownInfo, unknownOf } from './unknown-fields.js';
import type { UnknownFieldInfo } from './unknown-fields.js';

/** Struct types (declared descriptors) and the unknown-field infos their values carry. */
export type UnknownUse = Map<StructDescriptor<unknown>, Set<UnknownFieldInfo>>;

/** True when values of `d` can hold a struct (or an interface, which can hold anything). */
function mayHoldStruct(d: Descriptor, memo: Map<Descriptor, boolean>): boolean {
  const hit = memo.get(d);
  if (hit !== undefined) return hit;
  memo.set(d, false); // cycles: only through structs, which answer true below
  const u = flatten(d);
  let r: boolean;
  switch (u.kind) {
    case 'struct':
    case 'interface':
      r = true;
      break;
    case 'slice':
    case 'array':
      r = mayHoldStruct(u.elem, memo);
      break;
    case 'map':
      r = mayHoldStruct(u.key, memo) || mayHoldStruct(u.elem, memo);
      break;
    default:
      r = false;
  }
  memo.set(d, r);
  return r;
}

/**
 * Finds the struct types of `value` (of type `type`) whose objects carry preserved fields.
 * Interface values are followed into their concrete type (resolved through `registry` by name
 * when the GoInterface has no descriptor).
 * @throws GobError DEPTH_EXCEEDED beyond `maxDepth` levels (cyclic values included).
 */
export function collectUnknown(value: unknown, type: Descriptor, registry: Registry, maxDepth: number): UnknownUse {
  const use: UnknownUse = new Map();
  const memo = new Map<Descriptor, boolean>();
  const walk = (v: unknown, d: Descriptor, depth: number): void => {
    if (v === null || typeof v !== 'object' || !mayHoldStruct(d, memo)) return;
    if (depth > maxDepth) throw gobError('DEPTH_EXCEEDED', `gob: value nesting deeper than ${maxDepth} levels`);
    const u = flatten(d);
    switch (u.kind) {
      case 'struct': {
        const uf = unknownOf(v);
        if (uf !== undefined && !(u instanceof PreservingStruct)) {
          let set = use.get(u);
          if (set === undefined) use.set(u, (set = new Set()));
          set.add(uf.info);
        }
        const o = v as Record<string, unknown>;
        for (const f of u.fields) walk(o[f.name], f.type, depth + 1);
        return;
      }
      case 'slice':
      case 'array':
        if (Array.isArray(v)) for (const e of v) walk(e, u.elem, depth + 1);
        return;
      case 'map':
        if (v instanceof Map) {
          for (const [k, e] of v as Map<unknown, unknown>) {
            walk(k, u.key, depth + 1);
            walk(e, u.elem, depth + 1);
          }
        }
        return;
      case 'interface': {
        if (!(v instanceof GoInterface)) return;
        const t = v.type ?? (v.name === null ? undefined : registry.lookup(v.name));
        if (t !== undefined) walk(v.value, t, depth + 1);
        return;
      }
      default:
        return;
    }
  };
  walk(value, type, 0);
  return use;
}

/** The children of a descriptor in the type graph (interfaces end it: their values are rewritten when met). */
function children(d: Descriptor): readonly Descriptor[] {
  switch (d.kind) {
    case 'struct':
      return d.fields.map((f) => f.type);
    case 'named':
      return [d.base];
    case 'ptr':
    case 'slice':
    case 'array':
      return [d.elem];
    case 'map':
      return [d.key, d.elem];
    default:
      return [];
  }
}

/** Rewrites types for one {@link UnknownUse}: the struct types it lists become {@link PreservingStruct}s. */
export class Rewriter {
  /** Per descriptor: does it reach a struct to extend? */
  private readonly marks = new Map<Descriptor, boolean>();
  private readonly memo = new Map<Descriptor, Descriptor>();

  private readonly use: UnknownUse;

  constructor(found: UnknownUse) {
    this.use = mirrorWire(found);
  }

  /** `d` with every listed struct type extended (unchanged when it reaches none). */
  rewrite(d: Descriptor): Descriptor {
    if (!this.marks.has(d)) this.mark(d);
    return this.copy(d);
  }

  /** Marks every descriptor reachable from `root` (iteratively: types may be deep and cyclic). */
  private mark(root: Descriptor): void {
    const fresh: Descriptor[] = [];
    const parents = new Map<Descriptor, Descriptor[]>();
    const seen = new Set<Descriptor>([root]);
    const todo = [root];
    while (todo.length > 0) {
      const d = todo.pop() as Descriptor;
      fresh.push(d);
      for (const c of children(d)) {
        let ps = parents.get(c);
        if (ps === undefined) parents.set(c, (ps = []));
        ps.push(d);
        if (!seen.has(c) && !this.marks.has(c)) {
          seen.add(c);
          todo.push(c);
        }
      }
    }
    const reached: Descriptor[] = [];
    for (const d of fresh) this.marks.set(d, false);
    for (const c of parents.keys()) if (this.marks.get(c) === true || (c.kind === 'struct' && this.use.has(c))) reached.push(c);
    for (const d of fresh) if (d.kind === 'struct' && this.use.has(d)) reached.push(d);
    while (reached.length > 0) {
      const c = reached.pop() as Descriptor;
      this.marks.set(c, true);
      for (const p of parents.get(c) ?? []) {
        if (this.marks.get(p) !== true) {
          this.marks.set(p, true);
          reached.push(p);
        }
      }
    }
  }

  private copy(d: Descriptor): Descriptor {
    if (this.marks.get(d) !== true) return d;
    const hit = this.memo.get(d);
    if (hit !== undefined) return hit;
    if (d.kind === 'struct') {
      const infos = this.use.get(d);
      const out = infos === undefined ? new LazyStruct(d, () => d.fields.map((f) => ({ ...f, type: this.copy(f.type) }))) : this.extend(d, infos);
      this.memo.set(d, out);
      return out;
    }
    // Recorded before the children are copied: unnamed and named containers can be cyclic too.
    const out: Record<string, unknown> = { ...d };
    this.memo.set(d, out as unknown as Descriptor);
    switch (d.kind) {
      case 'named':
        out['base'] = this.copy(d.base);
        break;
      case 'ptr':
      case 'slice':
      case 'array':
        out['elem'] = this.copy(d.elem);
        break;
      case 'map':
        out['key'] = this.copy(d.key);
        out['elem'] = this.copy(d.elem);
        break;
      default:
        break;
    }
    return out as unknown as Descriptor;
  }

  /** The declared struct plus the preserved fields of `infos`. */
  private extend(d: StructDescriptor<unknown>, infos: ReadonlySet<UnknownFieldInfo>): PreservingStruct {
    const preserved = new Map<string, FieldDescriptor>();
    for (const info of infos) {
      for (const f of info.fields) {
        if (findField(d, f.name) !== undefined) continue; // declared here (a different descriptor than it was decoded with)
        const prev = preserved.get(f.name);
        if (prev === undefined) preserved.set(f.name, f);
        else if (typeKey(prev.type) !== typeKey(f.type)) {
          throw gobError(
            'UNSUPPORTED_VALUE',
            `gob: values of ${d.name || 'a struct'} carry preserved field ${f.name} with different wire types (decoded from different streams); encode them separately`,
          );
        }
      }
    }
    const resolve = (): readonly FieldDescriptor[] => {
      const declared = new Map(d.fields.map((f) => [f.name, f]));
      const out: FieldDescriptor[] = [];
      const placed = new Set<string>();
      const place = (name: string): void => {
        if (placed.has(name)) return;
        const df = declared.get(name);
        const pf = df === undefined ? preserved.get(name) : undefined;
        if (df !== undefined) out.push({ ...df, type: this.copy(df.type) });
        else if (pf !== undefined) out.push(pf);
        else return;
        placed.add(name);
      };
      for (const info of infos) for (const name of info.wireOrder) place(name);
      for (const f of d.fields) place(f.name);
      return out;
    };
    return new PreservingStruct(d, infos, new Set(preserved.keys()), resolve);
  }
}

/**
 * `use` plus, for every declared struct field of a struct in it, the declared struct types
 * paired with the wire struct types of the same field (through pointers, slices, arrays and
 * maps), each with the info of that pair, to a fixpoint. So every declared struct reached from
 * an extended one is sent with its wire struct's field list, even when its values carry no
 * preserved fields: Go's decoder compiles one op per Go type within a struct
 * (decode.go `decOpFor`'s `inProgress`, keyed by Go type, not by wire type), so a Go type that
 * arrives under two wire types of different layouts in one struct (a declared `Leaf` field
 * next to a preserved `[]Leaf`) would be decoded with the wrong layout.
 */
function mirrorWire(found: UnknownUse): UnknownUse {
  const use: UnknownUse = new Map([...found].map(([d, s]) => [d, new Set(s)]));
  const work: [StructDescriptor<unknown>, UnknownFieldInfo][] = [];
  for (const [d, s] of use) for (const info of s) work.push([d, info]);
  const pair = (declared: Descriptor, wire: Descriptor, depth: number): void => {
    if (depth > 64) return;
    const a = flatten(declared);
    const b = flatten(wire);
    if (a.kind === 'struct' && b.kind === 'struct') {
      if (a instanceof PreservingStruct || (a as { sparse?: boolean }).sparse === true) return;
      const info = unknownInfo(a, b);
      let set = use.get(a);
      if (set === undefined) use.set(a, (set = new Set()));
      if (!set.has(info)) {
        set.add(info);
        work.push([a, info]);
      }
    } else if ((a.kind === 'slice' || a.kind === 'array') && (b.kind === 'slice' || b.kind === 'array')) {
      pair(a.elem, b.elem, depth + 1);
    } else if (a.kind === 'map' && b.kind === 'map') {
      pair(a.key, b.key, depth + 1);
      pair(a.elem, b.elem, depth + 1);
    }
  };
  while (work.length > 0) {
    const [d, info] = work.pop() as [StructDescriptor<unknown>, UnknownFieldInfo];
    for (const f of d.fields) {
      const wf = info.wireFields.get(f.name);
      if (wf !== undefined) pair(f.type, wf.type, 0);
    }
  }
  return use;
}

let serial = 0;
const serials = new WeakMap<object, number>();
function serialOf(o: object): number {
  let n = serials.get(o);
  if (n === undefined) serials.set(o, (n = ++serial));
  return n;
}

/** Rewriters cached per root type and use (a use is identified by its structs and infos). */
const rewriters = new WeakMap<Descriptor, Map<string, Rewriter>>();
/** Uses cached per root type; beyond it the oldest is dropped. */
const MAX_CACHED_USES = 64;

/** The (cached) rewriter for values of `type` with preserved fields as listed in `use`. */
export function rewriterFor(type: Descriptor, use: UnknownUse): Rewriter {
  let key = '';
  if (use.size === 1) {
    // The common case (one struct type, values from one stream) without sorting.
    const [d, infos] = use.entries().next().value as [StructDescriptor<unknown>, Set<UnknownFieldInfo>];
    if (infos.size === 1) key = `${serialOf(d)}:${(infos.values().next().value as UnknownFieldInfo).serial}`;
  }
  if (key === '') {
    key = [...use]
      .map(([d, infos]) => `${serialOf(d)}:${[...infos].map((i) => i.serial).sort((a, b) => a - b).join(',')}`)
      .sort()
      .join(';');
  }
  let byKey = rewriters.get(type);
  if (byKey === undefined) rewriters.set(type, (byKey = new Map()));
  let r = byKey.get(key);
  if (r === undefined) {
    if (byKey.size >= MAX_CACHED_USES) byKey.delete(byKey.keys().next().value as string);
    r = new Rewriter(use);
    byKey.set(key, r);
  }
  return r;
}
