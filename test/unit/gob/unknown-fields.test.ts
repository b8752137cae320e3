/**
 * Unknown-field preservation (unknown-fields.ts, unknown-encode.ts): what a partial descriptor
 * keeps, where it is kept, and how it goes back on the wire. Go agreement is in
 * test/conformance/gob-unknown-fields.test.ts.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import type { Descriptor } from '../../../src/gob/index.js';

const Leaf = gob.struct('Leaf', { A: gob.int, B: gob.string });
const Full = gob.struct('Rec', {
  ID: gob.int,
  Name: gob.string,
  Leaf,
  Leaves: gob.slice(Leaf),
  ByKey: gob.map(gob.string, gob.ptr(Leaf)),
  Any: gob.interface,
  Big: gob.uint64n,
});
const Part = gob.struct('Rec', { ID: gob.int, Name: gob.string });
const registry = new gob.Registry();
registry.register('main.Leaf', Leaf);

const full = {
  ID: 7,
  Name: 'seven',
  Leaf: { A: 1, B: 'b' },
  Leaves: [{ A: 2, B: 'c' }, { A: 3, B: '' }],
  ByKey: new Map([['k', { A: 4, B: 'd' }]]),
  Any: gob.iface(Leaf, { A: 5, B: 'e' }, 'main.Leaf'),
  Big: 2n ** 60n + 1n,
};

function decodeAll<D extends Descriptor>(bytes: Uint8Array, type: D, options?: gob.DecoderOptions): unknown[] {
  const dec = new gob.Decoder({ registry, ...options });
  dec.push(bytes);
  const out: unknown[] = [];
  for (;;) {
    const v = dec.decode(type);
    if (v === gob.NEED_MORE) break;
    out.push(v);
  }
  dec.end();
  return out;
}

function encode(values: readonly unknown[], type: Descriptor, options?: gob.EncoderOptions): Uint8Array {
  const enc = new gob.Encoder({ registry, ...options });
  return Buffer.concat(values.map((v) => enc.encode(v as never, type)));
}

const original = encode([full], Full);

describe('unknown fields on decoded objects', () => {
  it('are kept out of sight: keys, JSON, inspect and deep equality see only the declared fields', () => {
    const [v] = decodeAll(original, Part) as [Record<string, unknown>];
    expect(Object.keys(v)).toEqual(['ID', 'Name']);
    expect(JSON.stringify(v)).toBe('{"ID":7,"Name":"seven"}');
    expect(inspect(v)).toBe("{ ID: 7, Name: 'seven' }");
    expect(v).toEqual({ ID: 7, Name: 'seven' });
  });

  it('are listed by gob.unknownFields with their wire types', () => {
    const [v] = decodeAll(original, Part) as [object];
    const u = gob.unknownFields(v);
    expect([...(u?.keys() ?? [])]).toEqual(['Leaf', 'Leaves', 'ByKey', 'Any', 'Big']);
    expect(u?.get('Big')?.value).toBe(2n ** 60n + 1n);
    expect(u?.get('Leaf')?.value).toEqual({ A: 1, B: 'b' });
    expect(gob.unknownFields({ ID: 1 })).toBeUndefined();
  });

  it('go back unchanged: an untouched value re-encodes to the original bytes', () => {
    const [v] = decodeAll(original, Part);
    expect(Buffer.from(encode([v], Part)).equals(Buffer.from(original))).toBe(true);
  });

  it('decode, change one declared field, re-encode: the full type sees everything else unchanged', () => {
    const [v] = decodeAll(original, Part) as [Record<string, unknown>];
    v['Name'] = 'changed';
    const [back] = decodeAll(encode([v, v], Part), Full);
    expect(back).toEqual({ ...full, Name: 'changed' });
  });

  it('are kept inside nested structs, slices, maps, pointers and interfaces', () => {
    const PLeaf = gob.struct('Leaf', { B: gob.string });
    const Nested = gob.struct('Rec', { Leaf: PLeaf, Leaves: gob.slice(PLeaf), ByKey: gob.map(gob.string, gob.ptr(PLeaf)), Any: gob.interface });
    const preg = new gob.Registry();
    preg.register('main.Leaf', PLeaf);
    const dec = new gob.Decoder({ registry: preg });
    dec.push(original);
    const v = dec.decode(Nested) as { Leaf: { B: string }; Leaves: { B: string }[]; Any: gob.GoInterface<{ B: string }> };
    expect(v.Leaf).toEqual({ B: 'b' });
    v.Leaf.B = 'B!';
    v.Leaves[1]!.B = 'new';
    const bytes = new gob.Encoder({ registry: preg }).encode(v as never, Nested);
    const [back] = decodeAll(bytes, Full);
    expect(back).toEqual({
      ...full,
      Leaf: { A: 1, B: 'B!' },
      Leaves: [{ A: 2, B: 'c' }, { A: 3, B: 'new' }],
    });
  });

  it('a new object in a slice next to decoded ones gets the preserved fields at their zero value', () => {
    const PLeaf = gob.struct('Leaf', { B: gob.string });
    const List = gob.struct('Rec', { Leaves: gob.slice(PLeaf) });
    const [v] = decodeAll(original, List) as [{ Leaves: { B: string }[] }];
    v.Leaves.push({ B: 'fresh' });
    const [back] = decodeAll(encode([v], List), Full) as [{ Leaves: unknown[] }];
    expect(back.Leaves).toEqual([{ A: 2, B: 'c' }, { A: 3, B: '' }, { A: 0, B: 'fresh' }]);
  });

  it('are dropped by a spread, and carried over by gob.keepUnknownFields', () => {
    const [v] = decodeAll(original, Part) as [Record<string, unknown>];
    const spread = { ...v, Name: 'x' };
    expect(gob.unknownFields(spread)).toBeUndefined();
    const kept = gob.keepUnknownFields(v, { ...v, Name: 'x' });
    const [back] = decodeAll(encode([kept], Part), Full);
    expect(back).toEqual({ ...full, Name: 'x' });
    expect(() => gob.keepUnknownFields(v, null as never)).toThrow(gob.GobError);
  });

  it('a descriptor that declares a preserved name sends its own value instead', () => {
    const [v] = decodeAll(original, Part) as [Record<string, unknown>];
    const WithBig = gob.struct('Rec', { ID: gob.int, Big: gob.uint64n });
    const [back] = decodeAll(encode([gob.keepUnknownFields(v, { ID: 1, Big: 9n })], WithBig), Full) as [Record<string, unknown>];
    expect(back['Big']).toBe(9n);
    expect(back['Leaf']).toEqual({ A: 1, B: 'b' });
  });

  it('preserveUnknownFields: false on the Decoder skips them, on the Encoder drops them', () => {
    const [skipped] = decodeAll(original, Part, { preserveUnknownFields: false }) as [object];
    expect(gob.unknownFields(skipped)).toBeUndefined();
    const [v] = decodeAll(original, Part);
    const [back] = decodeAll(encode([v], Part, { preserveUnknownFields: false }), Full);
    expect(back).toEqual({ ID: 7, Name: 'seven', Leaf: { A: 0, B: '' }, Leaves: [], ByKey: null, Any: null, Big: 0n });
  });

  it('objects of one type decoded from different streams cannot share a value (their preserved wire types differ)', () => {
    const Holder = gob.struct('Holder', { Recs: gob.slice(Part) });
    const [a] = decodeAll(original, Part);
    const [b] = decodeAll(original, Part);
    const enc = new gob.Encoder({ registry });
    let err: unknown;
    try {
      enc.encode({ Recs: [a, b] } as never, Holder);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(gob.GobError);
    expect((err as gob.GobError).code).toBe('UNSUPPORTED_VALUE');
    expect((err as gob.GobError).message).toMatch(/preserved field Leaf/);
    // The Encoder is still usable, and objects from one stream go together.
    const [c] = decodeAll(original, Part) as [object];
    const [back] = decodeAll(enc.encode({ Recs: [a, a] } as never, Holder), gob.struct('Holder', { Recs: gob.slice(Full) })) as [{ Recs: unknown[] }];
    expect(back.Recs).toEqual([full, full]);
    expect(gob.unknownFields(c)).toBeDefined();
  });

  it('a cyclic value with preserved fields fails with DEPTH_EXCEEDED, not a stack overflow', () => {
    const [v] = decodeAll(original, Part) as [Record<string, unknown>];
    const Cyc: gob.StructDescriptor<unknown> = gob.struct('Rec', () => ({ ID: gob.int, Self: gob.ptr(Cyc) }));
    v['Self'] = v;
    let err: unknown;
    try {
      new gob.Encoder({ registry }).encode(v as never, Cyc);
    } catch (e) {
      err = e;
    }
    expect((err as gob.GobError).code).toBe('DEPTH_EXCEEDED');
  });
});
