/** Encoder: byte-exact expectations from the reference's Go captures (§2, §5.3), encode AND decode. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import type { StructDescriptor } from '../../../src/gob/index.js';
import { decodeAll, fromHex, gobErr, hex, norm, plain } from './helpers.js';

/** The reference's byte dumps were captured with Go 1.19, whose first type id is 65. */
const REF = { firstTypeId: 65 } as const;

/** Encodes a sequence on one fresh Encoder and compares each Encode's bytes. */
function expectSeq(cases: [unknown, gob.Descriptor, string][], registry?: gob.Registry): void {
  const enc = new gob.Encoder(registry === undefined ? REF : { ...REF, registry });
  const all: Uint8Array[] = [];
  for (const [v, t, h] of cases) {
    const b = enc.encode(v as never, t);
    expect(hex(b)).toBe(norm(h));
    all.push(b);
  }
  // And Go's bytes decode back to the same values.
  const stream = fromHex(cases.map((c) => c[2]).join(' '));
  const decoded = decodeAll(stream, cases.map((c) => c[1]), registry === undefined ? {} : { registry });
  decoded.forEach((d, i) => expect(plain(d)).toEqual(plain(cases[i]?.[0])));
}

const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
const AB = gob.struct('AB', { A: gob.int, B: gob.string });
const WithIface = gob.struct('WithIface', { V: gob.interface });

describe('Encoder: singletons (§2 ex. 1)', () => {
  it('int 3 in a fresh process', () => expectSeq([[3, gob.int, '03 04 00 06']]));
  it('basic values on one Encoder', () =>
    expectSeq([
      [-129, gob.int, '05 04 00 fe 01 01'],
      [256, gob.uint, '05 06 00 fe 01 00'],
      ['hi', gob.string, '05 0c 00 02 68 69'],
      [Uint8Array.of(1, 2, 3), gob.bytes, '06 0a 00 03 01 02 03'],
      [true, gob.bool, '03 02 00 01'],
      [17.0, gob.float64, '05 08 00 fe 31 40'],
      [1.5, gob.float32, '05 08 00 fe f8 3f'],
      [{ real: 1, imag: 2 }, gob.complex128, '06 0e 00 fe f0 3f 40'],
      [0, gob.int, '03 04 00 00'],
      ['', gob.string, '03 0c 00 00'],
      [-0, gob.float64, '04 08 00 ff 80'],
      [2n ** 64n - 1n, gob.uint64n, '0b 06 00 f8 ff ff ff ff ff ff ff ff'],
    ]));
  it('pointers are flattened: **int 5', () => expectSeq([[5, gob.ptr(gob.ptr(gob.int)), '03 04 00 0a']]));
});

describe('Encoder: structs (§2 ex. 2, 3, 12)', () => {
  it('AB, zero AB, AB{A:-1}', () =>
    expectSeq([
      [{ A: 7, B: 'hi' }, AB, '1c ff 81 03 01 01 02 41 42 01 ff 82 00 01 02 01 01 41 01 04 00 01 01 42 01 0c 00 00 00 09 ff 82 01 0e 01 02 68 69 00'],
      [{ A: 0, B: '' }, AB, '03 ff 82 00'],
      [{ A: -1, B: '' }, AB, '05 ff 82 01 01 00'],
    ]));
  it('Point twice: definitions once', () =>
    expectSeq([
      [{ X: 22, Y: 33 }, Point, '1f ff 81 03 01 01 05 50 6f 69 6e 74 01 ff 82 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 07 ff 82 01 2c 01 42 00'],
      [{ X: 22, Y: 33 }, Point, '07 ff 82 01 2c 01 42 00'],
    ]));
  it('empty structs, anonymous and named', () => {
    expectSeq([[{}, gob.emptyStruct, '0a ff 81 03 01 02 ff 82 00 00 00 03 ff 82 00']]);
    expectSeq([[{}, gob.struct('Empty', {}), '11 ff 81 03 01 01 05 45 6d 70 74 79 01 ff 82 00 00 00 03 ff 82 00']]);
  });
});

