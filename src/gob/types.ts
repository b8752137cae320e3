/**
 * Type descriptors: explicit run-time type information standing in for Go reflection
 * (reflect.Type kinds as gob sees them, type.go `userType`/`newTypeObject`), with the TS type of
 * the values they describe (`Infer<D>`).
 *
 * Named types carry a Go package path so that the names Go writes (CommonType.Name, field type
 * strings such as `[]*main.Node`, Register names such as `main.Point` / `*main.Point`) can be
 * reproduced exactly. A name without a dot is in package `main`.
 */
import { gobError } from './errors.js';

/**
 * A non-nil Go interface value: the concrete type (descriptor and/or registered name) and value
 * (the value type of interface descriptors; see `iface` in interface-value.ts).
 */
export class GoInterface<T = unknown> {
  /**
   * @param type  descriptor of the concrete type; `null` means "look the name up in the registry".
   * @param value the concrete value (as for `type`).
   * @param name  the registered Go name sent on the wire; `null` means "look the descriptor up in the registry".
   */
  constructor(
    readonly type: Descriptor | null,
    readonly value: T,
    readonly name: string | null,
  ) {}
}

/** A Go complex64/complex128 value. */
export interface GoComplex {
  readonly real: number;
  readonly imag: number;
}

/** Common shape: every descriptor carries its value type as a phantom. */
interface DescBase<T> {
  /** Phantom: the TS type of values (never set at run time). */
  readonly __type?: T;
}

export type IntName = 'int' | 'int8' | 'int16' | 'int32' | 'int64';
export type UintName = 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr';

export interface BoolDescriptor extends DescBase<boolean> {
  readonly kind: 'bool';
}
/**
 * Signed integer. `mode` is 'number' (safe integers only), 'bigint', or 'auto' (number when
 * safe, bigint otherwise; used by schemaless decoding).
 */
export interface IntDescriptor<T extends number | bigint = number | bigint> extends DescBase<T> {
  readonly kind: 'int';
  readonly goName: IntName;
  readonly bits: 8 | 16 | 32 | 64;
  readonly mode: 'number' | 'bigint' | 'auto';
}
export interface UintDescriptor<T extends number | bigint = number | bigint> extends DescBase<T> {
  readonly kind: 'uint';
  readonly goName: UintName;
  readonly bits: 8 | 16 | 32 | 64;
  readonly mode: 'number' | 'bigint' | 'auto';
}
export interface FloatDescriptor extends DescBase<number> {
  readonly kind: 'float';
  readonly goName: 'float32' | 'float64';
}
export interface ComplexDescriptor extends DescBase<GoComplex> {
  readonly kind: 'complex';
  readonly goName: 'complex64' | 'complex128';
}
export interface StringDescriptor extends DescBase<string> {
  readonly kind: 'string';
}
export interface BytesDescriptor extends DescBase<Uint8Array> {
  readonly kind: 'bytes';
}
export interface InterfaceDescriptor extends DescBase<GoInterface | null> {
  readonly kind: 'interface';
  /** Go type string (`interface {}` or `error`); informational. */
  readonly goName: string;
}
export interface SliceDescriptor<E extends Descriptor = Descriptor> extends DescBase<Infer<E>[]> {
  readonly kind: 'slice';
  readonly elem: E;
}
export interface ArrayDescriptor<E extends Descriptor = Descriptor> extends DescBase<Infer<E>[]> {
  readonly kind: 'array';
  readonly elem: E;
  readonly len: number;
}
/** A Go map; `null` is the nil map (what an absent struct field decodes to; Go sends empty maps but omits nil ones). */
export interface MapDescriptor<K extends Descriptor = Descriptor, V extends Descriptor = Descriptor>
  extends DescBase<Map<Infer<K>, Infer<V>> | null> {
  readonly kind: 'map';
  readonly key: K;
  readonly elem: V;
}
export interface PtrDescriptor<E extends Descriptor = Descriptor> extends DescBase<Infer<E> | null> {
  readonly kind: 'ptr';
  readonly elem: E;
}

/** Go package and name of a named type. */
export interface GoTypeName {
  /** Unqualified name (`Point`); empty for anonymous structs. */
  readonly name: string;
  /** Full import path (`main`, `time`, `github.com/x/p`). */
  readonly pkgPath: string;
  /** Short package name as Go's `String()` prints it (`main`, `time`, `p`). */
  readonly pkg: string;
}

