/** Decoder: Go's compatibility rules (§1.11), chunking, the split rule, skip, schemaless values, error stickiness. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { decodeAll, fromHex, gobErr, hex, norm, plain } from './helpers.js';

/** The reference's byte dumps were captured with Go 1.19, whose first type id is 65. */
const REF = { firstTypeId: 65 } as const;

const AB = gob.struct('AB', { A: gob.int, B: gob.string });
const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
const WithIface = gob.struct('WithIface', { V: gob.interface });
const GO_AB = fromHex('1c ff 81 03 01 01 02 41 42 01 ff 82 00 01 02 01 01 41 01 04 00 01 01 42 01 0c 00 00 00 09 ff 82 01 0e 01 02 68 69 00');
const GO_IFACE = fromHex(
  '1d ff 81 03 01 01 09 57 69 74 68 49 66 61 63 65 01 ff 82 00 01 01 01 01 56 01 10 00 00 00 ' +
    '2d ff 82 01 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 83 03 01 01 05 50 6f 69 6e 74 01 ff 84 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 ' +
    '09 ff 84 05 01 02 01 04 00 00 ' +
    '17 ff 82 01 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 84 05 01 06 01 08 00 00',
);
const reg = new gob.Registry();
reg.registerType(Point);
reg.registerType(WithIface);

function encodeWith<D extends gob.Descriptor>(v: gob.Infer<D>, d: D): Uint8Array {
  return new gob.Encoder({ ...REF, registry: reg }).encode(v, d);
}

describe('Decoder: compatibility rules', () => {
  it('fields matched by name in any order; unknown remote fields skipped; absent local fields zero', () => {
    const Remote = gob.struct('R', { Extra: gob.slice(gob.map(gob.string, gob.interface)), B: gob.string, A: gob.int, Z: Point });
    const bytes = encodeWith({ Extra: [new Map([['k', gob.iface(gob.int, 1)]])], B: 'b', A: 5, Z: { X: 1, Y: 2 } }, Remote);
    const Local = gob.struct('L', { A: gob.int, B: gob.string, C: gob.bool });
    expect(decodeAll(bytes, [Local])).toEqual([{ A: 5, B: 'b', C: false }]);
  });
  it('struct ⟵ non-struct, no common fields, wrong field type', () => {
    const dec = new gob.Decoder();
    dec.push(encodeWith(3, gob.int));
    expect(gobErr(() => dec.decode(AB)).message).toContain('want struct type main.AB; got non-struct');
    const CD = gob.struct('CD', { C: gob.int, D: gob.int });
    expect(gobErr(() => decodeAll(GO_AB, [CD])).message).toContain('no fields matched compiling decoder for CD');
    const ABu = gob.struct('AB', { A: gob.uint, B: gob.string });
    const e = gobErr(() => decodeAll(GO_AB, [ABu]));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain('wrong type (uint) for received field AB.A');
  });
  it('empty local struct accepts any struct; any struct accepts an empty remote struct', () => {
    expect(decodeAll(GO_AB, [gob.emptyStruct])).toEqual([{}]);
    expect(decodeAll(encodeWith({}, gob.emptyStruct), [AB])).toEqual([{ A: 0, B: '' }]);
  });
  it('kind mismatches between non-structs', () => {
    const cases: [gob.Descriptor, gob.Descriptor, unknown][] = [
      [gob.int, gob.uint, 1],
      [gob.uint, gob.int, 1],
      [gob.int, gob.float64, 1],
      [gob.bytes, gob.string, 'x'],
      [gob.string, gob.bytes, Uint8Array.of(1)],
      [gob.array(gob.int, 2), gob.slice(gob.int), [1, 2]],
      [gob.slice(gob.int), gob.array(gob.int, 2), [1, 2]],
      [gob.array(gob.int, 3), gob.array(gob.int, 2), [1, 2]],
      [gob.map(gob.string, gob.uint), gob.map(gob.string, gob.int), new Map([['a', 1]])],
      [gob.interface, Point, { X: 1, Y: 2 }],
    ];
    for (const [local, remote, v] of cases) {
      const e = gobErr(() => decodeAll(encodeWith(v as never, remote), [local]));
      expect(e.code).toBe('TYPE_MISMATCH');
    }
    expect(gobErr(() => decodeAll(encodeWith({ X: 1, Y: 2 }, Point), [gob.interface])).message).toContain(
      'can only be decoded from remote interface type',
    );
  });
  it('extra pointer indirection is free on both sides; named types are transparent', () => {
    expect(decodeAll(encodeWith(5, gob.ptr(gob.ptr(gob.int))), [gob.int])).toEqual([5]);
    expect(decodeAll(encodeWith(5, gob.int), [gob.ptr(gob.int)])).toEqual([5]);
    const MyInts = gob.named('MyInts', gob.slice(gob.int));
    expect(decodeAll(encodeWith([1, 2], gob.slice(gob.int)), [MyInts])).toEqual([[1, 2]]);
  });
  it('promoted fields: remote top-level ID lands in local embedded Base.ID', () => {
    const Flat = gob.struct('Derived', { ID: gob.int, Name: gob.string });
    const Base = gob.struct('Base', { ID: gob.int });
    const Derived = gob.struct('Derived', { Base: gob.embed(Base), Name: gob.string });
    expect(decodeAll(encodeWith({ ID: 4, Name: 'n' }, Flat), [Derived])).toEqual([{ Base: { ID: 4 }, Name: 'n' }]);
  });
});