describe('Encoder: slices, maps, arrays (§2 ex. 4, 5, 15)', () => {
  it('[]string, then empty', () =>
    expectSeq([
      [['a', 'bc'], gob.slice(gob.string), '0c ff 81 02 01 02 ff 82 00 01 0c 00 00 09 ff 82 00 02 01 61 02 62 63'],
      [[], gob.slice(gob.string), '04 ff 82 00 00'],
    ]));
  it('[]int', () => expectSeq([[[1, 2, 3], gob.slice(gob.int), '0c ff 81 02 01 02 ff 82 00 01 04 00 00 07 ff 82 00 03 02 04 06']]));
  it('map[string]int', () =>
    expectSeq([[new Map([['one', 1]]), gob.map(gob.string, gob.int), '0e ff 81 04 01 02 ff 82 00 01 0c 01 04 00 00 09 ff 82 00 01 03 6f 6e 65 02']]));
  it('map field: empty map sent, nil map omitted; field type named map[string]int', () => {
    const MapS = gob.struct('MapS', { M: gob.map(gob.string, gob.int) });
    const enc = new gob.Encoder(REF);
    const first = enc.encode({ M: new Map() }, MapS);
    expect(hex(first)).toContain(norm('1e ff 83 04 01 01 0e 6d 61 70 5b 73 74 72 69 6e 67 5d 69 6e 74 01 ff 84 00 01 0c 01 04 00 00'));
    expect(hex(first).endsWith(norm('05 ff 82 01 00 00'))).toBe(true);
    expect(hex(enc.encode({ M: null as never }, MapS))).toBe(norm('03 ff 82 00'));
  });
  it('arrays are never omitted and carry their length', () => {
    const Arr = gob.struct('Arr', { A: gob.array(gob.int, 3) });
    const enc = new gob.Encoder(REF);
    const first = enc.encode({ A: [1, 0, 3] }, Arr);
    expect(hex(first)).toContain(norm('16 ff 83 01 01 01 06 5b 33 5d 69 6e 74 01 ff 84 00 01 04 01 06 00 00'));
    expect(hex(first).endsWith(norm('08 ff 82 01 03 02 00 06 00'))).toBe(true);
    expect(hex(enc.encode({ A: [0, 0, 0] }, Arr))).toBe(norm('08 ff 82 01 03 00 00 00 00'));
  });
  it('[]int8 then [2]uint16 on one Encoder', () =>
    expectSeq([
      [[-1, 2], gob.slice(gob.int8), '0c ff 81 02 01 02 ff 82 00 01 04 00 00 06 ff 82 00 02 01 04'],
      [[1, 300], gob.array(gob.uint16, 2), '0e ff 83 01 01 02 ff 84 00 01 06 01 04 00 00 08 ff 84 00 02 01 fe 01 2c'],
    ]));
});