/** One struct field (Go exported field; `embedded` marks an anonymous field). */
export interface FieldDescriptor {
  readonly name: string;
  readonly type: Descriptor;
  readonly embedded: boolean;
}

export interface StructDescriptor<T = unknown> extends DescBase<T>, GoTypeName {
  readonly kind: 'struct';
  /** Fields in Go declaration order (resolved lazily, so recursive types can refer to themselves). */
  readonly fields: readonly FieldDescriptor[];
}
export interface NamedDescriptor<B extends Descriptor = Descriptor> extends DescBase<Infer<B>>, GoTypeName {
  readonly kind: 'named';
  readonly base: B;
}

/** Hooks of a GobEncoder / BinaryMarshaler (/ TextMarshaler, decode only) wire type. */
export interface GobEncoderHooks<T> {
  /** Marshal (Go `GobEncode` / `MarshalBinary`). */
  encode(value: T): Uint8Array;
  /** Unmarshal (Go `GobDecode` / `UnmarshalBinary`). */
  decode(bytes: Uint8Array): T;
  /** Which Go interface: `gob` (GobEncoderT, default), `binary` (BinaryMarshalerT), `text` (TextMarshalerT). */
  readonly kind?: 'gob' | 'binary' | 'text';
  /** Go's isZero for struct-field omission; default: never zero (always sent). */
  isZero?(value: T): boolean;
  /** The value of an absent struct field; default: `decode(new Uint8Array(0))` is NOT called, `undefined` is used. */
  zero?(): T;
}

export interface GobEncoderDescriptor<T = unknown> extends DescBase<T>, GoTypeName {
  readonly kind: 'gobEncoder';
  readonly wire: 'gob' | 'binary' | 'text';
  readonly hooks: GobEncoderHooks<T>;
  /**
   * The Go value is a pointer whose pointee type has the marshal methods on its pointer
   * (`*big.Int`): Go then allocates two type ids and announces the definition under the first
   * with CommonType.Id the second (type.go `buildTypeInfo`). Only affects byte equality.
   */
  readonly pointerReceiver: boolean;
  /**
   * When the Go type's underlying type is a struct, Go also sends definitions for its exported
   * fields' types after the GobEncoder definition (encoder.go `sendActualType`); list them here
   * to reproduce that byte for byte. No decoder needs them.
   */
  readonly underlyingFields: readonly Descriptor[];
}

/** Any descriptor. */
export type Descriptor =
  | BoolDescriptor
  | IntDescriptor
  | UintDescriptor
  | FloatDescriptor
  | ComplexDescriptor
  | StringDescriptor
  | BytesDescriptor
  | InterfaceDescriptor
  | SliceDescriptor<Descriptor>
  | ArrayDescriptor<Descriptor>
  | MapDescriptor<Descriptor, Descriptor>
  | PtrDescriptor<Descriptor>
  | StructDescriptor<unknown>
  | NamedDescriptor<Descriptor>
  | GobEncoderDescriptor<unknown>;

/** The TS type of values described by `D`. */
export type Infer<D> = D extends { readonly __type?: infer T } ? T : never;

type Shape = Record<string, Descriptor>;
type StructValue<F> = { [K in keyof F]: Infer<F[K]> };

/** Splits `pkg/path.Name` into its parts; no dot means package `main`. */
function parseGoName(qualified: string, pkgPath?: string): GoTypeName {
  if (pkgPath !== undefined) {
    return { name: qualified, pkgPath, pkg: pkgPath.slice(pkgPath.lastIndexOf('/') + 1) };
  }
  const slash = qualified.lastIndexOf('/');
  const dot = qualified.indexOf('.', slash + 1);
  if (dot < 0) return { name: qualified, pkgPath: qualified === '' ? '' : 'main', pkg: qualified === '' ? '' : 'main' };
  const path = qualified.slice(0, dot);
  return { name: qualified.slice(dot + 1), pkgPath: path, pkg: path.slice(path.lastIndexOf('/') + 1) };
}

const EXPORTED = /^\p{Lu}[\p{L}\p{N}_]*$/u;

class StructDesc implements StructDescriptor<unknown> {
  readonly kind = 'struct';
  readonly name: string;
  readonly pkgPath: string;
  readonly pkg: string;
  private resolved: readonly FieldDescriptor[] | undefined;
  private readonly source: Shape | (() => Shape);

