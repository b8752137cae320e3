/**
 * TypeScript descriptors for every value case of the Go zoo (go-testbed/internal/gobzoo): for
 * each case id, the descriptor of each value in the order gobgen encoded them. Go types live
 * in package gobzoo (short name in Go type strings), but are registered for interfaces under
 * `main.*` names, like the reference examples.
 */
import * as gob from '../../src/gob/index.js';
import type { Descriptor, StructDescriptor } from '../../src/gob/index.js';

const pkgPath = 'github.com/go-netrpc/go-testbed/internal/gobzoo';
const o = { pkgPath } as const;

export const Point = gob.struct('Point', { X: gob.int, Y: gob.int }, o);
export const PtrPoint = gob.struct('PtrPoint', { X: gob.int, Y: gob.int }, o);
export const AB = gob.struct('AB', { A: gob.int, B: gob.string }, o);
export const Empty = gob.struct('Empty', {}, o);
export const Inner = gob.struct('Inner', { X: gob.int }, o);
export const Item = gob.struct('Item', { A: gob.int }, o);
export const KeyS = gob.struct('KeyS', { A: gob.int, B: gob.string }, o);
export const WithIface = gob.struct('WithIface', { V: gob.interface }, o);
const Shape: Descriptor = { kind: 'interface', goName: 'gobzoo.Shape' };
export const Square = gob.struct('Square', { Side: gob.float64 }, o);
export const Circle = gob.struct('Circle', { R: gob.float64 }, o);
const MyInt = gob.named('MyInt', gob.int, o);
const MyString = gob.named('MyString', gob.string, o);
const MyBytes = gob.named('MyBytes', gob.bytes, o);
const MyInts = gob.named('MyInts', gob.slice(gob.int), o);
const MyMap = gob.named('MyMap', gob.map(gob.string, MyInt), o);
const MyArr = gob.named('MyArr', gob.array(MyString, 2), o);
const MyFloat = gob.named('MyFloat', gob.float32, o);

type TreeV = { Val: number; Left: TreeV | null; Right: TreeV | null };
const Tree: StructDescriptor<TreeV> = gob.struct('Tree', () => ({ Val: gob.int, Left: gob.ptr(Tree), Right: gob.ptr(Tree) }), o);
type NodeV = { V: number; Kids: (NodeV | null)[] };
const Node: StructDescriptor<NodeV> = gob.struct('Node', () => ({ V: gob.int, Kids: gob.slice(gob.ptr(Node)) }), o);

/** A recursive named container (`type RecMap map[string]RecMap`): the base is patched in. */
function recursiveNamed(name: string, make: (self: Descriptor) => Descriptor): Descriptor {
  const self = { ...gob.named(name, gob.int, o) } as { base: Descriptor } & Descriptor;
  self.base = make(self);
  return self;
}
const RecMap = recursiveNamed('RecMap', (self) => gob.map(gob.string, self));
const RecSlice = recursiveNamed('RecSlice', (self) => gob.slice(self));

/** GobEncoder / BinaryMarshaler test types (gobzoo BM, GE, PG, GQ). */
const BM = gob.gobEncoder<{ x: number }>(
  'BM',
  {
    kind: 'binary',
    encode: (v) => Uint8Array.of(v.x, 0xaa),
    decode: (b) => ({ x: b[0] ?? 0 }),
    isZero: (v) => v.x === 0,
  },
  o,
);
const GE = gob.gobEncoder<{ x: number }>(
  'GE',
  { kind: 'gob', encode: (v) => Uint8Array.of(v.x), decode: (b) => ({ x: b[0] ?? 0 }), isZero: (v) => v.x === 0 },
  o,
);
const PG = gob.gobEncoder<{ N: number }>(
  'PG',
  { kind: 'gob', encode: (v) => Uint8Array.of(v.N & 255, v.N >> 8), decode: (b) => ({ N: (b[0] ?? 0) | ((b[1] ?? 0) << 8) }) },
  o,
);
/** GQ's underlying type is struct{ Sub Item }: Go also sends Item's definition (quirk). */
const GQ = gob.gobEncoder<{ A: number }>(
  'GQ',
  { kind: 'gob', encode: (v) => Uint8Array.of(v.A), decode: (b) => ({ A: b[0] ?? 0 }), isZero: (v) => v.A === 0 },
  { ...o, underlyingFields: [Item] },
);
const TM = gob.struct('TM', { S: gob.string }, o);
/** KTime is k8s metav1.Time, `struct{ time.Time }`: a GobEncoder (promoted), and Go also sends time.Time's definition. */
const KTime = gob.gobEncoder('KTime', { ...gob.time.hooks }, { ...o, underlyingFields: [gob.time] });
/** Stamp is `struct{ BM }`: a BinaryMarshaler (promoted), and Go also sends BM's definition. */
const Stamp = gob.gobEncoder('Stamp', { ...BM.hooks }, { ...o, underlyingFields: [BM] });
const ObjectMeta = gob.struct(
  'ObjectMeta',
  { Name: gob.string, CreationTimestamp: KTime, DeletionTimestamp: gob.ptr(KTime), Labels: gob.map(gob.string, gob.string), Stamp },
  o,
);

