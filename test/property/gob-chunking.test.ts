/** Property: any chunking of a stream decodes to the same values as a one-shot decode. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { descOf, plain, typedValueArb } from '../helpers/arb-gob-dyn.js';

const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
const WithIface = gob.struct('WithIface', { V: gob.interface, L: gob.slice(gob.interface) });
const reg = new gob.Registry();
reg.registerType(Point);
reg.registerType(WithIface);

function decodeChunked(stream: Uint8Array, cuts: number[], types: gob.Descriptor[] | null): unknown[] {
  const dec = new gob.Decoder({ registry: reg });
  const out: unknown[] = [];
  let at = 0;
  const sorted = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  for (const cut of [...sorted, stream.length]) {
    dec.push(stream.subarray(at, cut));
    at = cut;
    for (;;) {
      const v = types === null ? dec.decodeValue() : dec.decode(types[out.length] ?? gob.int);
      if (v === gob.NEED_MORE) break;
      out.push(v instanceof gob.GobValue ? plain(v.value) : plain(v));
    }
  }
  dec.end();
  return out;
}

describe('gob chunking (property)', () => {
  it('random values: every split gives the same values, typed and schemaless', () => {
    fc.assert(
      fc.property(fc.array(typedValueArb, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 12 }), (items, cuts) => {
        const enc = new gob.Encoder();
        const stream = Buffer.concat(items.map(({ spec, value }) => enc.encode(value as never, descOf(spec))));
        const types = items.map((i) => descOf(i.spec));
        const whole = decodeChunked(stream, [], types);
        expect(decodeChunked(stream, cuts, types)).toEqual(whole);
        expect(decodeChunked(stream, cuts, null)).toEqual(decodeChunked(stream, [], null));
      }),
      { numRuns: 100 },
    );
  });

  it('values spanning messages (interfaces with new concrete types) decode under any split, including 1-byte chunks', () => {
    const enc = new gob.Encoder({ registry: reg });
    const values = [
      { V: gob.iface(Point, { X: 1, Y: 2 }), L: [] },
      { V: gob.iface(WithIface, { V: gob.iface(gob.slice(gob.string), ['a']), L: [gob.iface(Point, { X: 3, Y: 4 }), null] }), L: [null] },
      { V: null, L: [gob.iface(gob.int, 5), gob.iface(WithIface, { V: null, L: [] })] },
    ];
    const stream = Buffer.concat(values.map((v) => enc.encode(v, WithIface)));
    const types = values.map(() => WithIface);
    const whole = decodeChunked(stream, [], types);
    expect(whole).toEqual(values.map(plain));
    const oneByte = Array.from({ length: stream.length }, (_, i) => i);
    expect(decodeChunked(stream, oneByte, types)).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (cuts) => {
        expect(decodeChunked(stream, cuts, types)).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });
});