  constructor(name: GoTypeName, source: Shape | (() => Shape)) {
    this.name = name.name;
    this.pkgPath = name.pkgPath;
    this.pkg = name.pkg;
    this.source = source;
  }

  get fields(): readonly FieldDescriptor[] {
    if (this.resolved === undefined) {
      const shape = typeof this.source === 'function' ? this.source() : this.source;
      const out: FieldDescriptor[] = [];
      for (const key of Object.keys(shape)) {
        const raw = shape[key] as Descriptor | EmbeddedMarker;
        const embedded = raw instanceof EmbeddedMarker;
        const type = raw instanceof EmbeddedMarker ? raw.type : raw;
        if (!EXPORTED.test(key)) {
          throw gobError('INVALID_DESCRIPTOR', `gob: struct ${this.name || '(anonymous)'} field ${JSON.stringify(key)} is not an exported Go identifier`);
        }
        if (type === undefined || typeof type !== 'object' || typeof (type as { kind?: unknown }).kind !== 'string') {
          throw gobError('INVALID_DESCRIPTOR', `gob: struct ${this.name || '(anonymous)'} field ${key} has no descriptor`);
        }
        out.push({ name: key, type, embedded });
      }
      this.resolved = out;
    }
    return this.resolved;
  }
}

/** Marks an embedded (anonymous) struct field: `gob.struct('D', { Base: gob.embed(Base) })`. */
export class EmbeddedMarker {
  readonly kind = 'embedded';
  readonly __type?: unknown;
  constructor(readonly type: StructDescriptor<unknown>) {}
}

type ShapeIn = Record<string, Descriptor | EmbeddedMarker>;

/**
 * A Go struct type. Field order = object key order. `fields` may be a thunk for recursive types
 * (annotate the constant: `const Tree: StructDescriptor<TreeValue> = gob.struct('Tree', () => ({...}))`).
 * An empty `name` makes an anonymous struct (`struct{}` for net/rpc's error body).
 */
export function struct<F extends ShapeIn>(
  name: string,
  fields: F | (() => F),
  options?: { readonly pkgPath?: string },
): StructDescriptor<StructValue<F>> {
  return new StructDesc(parseGoName(name, options?.pkgPath), fields as Shape | (() => Shape)) as StructDescriptor<StructValue<F>>;
}

/** An embedded struct field (named after its type). */
export function embed<T>(type: StructDescriptor<T>): EmbeddedMarker & { readonly __type?: T } {
  return new EmbeddedMarker(type as StructDescriptor<unknown>) as EmbeddedMarker & { readonly __type?: T };
}

/** Go `[]T` (a JS array; `[]uint8` travels as gob bytes). */
export function slice<E extends Descriptor>(elem: E): SliceDescriptor<E> {
  assertDescriptor(elem, 'slice element');
  return { kind: 'slice', elem };
}
/** Go `[N]T` (a JS array of exactly `len` elements). */
export function array<E extends Descriptor>(elem: E, len: number): ArrayDescriptor<E> {
  assertDescriptor(elem, 'array element');
  if (!Number.isSafeInteger(len) || len < 0) throw gobError('INVALID_DESCRIPTOR', `gob: invalid array length ${len}`);
  return { kind: 'array', elem, len };
}
/** Go `map[K]V` (a JS Map; `null` is the nil map). */
export function map<K extends Descriptor, V extends Descriptor>(key: K, elem: V): MapDescriptor<K, V> {
  assertDescriptor(key, 'map key');
  assertDescriptor(elem, 'map element');
  return { kind: 'map', key, elem };
}
/** Go `*T`: flattened on the wire; the JS value is the pointee or `null` (nil). */
export function ptr<E extends Descriptor>(elem: E): PtrDescriptor<E> {
  assertDescriptor(elem, 'pointer element');
  return { kind: 'ptr', elem };
}
/** A Go named non-struct type (`type MyInts []int`). Named basic types keep the builtin id on the wire. */
export function named<B extends Descriptor>(name: string, base: B, options?: { readonly pkgPath?: string }): NamedDescriptor<B> {
  assertDescriptor(base, 'named base');
  const n = parseGoName(name, options?.pkgPath);
  return { kind: 'named', base, name: n.name, pkgPath: n.pkgPath, pkg: n.pkg };
}
/** A type with GobEncode/GobDecode (`kind: 'gob'`) or MarshalBinary/UnmarshalBinary (`kind: 'binary'`). */
export function gobEncoder<T>(
  name: string,
  hooks: GobEncoderHooks<T>,
  options?: { readonly pkgPath?: string; readonly pointerReceiver?: boolean; readonly underlyingFields?: readonly Descriptor[] },
): GobEncoderDescriptor<T> {
  const n = parseGoName(name, options?.pkgPath);
  return {
    kind: 'gobEncoder',
    wire: hooks.kind ?? 'gob',
    hooks,
    name: n.name,
    pkgPath: n.pkgPath,
    pkg: n.pkg,
    pointerReceiver: options?.pointerReceiver ?? false,
    underlyingFields: options?.underlyingFields ?? [],
  };
}

