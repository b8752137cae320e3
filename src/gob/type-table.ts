/**
 * Encoder-side type table: assigns type ids and builds wire types exactly in Go's order
 * (type.go `newTypeObject`, `getBaseType`, `setTypeId`: structs get their id before their
 * fields, slices/arrays/maps after their elements; names as Go writes them), and decides which
 * definitions to send (encoder.go `sendType`, `sendActualType`: parent first, then children).
 *
 * Deviation from Go: Go's id counter is process-global; ours is per Encoder, so a fresh Encoder
 * numbers types like a fresh Go process. Go ≥ 1.21 hands out 64 first (`setTypeId` uses
 * `len(idToTypeSlice)`, which starts at `firstUserId`); Go ≤ 1.20 (and the reference's byte
 * dumps, captured with Go 1.19) started at 65: see the Encoder option `firstTypeId`. Not emulated: the pointer-receiver GobEncoder double id
 * (`*big.Int`) and the extra field definitions Go sends after a struct-based GobEncoder type.
 */
import { FIRST_ENCODER_ID, T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT } from './constants.js';
import { gobError } from './errors.js';
import { goName, goString, typeKey } from './go-names.js';
import { baseOf, isByteSlice, unwrapNamed } from './descriptor-rules.js';
import type { Descriptor } from './types.js';
import type { WireType } from './wire-type.js';

interface LocalType {
  id: number;
  wire: WireType | null;
  /** Pointer-receiver GobEncoder: the user type's id is allocated when first sent. */
  pendingUserId?: boolean;
}

/** Builtin id of a basic descriptor (after unwrapping names and pointers), or 0. */
function builtinId(d: Descriptor): number {
  const u = unwrapNamed(baseOf(d));
  switch (u.kind) {
    case 'bool':
      return T_BOOL;
    case 'int':
      return T_INT;
    case 'uint':
      return T_UINT;
    case 'float':
      return T_FLOAT;
    case 'complex':
      return T_COMPLEX;
    case 'string':
      return T_STRING;
    case 'bytes':
      return T_BYTES;
    case 'slice':
      return isByteSlice(u) ? T_BYTES : 0;
    case 'interface':
      return T_INTERFACE;
    case 'ptr':
      return builtinId(u);
    default:
      return 0;
  }
}

export class TypeTable {
  private nextId: number;
  private readonly types = new Map<string, LocalType>();
  private readonly sent = new Set<number>();
  /** Undo log of the current encode call (on error the table returns to its previous state). */
  private journalTypes: string[] = [];
  private journalSent: number[] = [];
  private journalUndo: (() => void)[] = [];
  private journalNextId: number;

  /** @param firstId the first id handed out (Go ≥ 1.21: 64; Go ≤ 1.20: 65). */
  constructor(firstId = FIRST_ENCODER_ID) {
    this.nextId = firstId;
    this.journalNextId = firstId;
  }

  begin(): void {
    if (this.journalTypes.length > 0) this.journalTypes = [];
    if (this.journalSent.length > 0) this.journalSent = [];
    if (this.journalUndo.length > 0) this.journalUndo = [];
    this.journalNextId = this.nextId;
  }

  rollback(): void {
    for (const k of this.journalTypes) this.types.delete(k);
    for (const id of this.journalSent) this.sent.delete(id);
    for (const undo of this.journalUndo) undo();
    this.nextId = this.journalNextId;
  }

  /** Type id of a descriptor, building its gob type (and its children's) on first use (gob `getTypeInfo`). */
  idOf(d: Descriptor): number {
    const base = baseOf(d);
    return this.getType(goName(base), base, 0).id;
  }

  private alloc(t: LocalType): void {
    if (t.id === 0) t.id = this.nextId++;
  }

  private getType(name: string, d: Descriptor, depth: number): LocalType {
    const b = builtinId(d);
    if (b !== 0) return { id: b, wire: null };
    const key = typeKey(d);
    const existing = this.types.get(key);
    if (existing !== undefined) return existing;
    if (depth > 10000) throw gobError('DEPTH_EXCEEDED', 'gob: type nesting too deep');
    const t: LocalType = { id: 0, wire: null };
    this.types.set(key, t);
    this.journalTypes.push(key);
    const u = unwrapNamed(d);
    switch (u.kind) {
      case 'gobEncoder':
        this.alloc(t);
        t.wire = { kind: 'gobEncoder', name, id: t.id, wire: u.wire };
        if (u.pointerReceiver) t.pendingUserId = true;
        break;
      case 'array': {
        const elem = this.getType('', baseOf(u.elem), depth + 1);
        this.alloc(t);
        t.wire = { kind: 'array', name, id: t.id, elem: elem.id, len: u.len };
        break;
      }
      case 'map': {
        const key = this.getType('', baseOf(u.key), depth + 1);
        const elem = this.getType('', baseOf(u.elem), depth + 1);
        this.alloc(t);
        t.wire = { kind: 'map', name, id: t.id, key: key.id, elem: elem.id };
        break;
      }
      case 'slice': {
        const elem = this.getType(goName(u.elem), baseOf(u.elem), depth + 1);
        this.alloc(t);
        this.alloc(elem);
        t.wire = { kind: 'slice', name, id: t.id, elem: elem.id };
        break;
      }
      case 'struct': {
        this.alloc(t);
        const fields: { name: string; id: number }[] = [];
        for (const f of u.fields) {
          const fb = baseOf(f.type);
          const tname = goName(fb) || goString(fb);
          const gt = this.getType(tname, fb, depth + 1);
          this.alloc(gt);
          fields.push({ name: f.name, id: gt.id });
        }
        t.wire = { kind: 'struct', name, id: t.id, fields };
        break;
      }
      default:
        throw gobError('INVALID_DESCRIPTOR', `gob NewTypeObject can't handle type: ${goString(d)}`);
    }
    return t;
  }

  /**
   * Emits the definitions `d` needs that this Encoder has not sent yet, parent first
   * (encoder.go `sendType`). `emit(id, wire)` writes one definition message.
   */
  send(d: Descriptor, emit: (id: number, wire: WireType) => void, depth = 0): void {
    const base = baseOf(d);
    if (builtinId(base) !== 0) return;
    const t = this.getType(goName(base), base, 0);
    if (this.sent.has(t.id) || t.wire === null) return;
    if (depth > 10000) throw gobError('DEPTH_EXCEEDED', 'gob: type nesting too deep');
    if (t.pendingUserId === true && t.wire.kind === 'gobEncoder') {
      // type.go buildTypeInfo for *T with pointer-receiver methods: a second gobEncoderType
      // (named after the pointer type, i.e. unnamed) whose id the definition carries.
      const before = t.wire;
      t.pendingUserId = false;
      t.wire = { kind: 'gobEncoder', name: '', id: this.nextId++, wire: t.wire.wire };
      this.journalUndo.push(() => {
        t.wire = before;
        t.pendingUserId = true;
      });
    }
    emit(t.id, t.wire);
    this.sent.add(t.id);
    this.journalSent.push(t.id);
    const u = unwrapNamed(base);
    switch (u.kind) {
      case 'struct':
        for (const f of u.fields) this.send(f.type, emit, depth + 1);
        break;
      case 'slice':
      case 'array':
        this.send(u.elem, emit, depth + 1);
        break;
      case 'map':
        this.send(u.key, emit, depth + 1);
        this.send(u.elem, emit, depth + 1);
        break;
      case 'gobEncoder':
        for (const f of u.underlyingFields) this.send(f, emit, depth + 1);
        break;
      default:
        break;
    }
  }
}