/** math/big.Int GobEncode format: version<<1|sign byte, then the big-endian magnitude. */
const BigInt_ = gob.gobEncoder<bigint>(
  'Int',
  {
    kind: 'gob',
    encode: (v) => {
      const neg = v < 0n;
      let m = neg ? -v : v;
      const bytes: number[] = [];
      while (m > 0n) {
        bytes.unshift(Number(m & 255n));
        m >>= 8n;
      }
      return Uint8Array.of((1 << 1) | (neg ? 1 : 0), ...bytes);
    },
    decode: (b) => {
      let m = 0n;
      for (const x of b.subarray(1)) m = (m << 8n) | BigInt(x);
      return (b[0] ?? 0) & 1 ? -m : m;
    },
  },
  // *big.Int: the Go value is a pointer to a type whose methods have pointer receivers.
  { pkgPath: 'math/big', pointerReceiver: true },
);

const Scalars = gob.struct(
  'Scalars',
  {
    B: gob.bool, I: gob.int, I8: gob.int8, I16: gob.int16, I32: gob.int32, I64: gob.int64n, U: gob.uint, U8: gob.uint8,
    U16: gob.uint16, U32: gob.uint32, U64: gob.uint64n, UP: gob.uintptr, F32: gob.float32, F64: gob.float64,
    C64: gob.complex64, C128: gob.complex128, S: gob.string, By: gob.bytes,
  },
  o,
);
const Outer = gob.struct('Outer', { Name: gob.string, In: Inner, P: gob.ptr(Inner), Q: gob.ptr(Inner), I: gob.ptr(gob.int) }, o);
const ZeroRules = gob.struct(
  'ZeroRules',
  {
    NegZero: gob.float64, NaN: gob.float64, EmptyMap: gob.map(gob.string, gob.int), NilMap: gob.map(gob.string, gob.int),
    EmptySl: gob.slice(gob.int), Arr: gob.array(gob.int, 3), In: Inner, PZeroInt: gob.ptr(gob.int), PZeroIn: gob.ptr(Inner),
    T: gob.time, Iface: gob.interface, Last: gob.int,
  },
  o,
);
const Hidden = gob.struct('Hidden', { A: gob.int, B: gob.string }, o);
const Base = gob.struct('Base', { ID: gob.int, Note: gob.string }, o);
const Derived = gob.struct('Derived', { Base: gob.embed(Base), Name: gob.string }, o);
const DerivedPtr = gob.struct('DerivedPtr', { Base: gob.ptr(Base), Name: gob.string }, o);
const NamedHolder = gob.struct('NamedHolder', { I: MyInt, S: MyString, B: MyBytes, Is: MyInts, M: MyMap, A: MyArr, F: MyFloat }, o);
const S = gob.struct('S', { Items: gob.slice(Item) }, o);
const Shapes = gob.struct('Shapes', { All: gob.slice(Shape), Main: Shape }, o);
const HasBM = gob.struct('HasBM', { B: BM, G: GE, T: TM }, o);
const HasPG = gob.struct('HasPG', { V: PG, P: gob.ptr(PG) }, o);
const HasG = gob.struct('HasG', { V: GQ }, o);
const HasBig = gob.struct('HasBig', { B: gob.ptr(BigInt_) }, o);
const WithTime = gob.struct('WithTime', { T: gob.time, N: gob.int }, o);
const WithTimes = gob.struct('WithTimes', { Ts: gob.slice(gob.time), M: gob.map(gob.string, gob.time), P: gob.ptr(gob.time) }, o);
const ArrHolder = gob.struct(
  'ArrHolder',
  { A: gob.array(gob.int, 3), B: gob.array(gob.uint8, 4), AA: gob.array(gob.array(gob.string, 2), 2), Z: gob.array(gob.int, 0) },
  o,
);
const Containers = gob.struct(
  'Containers',
  {
    Ints: gob.slice(gob.int), Strs: gob.slice(gob.string), Nested: gob.slice(gob.slice(gob.int)), Points: gob.slice(Point),
    PPoints: gob.slice(gob.ptr(Point)), ByKey: gob.map(KeyS, gob.string), ArrKey: gob.map(gob.array(gob.int, 2), gob.bool),
    MapMap: gob.map(gob.string, gob.map(gob.string, gob.int)), SliceM: gob.map(gob.string, gob.slice(gob.int)),
    PSlice: gob.ptr(gob.slice(gob.int)), PMap: gob.ptr(gob.map(gob.string, gob.int)),
  },
  o,
);
const WithNonUTF8 = gob.struct('WithNonUTF8', { S: gob.string, L: gob.slice(gob.string) }, o);
const IP = gob.named('IP', gob.bytes, { pkgPath: 'net' });
const WithIP = gob.struct('WithIP', { IP, Mask: gob.named('IPMask', gob.bytes, { pkgPath: 'net' }) }, o);
const Request = gob.struct('Request', { ServiceMethod: gob.string, Seq: gob.uint64n }, { pkgPath: 'net/rpc' });
const Response = gob.struct('Response', { ServiceMethod: gob.string, Seq: gob.uint64n, Error: gob.string }, { pkgPath: 'net/rpc' });
const Args = gob.struct('Args', { A: gob.intn, B: gob.intn }, o);
const Quotient = gob.struct('Quotient', { Quo: gob.int, Rem: gob.int }, o);
const ET2 = gob.struct('ET2', { X: gob.string }, o);
const Hello = gob.struct('Hello', { Hello: gob.int }, o);