describe('Decoder: numbers', () => {
  const I = gob.struct('I', { A: gob.int64n });
  it('range checks for narrow kinds (value for "A" out of range)', () => {
    const bytes = encodeWith({ A: 300n }, I);
    const e = gobErr(() => decodeAll(bytes, [gob.struct('I', { A: gob.int8 })]));
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.message).toContain('value for "A" out of range');
    expect(decodeAll(bytes, [gob.struct('I', { A: gob.int16 })])).toEqual([{ A: 300 }]);
    expect(gobErr(() => decodeAll(encodeWith(256, gob.uint), [gob.uint8])).code).toBe('OUT_OF_RANGE');
    expect(gobErr(() => decodeAll(encodeWith(-129, gob.int), [gob.int8])).code).toBe('OUT_OF_RANGE');
    expect(decodeAll(encodeWith(-128, gob.int), [gob.int8])).toEqual([-128]);
  });
  it('64-bit edges: number descriptors refuse unsafe values, bigint and auto keep them', () => {
    const edges = [0n, 1n, -1n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)];
    for (const v of edges) {
      const bytes = encodeWith(v, gob.int64n);
      expect(decodeAll(bytes, [gob.int64n])).toEqual([v]);
      const safe = v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER);
      if (safe) {
        expect(decodeAll(bytes, [gob.int64])).toEqual([Number(v)]);
        expect(decodeAll(bytes, [gob.intAuto])).toEqual([Number(v)]);
      } else {
        expect(gobErr(() => decodeAll(bytes, [gob.int64])).code).toBe('PRECISION_LOSS');
        expect(decodeAll(bytes, [gob.intAuto])).toEqual([v]);
      }
    }
    for (const v of [0n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n]) {
      const bytes = encodeWith(v, gob.uint64n);
      expect(decodeAll(bytes, [gob.uint64n])).toEqual([v]);
      if (v <= BigInt(Number.MAX_SAFE_INTEGER)) expect(decodeAll(bytes, [gob.uint64])).toEqual([Number(v)]);
      else expect(gobErr(() => decodeAll(bytes, [gob.uint64])).code).toBe('PRECISION_LOSS');
    }
  });
  it('float32: rounding and overflow; non-minimal uint encodings accepted', () => {
    expect(decodeAll(encodeWith(0.1, gob.float64), [gob.float32])).toEqual([Math.fround(0.1)]);
    expect(gobErr(() => decodeAll(encodeWith(1e39, gob.float64), [gob.float32])).code).toBe('OUT_OF_RANGE');
    expect(decodeAll(encodeWith(Infinity, gob.float64), [gob.float32])).toEqual([Infinity]);
    // int 3 with a 2-byte non-minimal count: 04 04 00 fe 00 06 → body "04 00 fe 00 06"
    expect(decodeAll(fromHex('05 04 00 fe 00 06'), [gob.int])).toEqual([3]);
  });
});

describe('Decoder: strings are bytes', () => {
  it('invalid UTF-8 survives decode → encode', () => {
    const raw = fromHex('05 0c 00 02 ff c3'); // string "\xff\xc3"
    const [s] = decodeAll(raw, [gob.string]) as string[];
    expect(s).toBe('\udcff\udcc3');
    expect(hex(new gob.Encoder(REF).encode(s as string, gob.string))).toBe(hex(raw));
  });
});

