/** skip: every wire kind can be skipped when the receiver lacks the field (decode.go ignore ops). */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';

describe('skipping unknown remote fields of every kind', () => {
  const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
  const reg = new gob.Registry();
  reg.registerType(Point);
  const Remote = gob.struct('R', {
    B: gob.bool, I: gob.int, U: gob.uint64n, F: gob.float64, C: gob.complex128, S: gob.string, By: gob.bytes,
    Sl: gob.slice(Point), Ar: gob.array(gob.string, 2), M: gob.map(gob.string, gob.slice(gob.int)), P: gob.ptr(Point),
    If: gob.interface, IfNil: gob.interface, T: gob.time, Keep: gob.string,
  });
  const value = {
    B: true, I: -5, U: 2n ** 64n - 1n, F: 1.5, C: { real: 1, imag: 2 }, S: 'x', By: Uint8Array.of(1), Sl: [{ X: 1, Y: 2 }], Ar: ['a', 'b'],
    M: new Map([['k', [1, 2]]]), P: { X: 3, Y: 4 }, If: gob.iface(Point, { X: 5, Y: 6 }), IfNil: null, T: gob.GoTime.fromUnix(1, 2), Keep: 'kept',
  };
  it('decodes only Keep', () => {
    const bytes = new gob.Encoder({ registry: reg }).encode(value, Remote);
    const dec = new gob.Decoder({ registry: reg });
    dec.push(bytes);
    expect(dec.decode(gob.struct('R', { Keep: gob.string }))).toEqual({ Keep: 'kept' });
  });
  it('skip() of the whole value, then the next value', () => {
    const enc = new gob.Encoder({ registry: reg });
    const dec = new gob.Decoder({ registry: reg });
    dec.push(enc.encode(value, Remote));
    dec.push(enc.encode({ ...value, Keep: 'second' }, Remote));
    expect(dec.skip()).toBe(true);
    expect((dec.decode(Remote) as { Keep: string }).Keep).toBe('second');
  });
});
