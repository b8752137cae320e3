/**
 * Unknown-field preservation, decode side and public helpers (no Go counterpart: Go's gob drops
 * the fields a local struct does not declare, decode.go `compileDec` ignores them).
 *
 * A struct decoded with a descriptor that lacks some of the wire struct's fields keeps those
 * fields' values, decoded with the stream's own wire types (as `Decoder.decodeValue` would), in
 * a non-enumerable symbol-keyed property: invisible to `Object.keys`, JSON, spreads,
 * `util.inspect` and deep-equality checks. Encoding that object again sends them back (see
 * unknown-encode.ts). Spreading (`{ ...v }`) does not copy them: mutate the decoded object, or
 * carry them over with {@link keepUnknownFields}.
 */
import { gobError } from './errors.js';
import { findField } from './struct-fields.js';
import type { Descriptor, FieldDescriptor, StructDescriptor } from './types.js';
import { GobValue } from './value.js';

/** Where preserved fields live on a decoded object. */
export const UNKNOWN_FIELDS: unique symbol = Symbol('gob.unknownFields');

let infoSerial = 0;

/**
 * The undeclared fields of one remote struct type as seen from one local descriptor (shared by
 * every value decoded from that pair).
 */
export class UnknownFieldInfo {
  /** Unique per info (cache keys). */
  readonly serial = ++infoSerial;
  /** Index of each undeclared field by name. */
  readonly index: ReadonlyMap<string, number>;
  /** The undeclared fields: wire name and the descriptor made from the wire type, in wire order. */
  readonly fields: readonly FieldDescriptor[];
  /** Every field name of the wire struct in wire order (the order used when re-encoding). */
  readonly wireOrder: readonly string[];
  /** Every field of the wire struct by name (declared ones included). */
  readonly wireFields: ReadonlyMap<string, FieldDescriptor>;

  constructor(
    /** The local (declared) struct type. */
    readonly declared: StructDescriptor<unknown>,
    /** The struct type made from the wire definition the values were decoded from. */
    readonly wire: StructDescriptor<unknown>,
    /** Wire type id of each undeclared field, when known (informational, see {@link GobValue.wireId}). */
    readonly wireIds: readonly number[] = [],
  ) {
    this.fields = wire.fields.filter((f) => findField(declared, f.name) === undefined);
    this.wireOrder = wire.fields.map((f) => f.name);
    this.wireFields = new Map(wire.fields.map((f) => [f.name, f]));
    this.index = new Map(this.fields.map((f, i) => [f.name, i]));
  }
}

const infos = new WeakMap<object, WeakMap<object, UnknownFieldInfo>>();

/**
 * The info of (declared type, wire struct type), one object per pair: values decoded from one
 * stream share it, and re-encoding derives the same one for declared structs nested in them.
 */
export function unknownInfo(declared: StructDescriptor<unknown>, wire: StructDescriptor<unknown>, wireIds?: readonly number[]): UnknownFieldInfo {
  let byDeclared = infos.get(wire);
  if (byDeclared === undefined) infos.set(wire, (byDeclared = new WeakMap()));
  let info = byDeclared.get(declared);
  if (info === undefined) byDeclared.set(declared, (info = new UnknownFieldInfo(declared, wire, wireIds)));
  return info;
}

/** The preserved fields of one decoded object: values by {@link UnknownFieldInfo} index (undefined = absent). */
export class UnknownFields {
  constructor(
    readonly info: UnknownFieldInfo,
    readonly values: unknown[],
  ) {}
}

/** Stores the value of undeclared field `i` on `o` (called by the struct decoders). */
export function keepField(o: object, info: UnknownFieldInfo, i: number, v: unknown): void {
  let u = (o as { [UNKNOWN_FIELDS]?: UnknownFields })[UNKNOWN_FIELDS];
  if (u === undefined) {
    u = new UnknownFields(info, []);
    Object.defineProperty(o, UNKNOWN_FIELDS, { value: u, writable: true, configurable: true, enumerable: false });
  }
  u.values[i] = v;
}

/** The preserved fields of a value, if it is an object that carries some. */
export function unknownOf(v: unknown): UnknownFields | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const u = (v as { [UNKNOWN_FIELDS]?: unknown })[UNKNOWN_FIELDS];
  return u instanceof UnknownFields ? u : undefined;
}

/**
 * The fields a decoded struct value carries beyond its descriptor, by Go field name, each as a
 * {@link GobValue} (its wire-derived descriptor and value); `undefined` when there are none.
 * Fields the peer left at their zero value are not on the wire and so not listed.
 */
export function unknownFields(value: object): ReadonlyMap<string, GobValue> | undefined {
  const u = unknownOf(value);
  if (u === undefined) return undefined;
  const out = new Map<string, GobValue>();
  u.info.fields.forEach((f, i) => {
    const v = u.values[i];
    if (v !== undefined) out.set(f.name, new GobValue(f.type as Descriptor, v, u.info.wireIds[i] ?? 0));
  });
  return out.size === 0 ? undefined : out;
}

/**
 * Copies the preserved fields of `from` onto `to` (replacing any `to` had) and returns `to`:
 * for code that builds a new object (`keepUnknownFields(args, { ...args, Name: 'x' })`).
 * @throws GobError INVALID_ARGUMENT when `to` is not an object.
 */
export function keepUnknownFields<T extends object>(from: object, to: T): T {
  if (to === null || typeof to !== 'object') throw gobError('INVALID_ARGUMENT', 'gob: keepUnknownFields: the target must be an object');
  const u = unknownOf(from);
  if (u !== undefined) {
    Object.defineProperty(to, UNKNOWN_FIELDS, { value: new UnknownFields(u.info, [...u.values]), writable: true, configurable: true, enumerable: false });
  }
  return to;
}

/**
 * A struct descriptor named as `from` whose fields are computed on first use (the rewritten
 * type graph of unknown-encode.ts can be recursive, so a struct's fields may refer back to it).
 */
export class LazyStruct implements StructDescriptor<unknown> {
  readonly kind = 'struct';
  readonly name: string;
  readonly pkgPath: string;
  readonly pkg: string;
  private resolved: readonly FieldDescriptor[] | undefined;

  constructor(
    from: StructDescriptor<unknown>,
    private readonly resolve: () => readonly FieldDescriptor[],
  ) {
    this.name = from.name;
    this.pkgPath = from.pkgPath;
    this.pkg = from.pkg;
  }

  get fields(): readonly FieldDescriptor[] {
    this.resolved ??= this.resolve();
    return this.resolved;
  }
}

/**
 * A declared struct type extended with preserved fields for encoding (built by
 * unknown-encode.ts): its wire definition lists the declared and the preserved fields, so the
 * peer decodes both by name. Values are the declared objects; preserved fields are read from
 * their {@link UnknownFields}.
 */
export class PreservingStruct extends LazyStruct {
  constructor(
    /** The declared descriptor this one extends. */
    readonly declared: StructDescriptor<unknown>,
    /** Every unknown-field info whose values this type encodes. */
    readonly infos: ReadonlySet<UnknownFieldInfo>,
    /** Names of the preserved (not declared) fields. */
    readonly preserved: ReadonlySet<string>,
    /** Declared and preserved fields, in the order they are defined on the wire. */
    resolve: () => readonly FieldDescriptor[],
  ) {
    super(declared, resolve);
  }
}