describe('Encoder: type ids and definition order (§1.6, §2 ex. 7, 9, 10)', () => {
  it('nested struct and pointers: Outer=65, Inner=66', () => {
    const Inner = gob.struct('Inner', { X: gob.int });
    const Outer = gob.struct('Outer', { Name: gob.string, In: Inner, P: gob.ptr(Inner), Q: gob.ptr(Inner) });
    expectSeq([
      [
        { Name: 'o', In: { X: 1 }, P: { X: 2 }, Q: null },
        Outer,
        '32 ff 81 03 01 01 05 4f 75 74 65 72 01 ff 82 00 01 04 01 04 4e 61 6d 65 01 0c 00 01 02 49 6e 01 ff 84 00 01 01 50 01 ff 84 00 01 01 51 01 ff 84 00 00 00 ' +
          '19 ff 83 03 01 01 05 49 6e 6e 65 72 01 ff 84 00 01 01 01 01 58 01 04 00 00 00 0e ff 82 01 01 6f 01 01 02 00 01 01 04 00 00',
      ],
    ]);
  });
  it('zero nested struct sent, pointer to zero int omitted, pointer to empty struct sent', () => {
    const Inner = gob.struct('Inner', { X: gob.int });
    const Outer = gob.struct('Outer', { Name: gob.string, In: Inner, P: gob.ptr(Inner), Q: gob.ptr(Inner), I: gob.ptr(gob.int) });
    const enc = new gob.Encoder(REF);
    enc.encode({ Name: '', In: { X: 0 }, P: null, Q: null, I: null }, Outer);
    expect(hex(enc.encode({ Name: '', In: { X: 0 }, P: null, Q: null, I: null }, Outer))).toBe(norm('05 ff 82 02 00 00'));
    expect(hex(enc.encode({ Name: '', In: { X: 0 }, P: { X: 0 }, Q: null, I: 0 }, Outer))).toBe(norm('07 ff 82 02 00 01 00 00'));
  });
  it('recursive Tree', () => {
    type TreeV = { Val: number; Left: TreeV | null; Right: TreeV | null };
    const Tree: StructDescriptor<TreeV> = gob.struct('Tree', () => ({ Val: gob.int, Left: gob.ptr(Tree), Right: gob.ptr(Tree) }));
    expectSeq([
      [
        { Val: 1, Left: { Val: 2, Left: null, Right: null }, Right: { Val: 3, Left: null, Right: null } },
        Tree,
        '2f ff 81 03 01 01 04 54 72 65 65 01 ff 82 00 01 03 01 03 56 61 6c 01 04 00 01 04 4c 65 66 74 01 ff 82 00 01 05 52 69 67 68 74 01 ff 82 00 00 00 0d ff 82 01 02 01 01 04 00 01 01 06 00 00',
      ],
    ]);
  });
  it('recursion through a slice, field type named []*main.Node', () => {
    type NodeV = { V: number; Kids: (NodeV | null)[] };
    const Node: StructDescriptor<NodeV> = gob.struct('Node', () => ({ V: gob.int, Kids: gob.slice(gob.ptr(Node)) }));
    expectSeq([
      [
        { V: 1, Kids: [{ V: 2, Kids: [] }] },
        Node,
        '22 ff 81 03 01 01 04 4e 6f 64 65 01 ff 82 00 01 02 01 01 56 01 04 00 01 04 4b 69 64 73 01 ff 84 00 00 00 ' +
          '1b ff 83 02 01 01 0c 5b 5d 2a 6d 61 69 6e 2e 4e 6f 64 65 01 ff 84 00 01 ff 82 00 00 0a ff 82 01 02 01 01 01 04 00 00',
      ],
    ]);
  });
  it('slice of structs: ids S=65, Item=66, []Item=67, sent 65, 67, 66', () => {
    const Item = gob.struct('Item', { A: gob.int });
    const S = gob.struct('S', { Items: gob.slice(Item) });
    expectSeq([
      [
        { Items: [{ A: 1 }] },
        S,
        '1a ff 81 03 01 01 01 53 01 ff 82 00 01 01 01 05 49 74 65 6d 73 01 ff 86 00 00 00 1a ff 85 02 01 01 0b 5b 5d 6d 61 69 6e 2e 49 74 65 6d 01 ff 86 00 01 ff 84 00 00 ' +
          '18 ff 83 03 01 01 04 49 74 65 6d 01 ff 84 00 01 01 01 01 41 01 04 00 00 00 08 ff 82 01 01 01 02 00 00',
      ],
    ]);
  });
  it('map[string]Item: Item defined with an empty name, before the map', () => {
    const Item = gob.struct('Item', { A: gob.int });
    expectSeq([
      [
        new Map([['k', { A: 2 }]]),
        gob.map(gob.string, Item),
        '0f ff 83 04 01 02 ff 84 00 01 0c 01 ff 82 00 00 12 ff 81 03 01 02 ff 82 00 01 01 01 01 41 01 04 00 00 00 09 ff 84 00 01 01 6b 01 04 00',
      ],
    ]);
  });
});