function assertDescriptor(d: unknown, what: string): void {
  if (d === null || typeof d !== 'object' || typeof (d as { kind?: unknown }).kind !== 'string') {
    throw gobError('INVALID_DESCRIPTOR', `gob: ${what} is not a descriptor`);
  }
}

function intD<T extends number | bigint>(goName: IntName, bits: 8 | 16 | 32 | 64, mode: 'number' | 'bigint' | 'auto'): IntDescriptor<T> {
  return { kind: 'int', goName, bits, mode };
}
function uintD<T extends number | bigint>(goName: UintName, bits: 8 | 16 | 32 | 64, mode: 'number' | 'bigint' | 'auto'): UintDescriptor<T> {
  return { kind: 'uint', goName, bits, mode };
}

/** Go `bool`. */
export const bool: BoolDescriptor = { kind: 'bool' };
/** Go `int` as number. */
export const int = intD<number>('int', 64, 'number');
/** Go `int8`. */
export const int8 = intD<number>('int8', 8, 'number');
/** Go `int16`. */
export const int16 = intD<number>('int16', 16, 'number');
/** Go `int32`. */
export const int32 = intD<number>('int32', 32, 'number');
/** Go `int64` as number (safe integers only; see `int64n`). */
export const int64 = intD<number>('int64', 64, 'number');
/** int64 as bigint. */
export const int64n = intD<bigint>('int64', 64, 'bigint');
/** int as bigint. */
export const intn = intD<bigint>('int', 64, 'bigint');
/** int64 as number when safe, bigint otherwise (schemaless decoding uses this). */
export const intAuto = intD<number | bigint>('int64', 64, 'auto');
/** Go `uint` as number. */
export const uint = uintD<number>('uint', 64, 'number');
/** Go `uint8`. */
export const uint8 = uintD<number>('uint8', 8, 'number');
/** Go `uint16`. */
export const uint16 = uintD<number>('uint16', 16, 'number');
/** Go `uint32`. */
export const uint32 = uintD<number>('uint32', 32, 'number');
/** Go `uint64` as number (safe integers only; see `uint64n`). */
export const uint64 = uintD<number>('uint64', 64, 'number');
/** Go `uintptr`. */
export const uintptr = uintD<number>('uintptr', 64, 'number');
/** uint64 as bigint. */
export const uint64n = uintD<bigint>('uint64', 64, 'bigint');
/** uint as bigint. */
export const uintn = uintD<bigint>('uint', 64, 'bigint');
/** uint64 as number when safe, bigint otherwise. */
export const uintAuto = uintD<number | bigint>('uint64', 64, 'auto');
/** Go `float32` (values rounded with Math.fround). */
export const float32: FloatDescriptor = { kind: 'float', goName: 'float32' };
/** Go `float64`. */
export const float64: FloatDescriptor = { kind: 'float', goName: 'float64' };
/** Go `complex64`. */
export const complex64: ComplexDescriptor = { kind: 'complex', goName: 'complex64' };
/** Go `complex128`. */
export const complex128: ComplexDescriptor = { kind: 'complex', goName: 'complex128' };
/** Go `string` (see utf8.ts for non-UTF-8 bytes). */
export const string: StringDescriptor = { kind: 'string' };
/** Go `[]byte` as Uint8Array. */
export const bytes: BytesDescriptor = { kind: 'bytes' };
/** Go `interface{}` / `any` (wire type id 8). */
export const iface_: InterfaceDescriptor = { kind: 'interface', goName: 'interface {}' };
/** Go `error` (an interface on the wire, like any other). */
export const error: InterfaceDescriptor = { kind: 'interface', goName: 'error' };
/** `struct{}` (anonymous empty struct: net/rpc's error reply body). */
export const emptyStruct = struct('', {});