describe('Decoder: framing and chunking', () => {
  it('decodes the same with 1-byte chunks, including values spanning messages (split rule)', () => {
    const dec = new gob.Decoder({ registry: reg });
    const out: unknown[] = [];
    for (const b of GO_IFACE) {
      dec.push(Uint8Array.of(b));
      for (;;) {
        const v = dec.decode(WithIface);
        if (v === gob.NEED_MORE) break;
        out.push(v);
      }
    }
    dec.end();
    expect(plain(out)).toEqual([{ V: { iface: { X: 1, Y: 2 } } }, { V: { iface: { X: 3, Y: 4 } } }]);
    expect((out[0] as { V: gob.GoInterface }).V.name).toBe('main.Point');
  });
  it('many messages in one chunk, buffered count, end()', () => {
    const dec = new gob.Decoder();
    const two = new Uint8Array([...GO_AB, ...fromHex('03 ff 82 00')]);
    dec.push(two.subarray(0, 10));
    expect(dec.decode(AB)).toBe(gob.NEED_MORE);
    expect(dec.buffered).toBe(10);
    expect(() => dec.end()).toThrow(gob.GobError);
    const d2 = new gob.Decoder();
    d2.push(two);
    expect(d2.decode(AB)).toEqual({ A: 7, B: 'hi' });
    expect(d2.decode(AB)).toEqual({ A: 0, B: '' });
    expect(d2.decode(AB)).toBe(gob.NEED_MORE);
    d2.end();
  });
  it('skip() discards a value but keeps its definitions (Go Decode(nil))', () => {
    const dec = new gob.Decoder();
    dec.push(new Uint8Array([...GO_AB, ...fromHex('05 ff 82 01 01 00')]));
    expect(dec.skip()).toBe(true);
    expect(dec.decode(AB)).toEqual({ A: -1, B: '' });
    expect(dec.skip()).toBe(false);
  });
  it('skip() of nil and nested interfaces (fixes golang/go#34879)', () => {
    const r = new gob.Registry();
    r.registerType(Point);
    r.registerType(WithIface);
    const L = gob.slice(gob.interface);
    const b = new gob.Encoder({ ...REF, registry: r }).encode([null, gob.iface(WithIface, { V: gob.iface(Point, { X: 1, Y: 2 }) }), gob.iface(gob.string, 'x')], L);
    const after = new gob.Encoder(REF).encode(9, gob.int);
    const dec = new gob.Decoder({ registry: r });
    dec.push(new Uint8Array([...b, ...after]));
    expect(dec.skip()).toBe(true);
    expect(dec.decode(gob.int)).toBe(9);
  });
  it('value errors are not sticky (as Go: the next Decode continues); framing errors are', () => {
    const dec = new gob.Decoder();
    dec.push(new Uint8Array([...GO_AB, ...fromHex('05 ff 82 01 01 00')]));
    expect(gobErr(() => dec.decode(gob.string)).code).toBe('TYPE_MISMATCH');
    expect(dec.decode(AB)).toEqual({ A: -1, B: '' });
    const d2 = new gob.Decoder({ maxMessageBytes: 16 });
    d2.push(fromHex('11'));
    const e = gobErr(() => d2.decode(AB));
    expect(e.code).toBe('TOO_BIG');
    expect(gobErr(() => d2.decode(AB))).toBe(e);
    expect(gobErr(() => d2.end())).toBe(e);
  });
  it('unknown interface names and unknown type ids', () => {
    const dec = new gob.Decoder({ registry: new gob.Registry() });
    dec.push(GO_IFACE);
    const e = gobErr(() => dec.decode(WithIface));
    expect(e.code).toBe('UNREGISTERED_NAME');
    expect(e.message).toContain('name not registered for interface: "main.Point"');
    const d2 = new gob.Decoder();
    d2.push(fromHex('03 ff 82 00'));
    expect(gobErr(() => d2.decode(AB)).code).toBe('UNKNOWN_TYPE_ID');
  });
  it('accepts definitions in any order (children first, as rust-aws-lambda sends)', () => {
    const Item = gob.struct('Item', { A: gob.int });
    const S = gob.struct('S', { Items: gob.slice(Item) });
    // §2 ex. 10 definitions reordered: Item (-66), []Item (-67), then S (-65).
    const bytes = fromHex(
      '18 ff 83 03 01 01 04 49 74 65 6d 01 ff 84 00 01 01 01 01 41 01 04 00 00 00 ' +
        '1a ff 85 02 01 01 0b 5b 5d 6d 61 69 6e 2e 49 74 65 6d 01 ff 86 00 01 ff 84 00 00 ' +
        '1a ff 81 03 01 01 01 53 01 ff 82 00 01 01 01 05 49 74 65 6d 73 01 ff 86 00 00 00 08 ff 82 01 01 01 02 00 00',
    );
    expect(decodeAll(bytes, [S])).toEqual([{ Items: [{ A: 1 }] }]);
  });
});