describe('Encoder: interfaces and the split rule (§2 ex. 6, 11)', () => {
  const reg = new gob.Registry();
  reg.registerType(Point);
  reg.registerType(WithIface);
  it('WithIface{Point{1,2}} spans three messages; second value one message; nil omitted', () =>
    expectSeq(
      [
        [
          { V: gob.iface(Point, { X: 1, Y: 2 }) },
          WithIface,
          '1d ff 81 03 01 01 09 57 69 74 68 49 66 61 63 65 01 ff 82 00 01 01 01 01 56 01 10 00 00 00 ' +
            '2d ff 82 01 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 83 03 01 01 05 50 6f 69 6e 74 01 ff 84 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 ' +
            '09 ff 84 05 01 02 01 04 00 00',
        ],
        [{ V: gob.iface(Point, { X: 3, Y: 4 }) }, WithIface, '17 ff 82 01 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 84 05 01 06 01 08 00 00'],
        [{ V: null }, WithIface, '03 ff 82 00'],
      ],
      reg,
    ));
  it('nested interfaces: inline definition chunk inside the outer payload', () =>
    expectSeq(
      [
        [
          { V: gob.iface(WithIface, { V: gob.iface(Point, { X: 1, Y: 2 }) }) },
          WithIface,
          '1d ff 81 03 01 01 09 57 69 74 68 49 66 61 63 65 01 ff 82 00 01 01 01 01 56 01 10 00 00 00 ' +
            '4b ff 82 01 0e 6d 61 69 6e 2e 57 69 74 68 49 66 61 63 65 ff 82 2b 01 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 83 03 01 01 05 50 6f 69 6e 74 01 ff 84 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 09 ff 84 05 01 02 01 04 00 00 00',
        ],
      ],
      reg,
    ));
  it('top-level interface value', () =>
    expectSeq(
      [
        [
          gob.iface(Point, { X: 1, Y: 2 }),
          gob.interface,
          '2c 10 00 0a 6d 61 69 6e 2e 50 6f 69 6e 74 ff 81 03 01 01 05 50 6f 69 6e 74 01 ff 82 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00 08 ff 82 05 01 02 01 04 00',
        ],
      ],
      reg,
    ));
  it('builtins inside interfaces use pre-registered names', () => {
    const enc = new gob.Encoder(REF);
    const first = enc.encode({ V: gob.iface(gob.int, 7) }, WithIface);
    expect(hex(first).endsWith(norm('0c ff 82 01 03 69 6e 74 04 02 00 0e 00'))).toBe(true);
    expect(hex(enc.encode({ V: gob.iface(gob.string, 's') }, WithIface))).toBe(norm('10 ff 82 01 06 73 74 72 69 6e 67 0c 03 00 01 73 00'));
    const m = new gob.Encoder(REF).encode(new Map([['k', gob.iface(gob.float64, 1.5)]]), gob.map(gob.string, gob.interface));
    expect(hex(m)).toBe(norm('0e ff 81 04 01 02 ff 82 00 01 0c 01 10 00 00 14 ff 82 00 01 01 6b 07 66 6c 6f 61 74 36 34 08 04 00 fe f8 3f'));
  });
  it('pointer registration name *main.Point', () => {
    const r = new gob.Registry();
    expect(r.registerType(gob.ptr(Point))).toBe('*main.Point');
    const b = new gob.Encoder({ ...REF, registry: r }).encode({ V: gob.iface(gob.ptr(Point), { X: 1, Y: 2 }) }, WithIface);
    expect(hex(b)).toContain(norm('0b 2a 6d 61 69 6e 2e 50 6f 69 6e 74'));
  });
  it('errors: unregistered type, nil pointer inside interface, non-GoInterface', () => {
    expect(gobErr(() => new gob.Encoder(REF).encode({ V: gob.iface(Point, { X: 1, Y: 2 }) }, WithIface)).code).toBe('UNREGISTERED_NAME');
    const r = new gob.Registry();
    r.registerType(gob.ptr(Point));
    expect(gobErr(() => new gob.Encoder({ ...REF, registry: r }).encode({ V: gob.iface(gob.ptr(Point), null) }, WithIface)).message).toContain(
      'cannot encode nil pointer of type *main.Point inside interface',
    );
    expect(gobErr(() => new gob.Encoder(REF).encode({ V: 3 as never }, WithIface)).code).toBe('UNSUPPORTED_VALUE');
  });
});

