/**
 * Go's zero values as JS: what an absent struct field encodes as, and what a struct starts as
 * when decoding (ugorji decodes into a zeroed value; fields missing from the map stay zero).
 * {@link zeroFactory} compiles, once per struct descriptor, a function making a fresh zero
 * struct by copying a template object (one object allocation with a stable shape; only fields
 * holding nested non-pointer structs get their own fresh zero object).
 */
import type { MsgpackType, StructType } from './schema.js';

/** Go's zero value of `t` as JS (what an absent struct field encodes as). */
export function zeroOf(t: MsgpackType): unknown {
  switch (t.kind) {
    case 'int':
    case 'uint':
      return t.bigint ? 0n : 0;
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'struct':
      return zeroFactory(t)();
    default:
      return null;
  }
}

const factories = new WeakMap<StructType, () => Record<string, unknown>>();

/** A function returning a fresh zero value of struct `t` (cached per descriptor). */
export function zeroFactory(t: StructType): () => Record<string, unknown> {
  let make = factories.get(t);
  if (make !== undefined) return make;
  const template: Record<string, unknown> = {};
  const nested: { readonly name: string; readonly make: () => Record<string, unknown> }[] = [];
  for (const name of t.order) {
    const ft = t.fields[name] as MsgpackType;
    // defineProperty: a field named `__proto__` must become an own property, not the prototype.
    Object.defineProperty(template, name, { value: ft.kind === 'struct' ? null : zeroOf(ft), enumerable: true, writable: true, configurable: true });
    if (ft.kind === 'struct') nested.push({ name, make: zeroFactory(ft) }); // a fresh object each time
  }
  make =
    nested.length === 0
      ? () => ({ ...template })
      : () => {
          const o = { ...template };
          for (const n of nested) o[n.name] = n.make();
          return o;
        };
  factories.set(t, make);
  return make;
}