/** The registry of interface payload types, with gobzoo.Register's names. */
export function zooRegistry(): gob.Registry {
  const r = new gob.Registry();
  r.register('main.Point', Point);
  r.register('*main.PtrPoint', gob.ptr(PtrPoint));
  r.register('main.WithIface', WithIface);
  r.register('main.AB', AB);
  r.register('main.MyInt', MyInt);
  r.register('main.Square', Square);
  r.register('*main.Circle', gob.ptr(Circle));
  r.register('main.Empty', Empty);
  r.register('[]interface {}', gob.slice(gob.interface));
  r.register('map[string]interface {}', gob.map(gob.string, gob.interface));
  r.register('map[string]int', gob.map(gob.string, gob.int));
  r.register('main.KeyS', KeyS);
  r.register('time.Time', gob.time);
  r.register('main.Tree', Tree);
  r.register('main.Inner', Inner);
  return r;
}

const n = <T>(k: number, d: T): T[] => Array.from({ length: k }, () => d);

/** Descriptors of each value of each value case. */
export const zoo: Readonly<Record<string, readonly Descriptor[]>> = {
  bool: [gob.bool, gob.bool],
  int_edges: n(22, gob.int64n),
  int_kinds: [gob.int, gob.int, gob.int8, gob.int8, gob.int16, gob.int16, gob.int32, gob.int32, gob.intn, gob.intn],
  uint_edges: n(10, gob.uint64n),
  uint_kinds: [gob.uint, gob.uint8, gob.uint16, gob.uint32, gob.uintptr, gob.uintn, gob.uint8],
  float64: n(14, gob.float64),
  float64_go_nan: [gob.float64],
  float32: [...n(6, gob.float32), MyFloat],
  complex: [gob.complex128, gob.complex128, gob.complex128, gob.complex64, gob.complex128],
  strings: n(6, gob.string),
  strings_non_utf8: [...n(4, gob.string), WithNonUTF8],
  bytes: [gob.bytes, gob.bytes, gob.bytes, MyBytes, gob.bytes],
  arrays: [
    gob.array(gob.int, 3), gob.array(gob.uint8, 4), gob.array(gob.array(gob.string, 2), 2), gob.array(gob.int, 0), ArrHolder, ArrHolder,
  ],
  slices: [
    gob.slice(gob.int), gob.slice(gob.string), gob.slice(gob.string), gob.slice(gob.slice(gob.int)), gob.slice(Point),
    gob.slice(gob.ptr(Point)), gob.slice(gob.float64), gob.slice(gob.bool), gob.slice(gob.int8),
  ],
  map_single: [
    gob.map(gob.string, gob.int), gob.map(gob.int, gob.string), gob.map(KeyS, gob.string), gob.map(gob.array(gob.int, 2), gob.bool),
    gob.map(gob.float64, gob.string), gob.map(gob.string, gob.slice(gob.int)), gob.map(gob.string, gob.map(gob.string, gob.int)),
    gob.map(gob.string, gob.int), gob.map(gob.string, gob.int), gob.map(gob.bool, Point),
  ],
  map_multi: [
    gob.map(gob.string, gob.int), gob.map(gob.intn, gob.float64), gob.map(KeyS, gob.slice(gob.string)), gob.map(gob.float64, gob.int),
    Containers,
  ],
  struct_basic: [Point, Point, AB, AB, AB, gob.ptr(Point)],
  struct_scalars: [Scalars, Scalars],
  struct_zero_rules: [ZeroRules, ZeroRules, ZeroRules],
  struct_empty: [gob.emptyStruct, Empty, gob.emptyStruct],
  struct_hidden: [Hidden],
  pointers: [
    gob.ptr(gob.ptr(gob.int)), gob.ptr(Point), Outer, Outer, Outer, Outer, gob.ptr(gob.slice(gob.int)),
    gob.ptr(gob.map(gob.string, gob.int)),
  ],
  embedded: [Derived, DerivedPtr, DerivedPtr],
  recursive: [Tree, Node, RecMap, RecSlice],
  named: [MyInt, MyString, MyBytes, MyInts, MyMap, MyArr, NamedHolder],
  slice_definition_order: [S, gob.map(gob.string, Item)],
  iface_struct: [WithIface, WithIface, WithIface],
  iface_pointer: [WithIface],
  iface_builtins: n(11, WithIface),
  iface_toplevel: n(3, gob.interface),
  iface_nested: [WithIface, WithIface],
  iface_slice: [gob.slice(gob.interface)],
  iface_map_single: [gob.map(gob.string, gob.interface), WithIface],
  iface_map_multi: [gob.map(gob.string, gob.interface)],
  iface_shapes: [Shapes, Shapes],
  marshalers: [HasBM, HasBM, gob.ptr(HasPG), gob.ptr(HasPG), HasG, HasG, GE, BM],
  embedded_marshalers: [KTime, ObjectMeta, gob.ptr(ObjectMeta), Stamp, gob.ptr(KTime)],
  netip: [IP, WithIP],
  iface_containers: [gob.array(gob.interface, 2), gob.map(gob.interface, gob.string), gob.map(gob.string, gob.interface)],
  bigint: [gob.ptr(BigInt_), HasBig, HasBig, HasBig],
  time_utc: n(7, gob.time).map((d, i) => (i === 1 || i === 2 ? WithTime : d)),
  time_zones: [...n(3, gob.time), WithTimes],
  multi_values: [gob.int, gob.string, Point, gob.slice(gob.int), Point, AB, gob.slice(gob.int), WithIface, Point],
  other_encoder_order: [S, Point],
  non_minimal_uints: [gob.int, gob.string, AB],
  netrpc: [gob.ptr(Request), gob.ptr(Args), gob.ptr(Request), gob.ptr(Args), gob.ptr(Request), gob.ptr(Args)],
  netrpc_response: [gob.ptr(Response), gob.int, gob.ptr(Response), gob.emptyStruct, gob.ptr(Response), gob.ptr(Quotient)],
};

/** Decode targets of the hostile cases (absent: the case decodes with `skip()` / schemaless). */
export const hostileTargets: Readonly<Record<string, Descriptor>> = {
  bad_data_2: ET2,
  bad_data_3: ET2,
  huge_slice: gob.slice(gob.int),
  mismatch_62117: gob.slice(gob.ptr(gob.emptyStruct)),
  deep_array_ignored: Hello,
  deep_struct_ignored: Hello,
  truncated_value: AB,
  truncated_after_types: AB,
  err_out_of_range: gob.int8,
  err_field_out_of_range: gob.struct('', { A: gob.int8 }),
  err_struct_from_int: AB,
  err_string_from_int: gob.string,
  err_no_fields_match: Point,
  err_field_type: gob.struct('', { B: gob.uint }),
  err_array_len: gob.array(gob.int, 2),
  err_duplicate_type: AB,
  err_unregistered_name: WithIface,
  err_singleton_delta: gob.int,
  err_uint_count_byte: gob.int,
};