describe('Encoder: floats, GobEncoders, time (§2 ex. 8, 13, 16)', () => {
  it('Floats struct value bytes, -0 dropped, NaN and Inf sent', () => {
    const Floats = gob.struct('Floats', { F: gob.float64, G: gob.float32, C: gob.complex128, U: gob.uint, B: gob.bool, By: gob.bytes });
    const enc = new gob.Encoder(REF);
    const b = enc.encode({ F: 17, G: 1.5, C: { real: 1, imag: -1 }, U: 300, B: true, By: Uint8Array.of(0x78, 0x79) }, Floats);
    expect(hex(b).endsWith(norm('1c ff 82 01 fe 31 40 01 fe f8 3f 01 fe f0 3f fe f0 bf 01 fe 01 2c 01 01 01 02 78 79 00'))).toBe(true);
    const F = gob.struct('F', { F: gob.float64 });
    const e2 = new gob.Encoder(REF);
    const first = e2.encode({ F: 1 }, F);
    expect(hex(e2.encode({ F: -0 }, F))).toBe(norm('03 ff 82 00'));
    expect(hex(e2.encode({ F: Infinity }, F))).toBe(norm('07 ff 82 01 fe f0 7f 00'));
    // JS's canonical NaN (Go's math.NaN() has payload 1 and encodes as f8 01 00 .. f8 7f).
    expect(hex(e2.encode({ F: NaN }, F))).toBe(norm('07 ff 82 01 fe f8 7f 00'));
    const goNaN = fromHex('0d ff 82 01 f8 01 00 00 00 00 00 f8 7f 00');
    const [, nan] = decodeAll(Uint8Array.from([...first, ...goNaN]), [F, F]) as { F: number }[];
    expect(nan?.F).toBeNaN();
  });
  it('time.Time field and top-level (GobEncoderT named Time)', () => {
    const WithTime = gob.struct('WithTime', { T: gob.time });
    const t = gob.GoTime.fromUnix(1577934245, 6);
    expectSeq([
      [
        { T: t },
        WithTime,
        '1d ff 81 03 01 01 08 57 69 74 68 54 69 6d 65 01 ff 82 00 01 01 01 01 54 01 ff 84 00 00 00 10 ff 83 05 01 01 04 54 69 6d 65 01 ff 84 00 00 00 14 ff 82 01 0f 01 00 00 00 0e d5 9f 54 a5 00 00 00 06 ff ff 00',
      ],
    ]);
    expectSeq([[t, gob.time, '10 ff 81 05 01 01 04 54 69 6d 65 01 ff 82 00 00 00 13 ff 82 00 0f 01 00 00 00 0e d5 9f 54 a5 00 00 00 06 ff ff']]);
    const WT = gob.struct('WT', { T: gob.time, N: gob.int });
    const enc = new gob.Encoder(REF);
    expect(hex(enc.encode({ T: gob.GoTime.zero, N: 1 }, WT)).endsWith(norm('05 ff 82 02 02 00'))).toBe(true);
  });
  it('BinaryMarshaler and GobEncoder kinds', () => {
    const BM = gob.gobEncoder<number>('BM', { kind: 'binary', encode: (x) => Uint8Array.of(x, 0xaa), decode: (b) => b[0] ?? 0, isZero: (x) => x === 0 });
    const GE = gob.gobEncoder<number>('GE', { encode: (x) => Uint8Array.of(x), decode: (b) => b[0] ?? 0, isZero: (x) => x === 0 });
    const TM = gob.struct('TM', { S: gob.string });
    const HasBM = gob.struct('HasBM', { B: BM, G: GE, T: TM });
    const b = new gob.Encoder(REF).encode({ B: 1, G: 2, T: { S: 't' } }, HasBM);
    const h = hex(b);
    expect(h).toContain(norm('0e ff 83 06 01 01 02 42 4d 01 ff 84 00 00 00'));
    expect(h).toContain(norm('0e ff 85 05 01 01 02 47 45 01 ff 86 00 00 00'));
    expect(h).toContain(norm('16 ff 87 03 01 01 02 54 4d 01 ff 88 00 01 01 01 01 53 01 0c 00 00 00'));
    expect(h.endsWith(norm('0f ff 82 01 02 01 aa 01 01 02 01 01 01 74 00 00'))).toBe(true);
    expect(decodeAll(b, [HasBM])).toEqual([{ B: 1, G: 2, T: { S: 't' } }]);
  });
});

