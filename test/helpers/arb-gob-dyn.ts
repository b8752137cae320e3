/**
 * The one random gob-schema generator of the tests (conformance against Go and the property
 * tests): fast-check arbitraries for random gob schemas that both sides can build: a JSON type
 * description for gobpeer's dyn mode (Go builds it with reflect.StructOf/SliceOf/ArrayOf/MapOf/
 * PointerTo) together with the matching go-netrpc descriptor, and values of that type.
 *
 * Values avoid what Go cannot encode (nil pointers outside struct fields, pointers to
 * interfaces) or what a JS Map cannot hold like Go (NaN / -0 / duplicate keys).
 */
import fc from 'fast-check';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { toWireJson } from '../../src/cli/json.js';
import type { DynType } from './gob-peer.js';

/** A random type: its dyn description and its descriptor. */
export interface DynCase {
  readonly dyn: DynType;
  readonly desc: Descriptor;
  /** Usable as a Go map key (comparable, no interfaces/pointers/slices/maps). */
  readonly comparable: boolean;
  /** Values; `inField` allows nil pointers (only struct fields may hold them). */
  readonly value: (inField: boolean) => fc.Arbitrary<unknown>;
}

const I64 = 2n ** 63n;
const noNegZero = (x: number): number => (Object.is(x, -0) ? 0 : x);

function leaf(kind: string, desc: Descriptor, arb: fc.Arbitrary<unknown>, keyArb?: fc.Arbitrary<unknown>): DynCase {
  return { dyn: { kind }, desc, comparable: keyArb !== undefined, value: () => arb, ...(keyArb ? { key: keyArb } : {}) } as DynCase;
}

/** Go drops a -0.0 struct field (it is a zero value), so a field decodes as +0: generate +0 there. */
function inFieldNoNegZero(c: DynCase): DynCase {
  const plainValue = c.value;
  return { ...c, value: (inField) => (inField ? plainValue(false).map((x) => noNegZero(x as number)) : plainValue(false)) };
}

const goString = fc.oneof(fc.string({ maxLength: 12 }), fc.uint8Array({ maxLength: 8 }).map((b) => gob.goStringFromBytes(b)));

const keyArbs = new WeakMap<DynCase, fc.Arbitrary<unknown>>();

function withKey(c: DynCase, key: fc.Arbitrary<unknown>): DynCase {
  keyArbs.set(c, key);
  return c;
}

function keyValue(c: DynCase): fc.Arbitrary<unknown> {
  return keyArbs.get(c) ?? c.value(false);
}

const leaves: DynCase[] = [
  leaf('bool', gob.bool, fc.boolean(), fc.boolean()),
  withKey(leaf('int8', gob.int8, fc.integer({ min: -128, max: 127 }), fc.constant(0)), fc.integer({ min: -128, max: 127 })),
  leaf('int16', gob.int16, fc.integer({ min: -32768, max: 32767 }), fc.constant(0)),
  leaf('int32', gob.int32, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constant(0)),
  leaf('int', gob.intn, fc.bigInt(-I64, I64 - 1n), fc.constant(0)),
  leaf('int64', gob.int64n, fc.bigInt(-I64, I64 - 1n), fc.constant(0)),
  leaf('uint8', gob.uint8, fc.integer({ min: 0, max: 255 }), fc.constant(0)),
  leaf('uint16', gob.uint16, fc.integer({ min: 0, max: 65535 }), fc.constant(0)),
  leaf('uint32', gob.uint32, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constant(0)),
  leaf('uint', gob.uintn, fc.bigInt(0n, 2n ** 64n - 1n), fc.constant(0)),
  leaf('uint64', gob.uint64n, fc.bigInt(0n, 2n ** 64n - 1n), fc.constant(0)),
  leaf('uintptr', gob.uintptr, fc.maxSafeNat(), fc.constant(0)),
  inFieldNoNegZero(leaf('float32', gob.float32, fc.float(), fc.constant(0))),
  inFieldNoNegZero(leaf('float64', gob.float64, fc.double(), fc.constant(0))),
  leaf('complex64', gob.complex64, fc.record({ real: fc.float(), imag: fc.float() }), fc.constant(0)),
  leaf('complex128', gob.complex128, fc.record({ real: fc.double(), imag: fc.double() }), fc.constant(0)),
  leaf('string', gob.string, goString, goString),
  leaf('bytes', gob.bytes, fc.uint8Array({ maxLength: 16 })),
  leaf(
    'interface',
    gob.interface,
    fc.oneof(
      fc.constant(null),
      fc.integer().map((v) => gob.iface(gob.int, v, 'int')),
      goString.map((v) => gob.iface(gob.string, v, 'string')),
      fc.double().map((v) => gob.iface(gob.float64, v, 'float64')),
      fc.boolean().map((v) => gob.iface(gob.bool, v, 'bool')),
      fc.uint8Array({ maxLength: 6 }).map((v) => gob.iface(gob.bytes, v, '[]uint8')),
    ),
  ),
];

