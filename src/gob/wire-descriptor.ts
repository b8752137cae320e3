/**
 * Descriptors built from a stream's own type definitions, for schemaless decoding
 * (`Decoder.decodeValue`): values decoded with them keep their wire types, so
 * `Encoder.encodeValue` re-encodes them with the same wire types (the `gob echo` contract).
 *
 * Wire ints/uints become `intAuto`/`uintAuto` (number when safe, bigint otherwise), floats
 * float64, complex complex128, GobEncoder types raw bytes (with the definitions Go sent after
 * theirs, see wire-companions.ts), interfaces keep their wire name.
 * Structs decode into null-prototype objects holding only the fields present on the wire.
 */
import { T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT } from './constants.js';
import { depthExceeded, wireOf } from './decode-state.js';
import type { DecodeState } from './decode-state.js';
import * as t from './types.js';
import type { Descriptor, FieldDescriptor, InterfaceDescriptor, StructDescriptor } from './types.js';
import { companionIds } from './wire-companions.js';

/** Interface descriptor whose concrete values are decoded with their wire types (no registry). */
export const WIRE_IFACE: InterfaceDescriptor = { kind: 'interface', goName: 'interface {}' };

/** A struct descriptor made from a wire definition (fields as sent; absent fields stay absent). */
export class WireStructDescriptor implements StructDescriptor<Record<string, unknown>> {
  readonly kind = 'struct';
  readonly pkgPath = '';
  readonly pkg = '';
  /** Decoded values hold only the fields present on the wire. */
  readonly sparse = true;
  /** Identified by its wire type id, not structurally (go-names.ts `typeKey`). */
  readonly wireIdentity = true;
  private resolved: FieldDescriptor[] | undefined;

  constructor(
    readonly name: string,
    private readonly resolve: () => FieldDescriptor[],
  ) {}

  get fields(): readonly FieldDescriptor[] {
    this.resolved ??= this.resolve();
    return this.resolved;
  }
}

const rawHooks = (wire: 'gob' | 'binary' | 'text'): t.GobEncoderHooks<Uint8Array> => ({
  kind: wire,
  encode: (b) => b,
  decode: (b) => b.slice(),
});

const BUILTIN: Record<number, Descriptor> = {
  [T_BOOL]: t.bool,
  [T_INT]: t.intAuto,
  [T_UINT]: t.uintAuto,
  [T_FLOAT]: t.float64,
  [T_BYTES]: t.bytes,
  [T_STRING]: t.string,
  [T_COMPLEX]: t.complex128,
  [T_INTERFACE]: WIRE_IFACE,
};

/** The descriptor of remote type `id` (cached per Decoder). */
export function wireDescriptor(st: DecodeState, id: number, depth = 0): Descriptor {
  const b = BUILTIN[id];
  if (b !== undefined) return b;
  const cached = st.wireDescCache.get(id);
  if (cached !== undefined) return cached;
  if (depth > st.maxDepth) depthExceeded(st, null);
  const w = wireOf(st, id);
  // Named containers keep their wire name (as a named type), so re-encoding writes the same names.
  const holder = (d: Descriptor): Descriptor => {
    if (w.name === '') return d;
    return { kind: 'named', name: w.name, pkgPath: '', pkg: '', base: d };
  };
  switch (w.kind) {
    case 'slice': {
      const d = { kind: 'slice', elem: t.bool, wireIdentity: true } as { kind: 'slice'; elem: Descriptor };
      st.wireDescCache.set(id, holder(d));
      d.elem = wireDescriptor(st, w.elem, depth + 1);
      return st.wireDescCache.get(id) as Descriptor;
    }
    case 'array': {
      const d = { kind: 'array', elem: t.bool, len: w.len, wireIdentity: true } as { kind: 'array'; elem: Descriptor; len: number };
      st.wireDescCache.set(id, holder(d));
      d.elem = wireDescriptor(st, w.elem, depth + 1);
      return st.wireDescCache.get(id) as Descriptor;
    }
    case 'map': {
      const d = { kind: 'map', key: t.bool, elem: t.bool, wireIdentity: true } as { kind: 'map'; key: Descriptor; elem: Descriptor };
      st.wireDescCache.set(id, holder(d));
      d.key = wireDescriptor(st, w.key, depth + 1);
      d.elem = wireDescriptor(st, w.elem, depth + 1);
      return st.wireDescCache.get(id) as Descriptor;
    }
    case 'struct': {
      const d = new WireStructDescriptor(w.name, () =>
        w.fields.map((f) => ({ name: f.name, type: wireDescriptor(st, f.id, depth + 1), embedded: false })),
      );
      st.wireDescCache.set(id, d);
      void d.fields;
      return d;
    }
    case 'gobEncoder': {
      // The definitions Go sent after this one (sendActualType), so re-encoding sends them too.
      const companions: Descriptor[] = [];
      const d = t.gobEncoder(w.name, rawHooks(w.wire), { pkgPath: '', underlyingFields: companions });
      st.wireDescCache.set(id, d);
      for (const c of companionIds(st, id)) companions.push(wireDescriptor(st, c, depth + 1));
      return d;
    }
  }
}