describe('Encoder: net/rpc session bytes (§5.3)', () => {
  const Request = gob.struct('Request', { ServiceMethod: gob.string, Seq: gob.uint64 });
  const Response = gob.struct('Response', { ServiceMethod: gob.string, Seq: gob.uint64, Error: gob.string });
  const Args = gob.struct('Args', { A: gob.int, B: gob.int });
  it('client → server', () =>
    expectSeq([
      [
        { ServiceMethod: 'Arith.Multiply', Seq: 0 },
        Request,
        '2f ff 81 03 01 01 07 52 65 71 75 65 73 74 01 ff 82 00 01 02 01 0d 53 65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 00 00 13 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 00',
      ],
      [{ A: 7, B: 8 }, Args, '1e ff 83 03 01 01 04 41 72 67 73 01 ff 84 00 01 02 01 01 41 01 04 00 01 01 42 01 04 00 00 00 07 ff 84 01 0e 01 10 00'],
      [{ ServiceMethod: 'Arith.Divide', Seq: 1 }, Request, '13 ff 82 01 0c 41 72 69 74 68 2e 44 69 76 69 64 65 01 01 00'],
      [{ A: 7, B: 0 }, Args, '05 ff 84 01 0e 00'],
    ]));
  it('server → client, including the struct{}{} error body', () =>
    expectSeq([
      [
        { ServiceMethod: 'Arith.Multiply', Seq: 0, Error: '' },
        Response,
        '3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53 65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01 05 45 72 72 6f 72 01 0c 00 00 00 13 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 00',
      ],
      [56, gob.int, '03 04 00 70'],
      [
        { ServiceMethod: 'Arith.Divide', Seq: 1, Error: 'divide by zero' },
        Response,
        '23 ff 82 01 0c 41 72 69 74 68 2e 44 69 76 69 64 65 01 01 01 0e 64 69 76 69 64 65 20 62 79 20 7a 65 72 6f 00',
      ],
      [{}, gob.emptyStruct, '0a ff 83 03 01 02 ff 84 00 00 00 03 ff 84 00'],
    ]));
});

describe('Encoder: errors leave the Encoder unchanged', () => {
  it('a failed encode sends no definitions and allocates no ids', () => {
    const enc = new gob.Encoder(REF);
    expect(gobErr(() => enc.encode({ A: 'x' as never, B: '' }, AB)).code).toBe('UNSUPPORTED_VALUE');
    expect(hex(enc.encode({ A: 7, B: 'hi' }, AB))).toBe(
      norm('1c ff 81 03 01 01 02 41 42 01 ff 82 00 01 02 01 01 41 01 04 00 01 01 42 01 0c 00 00 00 09 ff 82 01 0e 01 02 68 69 00'),
    );
  });
  it('range checks on encode', () => {
    const enc = new gob.Encoder(REF);
    expect(gobErr(() => enc.encode(128, gob.int8)).code).toBe('OUT_OF_RANGE');
    expect(gobErr(() => enc.encode(-1, gob.uint)).code).toBe('OUT_OF_RANGE');
    expect(gobErr(() => enc.encode(2 ** 60, gob.int64)).code).toBe('UNSUPPORTED_VALUE');
    expect(gobErr(() => enc.encode(2n ** 63n, gob.int64n)).code).toBe('OUT_OF_RANGE');
    expect(gobErr(() => enc.encode(1e39, gob.float32)).code).toBe('OUT_OF_RANGE');
    expect(gobErr(() => enc.encode([1], gob.array(gob.int, 2))).code).toBe('UNSUPPORTED_VALUE');
    expect(gobErr(() => enc.encode(null as never, gob.ptr(gob.int))).code).toBe('UNSUPPORTED_VALUE');
    expect(gobErr(() => enc.encode([null], gob.slice(gob.ptr(gob.int)))).message).toContain('nil element');
  });
  it('message size limit', () => {
    const enc = new gob.Encoder({ ...REF, maxMessageBytes: 10 });
    expect(gobErr(() => enc.encode('x'.repeat(20), gob.string)).code).toBe('TOO_BIG');
  });
  it('cyclic values fail with DEPTH_EXCEEDED instead of overflowing the stack', () => {
    type L = { Next: L | null };
    const List: StructDescriptor<L> = gob.struct('List', () => ({ Next: gob.ptr(List) }));
    const a: L = { Next: null };
    a.Next = a;
    expect(gobErr(() => new gob.Encoder(REF).encode(a, List)).code).toBe('DEPTH_EXCEEDED');
  });
});