// Keys: exact, collision-free arbitraries for the comparable leaves.
const keyFor: Record<string, fc.Arbitrary<unknown>> = {
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  int: fc.bigInt(-I64, I64 - 1n),
  int64: fc.bigInt(-I64, I64 - 1n),
  uint8: fc.integer({ min: 0, max: 255 }),
  uint16: fc.integer({ min: 0, max: 65535 }),
  uint32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  uint: fc.bigInt(0n, 2n ** 64n - 1n),
  uint64: fc.bigInt(0n, 2n ** 64n - 1n),
  uintptr: fc.maxSafeNat(),
  float32: fc.float({ noNaN: true }).map(noNegZero),
  float64: fc.double({ noNaN: true }).map(noNegZero),
  complex64: fc.record({ real: fc.float({ noNaN: true }).map(noNegZero), imag: fc.float({ noNaN: true }).map(noNegZero) }),
  complex128: fc.record({ real: fc.double({ noNaN: true }).map(noNegZero), imag: fc.double({ noNaN: true }).map(noNegZero) }),
};
for (const l of leaves) {
  const k = keyFor[(l.dyn as { kind: string }).kind];
  if (k) withKey(l, k);
}

function sliceOf(e: DynCase): DynCase {
  return { dyn: { kind: 'slice', elem: e.dyn }, desc: gob.slice(e.desc), comparable: false, value: () => fc.array(e.value(false), { maxLength: 4 }) };
}

function arrayOf(e: DynCase, len: number): DynCase {
  return {
    dyn: { kind: 'array', len, elem: e.dyn },
    desc: gob.array(e.desc, len),
    comparable: e.comparable,
    value: () => fc.array(e.value(false), { minLength: len, maxLength: len }),
  };
}

function mapOf(k: DynCase, e: DynCase): DynCase {
  const keyView = (x: unknown): string => JSON.stringify(toWireJson(k.desc, x));
  return {
    dyn: { kind: 'map', key: k.dyn, elem: e.dyn },
    desc: gob.map(k.desc, e.desc),
    comparable: false,
    value: () =>
      fc
        .uniqueArray(fc.tuple(keyValue(k), e.value(false)), { maxLength: 4, selector: ([key]) => keyView(key) })
        .map((pairs) => new Map(pairs)),
  };
}

/**
 * Whether Go's encoder leaves out a struct field that points at `v` (encode.go: the ops of
 * scalars, strings, slices, maps and interfaces skip zero values; structs and arrays are always
 * sent), so that the field decodes as a nil pointer.
 */
function pointeeDropped(dyn: DynType, v: unknown): boolean {
  const kind = (dyn as { kind: string }).kind;
  if (kind === 'struct' || kind === 'array') return false;
  if (kind === 'ptr') return v === null || pointeeDropped((dyn as { elem: DynType }).elem, v);
  if (v === null || v === false || v === 0 || v === 0n || v === '') return true;
  if (v instanceof Uint8Array || Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (kind === 'complex64' || kind === 'complex128') return (v as { real: number }).real === 0 && (v as { imag: number }).imag === 0;
  return false;
}

function ptrOf(e: DynCase): DynCase {
  return {
    dyn: { kind: 'ptr', elem: e.dyn },
    desc: gob.ptr(e.desc),
    comparable: false,
    // In a field, a pointer to a value Go leaves out is generated as the nil it decodes to.
    value: (inField) => (inField ? fc.option(e.value(false), { nil: null }).map((v) => (v !== null && pointeeDropped(e.dyn, v) ? null : v)) : e.value(false)),
  };
}

function structOf(fields: DynCase[]): DynCase {
  const names = fields.map((_, i) => `F${i}`);
  const shape: Record<string, Descriptor> = {};
  fields.forEach((f, i) => (shape[names[i]!] = f.desc));
  return {
    dyn: { kind: 'struct', fields: fields.map((f, i) => ({ name: names[i]!, type: f.dyn })) },
    desc: gob.struct('', shape),
    comparable: fields.every((f) => f.comparable),
    value: () => fc.tuple(...fields.map((f) => f.value(true))).map((vs) => Object.fromEntries(vs.map((v, i) => [names[i]!, v]))),
  };
}

/** Random types up to `depth` levels of containers. */
export function dynCase(depth = 3): fc.Arbitrary<DynCase> {
  const { tree } = fc.letrec<{ tree: DynCase }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: depth },
      fc.constantFrom(...leaves),
      // []uint8 is Go's []byte (gob bytes): covered by 'bytes' and by an explicit test.
      tie('tree')
        .filter((e) => (e.dyn as { kind: string }).kind !== 'uint8')
        .map(sliceOf),
      fc.tuple(tie('tree'), fc.integer({ min: 0, max: 3 })).map(([e, n]) => arrayOf(e, n)),
      fc.tuple(tie('tree').filter((k) => k.comparable), tie('tree')).map(([k, e]) => mapOf(k, e)),
      tie('tree')
        .filter((e) => (e.dyn as { kind: string }).kind !== 'interface')
        .map(ptrOf),
      fc.array(tie('tree'), { maxLength: 4 }).map(structOf),
    ),
  }));
  return tree;
}

/** A type with a value of it (top level: no nil pointer). */
export function dynCaseWithValue(depth = 3): fc.Arbitrary<{ c: DynCase; value: unknown }> {
  return dynCase(depth).chain((c) => c.value(false).map((value) => ({ c, value })));
}

/** A random type with a value of it, as the property tests use them (`descOf(spec)` is its descriptor). */
export const typedValueArb: fc.Arbitrary<{ spec: DynCase; value: unknown }> = dynCaseWithValue().map(({ c, value }) => ({ spec: c, value }));

/** The descriptor of a generated type. */
export const descOf = (c: DynCase): Descriptor => c.desc;

/** Replaces GoInterface wrappers by `{ iface: value }` for deep equality. */
export function plain(v: unknown): unknown {
  if (v instanceof gob.GoInterface) return { iface: plain(v.value) };
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = plain(x);
  return o;
}
