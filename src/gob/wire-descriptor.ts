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
import { childIds, wireOf } from './decode-state.js';
import type { DecodeState } from './decode-state.js';
import type { WireType } from './wire-type.js';
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
  /** Dropped once resolved: it holds the Decoder's state, which values kept for re-encoding must not retain. */
  private resolve: (() => FieldDescriptor[]) | null;

  constructor(
    readonly name: string,
    resolve: () => FieldDescriptor[],
  ) {
    this.resolve = resolve;
  }

  get fields(): readonly FieldDescriptor[] {
    if (this.resolved === undefined) {
      this.resolved = (this.resolve as () => FieldDescriptor[])();
      this.resolve = null;
    }
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

/** A cached or builtin descriptor (every id reachable from the one being built has a shell by then). */
function known(st: DecodeState, id: number): Descriptor {
  return BUILTIN[id] ?? (st.wireDescCache.get(id) as Descriptor);
}

/**
 * The descriptor of remote type `id` (cached per Decoder). Built without recursion: first a
 * shell for every type reachable from `id` (explicit stack), then the links between them, so a
 * chain of any depth costs no JS stack and time linear in the number of types.
 */
export function wireDescriptor(st: DecodeState, id: number): Descriptor {
  const b = BUILTIN[id];
  if (b !== undefined) return b;
  const cached = st.wireDescCache.get(id);
  if (cached !== undefined) return cached;
  const created: { id: number; w: WireType; inner: Record<string, unknown> }[] = [];
  try {
    const todo = [id];
    while (todo.length > 0) {
      const cur = todo.pop() as number;
      if (BUILTIN[cur] !== undefined || st.wireDescCache.has(cur)) continue;
      const w = wireOf(st, cur);
      const { outer, inner } = shell(st, w, cur);
      st.wireDescCache.set(cur, outer);
      created.push({ id: cur, w, inner });
      for (const c of childIds(w)) todo.push(c);
      if (w.kind === 'gobEncoder') for (const c of companionIds(st, cur)) todo.push(c);
    }
    for (const { id: cid, w, inner } of created) {
      switch (w.kind) {
        case 'slice':
        case 'array':
          inner['elem'] = known(st, w.elem);
          break;
        case 'map':
          inner['key'] = known(st, w.key);
          inner['elem'] = known(st, w.elem);
          break;
        case 'struct':
          void (inner as unknown as WireStructDescriptor).fields;
          break;
        case 'gobEncoder': {
          const companions = (inner as unknown as { underlyingFields: Descriptor[] }).underlyingFields;
          for (const c of companionIds(st, cid)) companions.push(known(st, c));
          break;
        }
      }
    }
  } catch (err) {
    for (const c of created) st.wireDescCache.delete(c.id);
    throw err;
  }
  return st.wireDescCache.get(id) as Descriptor;
}

/** The descriptor object of a wire type with its children left unset (`inner` gets them). */
function shell(st: DecodeState, w: WireType, defId: number): { outer: Descriptor; inner: Record<string, unknown> } {
  // Named containers keep their wire name (as a named type), so re-encoding writes the same names.
  const holder = (d: Descriptor): Descriptor => (w.name === '' ? d : { kind: 'named', name: w.name, pkgPath: '', pkg: '', base: d });
  switch (w.kind) {
    case 'slice': {
      const d = { kind: 'slice', elem: t.bool, wireIdentity: true };
      return { outer: holder(d as Descriptor), inner: d };
    }
    case 'array': {
      const d = { kind: 'array', elem: t.bool, len: w.len, wireIdentity: true };
      return { outer: holder(d as Descriptor), inner: d };
    }
    case 'map': {
      const d = { kind: 'map', key: t.bool, elem: t.bool, wireIdentity: true };
      return { outer: holder(d as Descriptor), inner: d };
    }
    case 'struct': {
      const d = new WireStructDescriptor(w.name, () => w.fields.map((f) => ({ name: f.name, type: known(st, f.id), embedded: false })));
      return { outer: d, inner: d as unknown as Record<string, unknown> };
    }
    case 'gobEncoder': {
      // The definitions Go sent after this one (sendActualType), so re-encoding sends them too;
      // linked in the second pass like any other child.
      // A definition whose CommonType.Id is not its own id is Go's pointer-receiver GobEncoder
      // (type.go buildTypeInfo: *big.Int gets a second type object); keep that for re-encoding.
      const companions: Descriptor[] = [];
      const d = t.gobEncoder(w.name, rawHooks(w.wire), { pkgPath: '', underlyingFields: companions, pointerReceiver: w.id !== defId });
      return { outer: d, inner: d as unknown as Record<string, unknown> };
    }
  }
}
