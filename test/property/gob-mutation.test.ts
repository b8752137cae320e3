/** Property: mutated (corrupted, truncated, spliced) streams only ever throw GobError, and terminate. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { descOf, typedValueArb } from '../helpers/arb-gob-dyn.js';

const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
const WithIface = gob.struct('WithIface', { V: gob.interface, L: gob.slice(gob.interface) });
const reg = new gob.Registry();
reg.registerType(Point);
reg.registerType(WithIface);

type Mutation = { at: number; op: 'set' | 'insert' | 'delete'; byte: number };
const mutationArb = fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'insert', 'delete'), byte: fc.constantFrom(0, 1, 0x7f, 0x80, 0xf8, 0xfe, 0xff, 3, 0x10) }) as fc.Arbitrary<Mutation>;

function mutate(stream: Uint8Array, ms: Mutation[]): Uint8Array {
  const b = [...stream];
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.op === 'set') b[at] = m.byte;
    else if (m.op === 'insert') b.splice(at, 0, m.byte);
    else b.splice(at, 1);
  }
  return Uint8Array.from(b);
}

/** Runs every decode mode to completion; returns normally or with a GobError, nothing else. */
function exercise(bytes: Uint8Array, types: gob.Descriptor[]): void {
  for (const mode of ['typed', 'schemaless', 'skip'] as const) {
    const dec = new gob.Decoder({ registry: reg, maxMessageBytes: 1 << 16 });
    try {
      dec.push(bytes);
      for (let i = 0; i < 64; i++) {
        let v: unknown;
        try {
          v = mode === 'typed' ? dec.decode(types[i] ?? gob.int) : mode === 'schemaless' ? dec.decodeValue() : dec.skip();
        } catch (err) {
          if (!(err instanceof gob.GobError)) throw err;
          continue; // value errors are not sticky: keep going like Go's Decoder
        }
        if (v === gob.NEED_MORE || v === false) break;
        if (v instanceof gob.GobValue) new gob.Encoder().encodeValue(v);
      }
      dec.end();
    } catch (err) {
      expect(err).toBeInstanceOf(gob.GobError);
      expect(typeof (err as gob.GobError).code).toBe('string');
    }
  }
}

describe('gob mutated input (property)', () => {
  it('random typed streams with random mutations', () => {
    fc.assert(
      fc.property(fc.array(typedValueArb, { minLength: 1, maxLength: 3 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (items, ms) => {
        const enc = new gob.Encoder();
        const stream = Buffer.concat(items.map(({ spec, value }) => enc.encode(value as never, descOf(spec))));
        exercise(mutate(stream, ms), items.map((i) => descOf(i.spec)));
      }),
      { numRuns: 200 },
    );
  });
  it('interface-heavy stream with random mutations and truncations', () => {
    const enc = new gob.Encoder({ registry: reg });
    const stream = Buffer.concat([
      enc.encode({ V: gob.iface(WithIface, { V: gob.iface(Point, { X: 1, Y: 2 }), L: [null, gob.iface(gob.string, 'x')] }), L: [] }, WithIface),
      enc.encode({ V: null, L: [gob.iface(gob.slice(gob.int), [1, 2])] }, WithIface),
    ]);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), fc.nat(), (ms, cut) => {
        const m = mutate(stream, ms);
        exercise(m, [WithIface, WithIface]);
        exercise(m.subarray(0, cut % (m.length + 1)), [WithIface, WithIface]);
      }),
      { numRuns: 200 },
    );
  });
});