describe('Encoder: type ids of current Go (≥ 1.21) start at 64', () => {
  it('AB{7, "hi"} as a fresh Go 1.26 process writes it', () => {
    expect(hex(new gob.Encoder().encode({ A: 7, B: 'hi' }, AB))).toBe(
      norm('1b 7f 03 01 01 02 41 42 01 ff 80 00 01 02 01 01 41 01 04 00 01 01 42 01 0c 00 00 00 09 ff 80 01 0e 01 02 68 69 00'),
    );
  });
  it('rejects a first id below 64', () => {
    expect(gobErr(() => new gob.Encoder({ firstTypeId: 63 })).code).toBe('INVALID_DESCRIPTOR');
  });
  it('[]uint8 of numbers travels as gob bytes', () => {
    const T = gob.struct('T', { B: gob.slice(gob.uint8) });
    const b = new gob.Encoder().encode({ B: [1, 2, 255] }, T);
    expect(hex(b)).toContain(norm('01 42 01 0a 00'));
    expect(decodeAll(b, [T])).toEqual([{ B: [1, 2, 255] }]);
    expect(decodeAll(b, [gob.struct('T', { B: gob.bytes })])).toEqual([{ B: Uint8Array.of(1, 2, 255) }]);
    expect(gobErr(() => new gob.Encoder().encode({ B: [256] }, T)).code).toBe('OUT_OF_RANGE');
  });
});

describe('Encoder: Go id quirks of GobEncoder types (§1.6, §2 ex. 13, 14)', () => {
  const BigInt_ = gob.gobEncoder<bigint>(
    'math/big.Int',
    { encode: (v) => Uint8Array.of(v < 0n ? 3 : 2, Number(v < 0n ? -v : v)), decode: (b) => BigInt(b[1] ?? 0) * ((b[0] ?? 2) & 1 ? -1n : 1n) },
    { pointerReceiver: true },
  );
  it('top-level *big.Int: defines 65 with CommonType.Id 66, unnamed', () => {
    expect(hex(new gob.Encoder(REF).encode(-5n, BigInt_))).toBe(norm('0a ff 81 05 01 02 ff 84 00 00 00 06 ff 82 00 02 03 05'));
  });
  it('*big.Int in a struct: defines 66 saying 67', () => {
    const S = gob.struct('', { B: BigInt_ });
    const b = new gob.Encoder(REF).encode({ B: 44n }, S);
    expect(hex(b)).toContain(norm('0a ff 83 05 01 02 ff 86 00 00 00'));
  });
  it('struct-based GobEncoder: field types defined after it, as Go does', () => {
    const Item = gob.struct('Item', { A: gob.int });
    const G = gob.gobEncoder<number>('G', { encode: (x) => Uint8Array.of(x), decode: (b) => b[0] ?? 0, isZero: (x) => x === 0 }, { underlyingFields: [Item] });
    const HasG = gob.struct('HasG', { V: G });
    const b = new gob.Encoder(REF).encode({ V: 0 }, HasG);
    const h = hex(b);
    expect(h).toContain(norm('05 01 01 01 47 01 ff 84 00 00 00'));
    expect(h).toContain(norm('03 01 01 04 49 74 65 6d 01 ff 86 00 01 01 01 01 41 01 04 00 00 00'));
    expect(h.endsWith(norm('03 ff 82 00'))).toBe(true);
  });
});
