/** Property: random descriptors with random values round-trip; schemaless decode re-encodes byte-identically. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { descOf, plain, typedValueArb } from '../helpers/arb-gob-dyn.js';

describe('gob round trip (property)', () => {
  it('decode(encode(v)) equals v for random types and values', () => {
    fc.assert(
      fc.property(fc.array(typedValueArb, { minLength: 1, maxLength: 4 }), (items) => {
        const enc = new gob.Encoder();
        const chunks = items.map(({ spec, value }) => enc.encode(value as never, descOf(spec)));
        const dec = new gob.Decoder();
        for (const c of chunks) dec.push(c);
        for (const { spec, value } of items) {
          const got = dec.decode(descOf(spec));
          expect(plain(got)).toEqual(plain(value));
        }
        expect(dec.decode(gob.int)).toBe(gob.NEED_MORE);
        dec.end();
      }),
      { numRuns: 150 },
    );
  });

  it('schemaless decodeValue → encodeValue reproduces the stream byte for byte', () => {
    fc.assert(
      fc.property(fc.array(typedValueArb, { minLength: 1, maxLength: 4 }), (items) => {
        const enc = new gob.Encoder();
        const stream = Buffer.concat(items.map(({ spec, value }) => enc.encode(value as never, descOf(spec))));
        const dec = new gob.Decoder();
        dec.push(stream);
        const re = new gob.Encoder();
        const out: Uint8Array[] = [];
        for (;;) {
          const v = dec.decodeValue();
          if (v === gob.NEED_MORE) break;
          out.push(re.encodeValue(v));
        }
        dec.end();
        expect(Buffer.concat(out).equals(stream)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