describe('Decoder: schemaless values re-encode byte-identically', () => {
  const goStreams: string[] = [
    '1c ff 81 03 01 01 02 41 42 01 ff 82 00 01 02 01 01 41 01 04 00 01 01 42 01 0c 00 00 00 09 ff 82 01 0e 01 02 68 69 00 03 ff 82 00 05 ff 82 01 01 00',
    hex(GO_IFACE),
    '1a ff 81 03 01 01 01 53 01 ff 82 00 01 01 01 05 49 74 65 6d 73 01 ff 86 00 00 00 1a ff 85 02 01 01 0b 5b 5d 6d 61 69 6e 2e 49 74 65 6d 01 ff 86 00 01 ff 84 00 00 18 ff 83 03 01 01 04 49 74 65 6d 01 ff 84 00 01 01 01 01 41 01 04 00 00 00 08 ff 82 01 01 01 02 00 00',
    '0f ff 83 04 01 02 ff 84 00 01 0c 01 ff 82 00 00 12 ff 81 03 01 02 ff 82 00 01 01 01 01 41 01 04 00 00 00 09 ff 84 00 01 01 6b 01 04 00',
    '1d ff 81 03 01 01 08 57 69 74 68 54 69 6d 65 01 ff 82 00 01 01 01 01 54 01 ff 84 00 00 00 10 ff 83 05 01 01 04 54 69 6d 65 01 ff 84 00 00 00 14 ff 82 01 0f 01 00 00 00 0e d5 9f 54 a5 00 00 00 06 ff ff 00',
    '22 ff 81 03 01 01 04 4e 6f 64 65 01 ff 82 00 01 02 01 01 56 01 04 00 01 04 4b 69 64 73 01 ff 84 00 00 00 1b ff 83 02 01 01 0c 5b 5d 2a 6d 61 69 6e 2e 4e 6f 64 65 01 ff 84 00 01 ff 82 00 00 0a ff 82 01 02 01 01 01 04 00 00',
    '1d ff 81 03 01 01 09 57 69 74 68 49 66 61 63 65 01 ff 82 00 01 01 01 01 56 01 10 00 00 00 4b ff 82 01 0e 6d 61 69 6e 2e 57 69 74 68 49 66 61 63 65 ff 82 2b 01 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 83 03 01 01 05 50 6f 69 6e 74 01 ff 84 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 09 ff 84 05 01 02 01 04 00 00 00',
    '0b 06 00 f8 ff ff ff ff ff ff ff ff 05 04 00 fe 01 01 05 0c 00 02 ff c3',
  ];
  it.each(goStreams.map((s, i) => [i, s]))('stream %i', (_i, s) => {
    const bytes = fromHex(s as string);
    const dec = new gob.Decoder({ registry: new gob.Registry({ builtins: false }) });
    dec.push(bytes);
    const enc = new gob.Encoder({ ...REF, registry: new gob.Registry({ builtins: false }) });
    const out: number[] = [];
    for (;;) {
      const v = dec.decodeValue();
      if (v === gob.NEED_MORE) break;
      out.push(...enc.encodeValue(v));
    }
    dec.end();
    expect(hex(Uint8Array.from(out))).toBe(norm(s as string));
  });
  it('schemaless structs hold only present fields in null-prototype objects', () => {
    const dec = new gob.Decoder();
    dec.push(fromHex('1c ff 81 03 01 01 02 41 42 01 ff 82 00 01 02 01 01 41 01 04 00 01 01 42 01 0c 00 00 00 05 ff 82 01 01 00'));
    const v = dec.decodeValue() as gob.GobValue;
    expect(Object.getPrototypeOf(v.value)).toBe(null);
    expect({ ...(v.value as object) }).toEqual({ A: -1 });
  });
});
