/** compile-encode: Go's zero-value omission table for struct fields (reference §1.7) and zero values. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { zeroFn } from '../../../src/gob/compile-encode.js';
import { zeroValue } from '../../../src/gob/descriptor-rules.js';

describe('zeroFn (field omitted when…)', () => {
  const Inner = gob.struct('Inner', { X: gob.int });
  const table: [string, gob.Descriptor, unknown, boolean][] = [
    ['bool false', gob.bool, false, true],
    ['bool true', gob.bool, true, false],
    ['int 0', gob.int, 0, true],
    ['int64n 0n', gob.int64n, 0n, true],
    ['uint 1', gob.uint, 1, false],
    ['float -0 (dropped)', gob.float64, -0, true],
    ['float NaN (sent)', gob.float64, NaN, false],
    ['complex 0+0i', gob.complex128, { real: 0, imag: 0 }, true],
    ['complex 0+1i', gob.complex128, { real: 0, imag: 1 }, false],
    ['string empty', gob.string, '', true],
    ['bytes empty', gob.bytes, new Uint8Array(0), true],
    ['slice empty', gob.slice(gob.int), [], true],
    ['map nil', gob.map(gob.string, gob.int), null, true],
    ['map empty (sent)', gob.map(gob.string, gob.int), new Map(), false],
    ['interface nil', gob.interface, null, true],
    ['pointer nil', gob.ptr(gob.int), null, true],
    ['pointer to 0 (omitted)', gob.ptr(gob.int), 0, true],
    ['pointer to zero struct (sent)', gob.ptr(Inner), { X: 0 }, false],
    ['array of zeros (sent)', gob.array(gob.int, 3), [0, 0, 0], false],
    ['zero struct (sent)', Inner, { X: 0 }, false],
    ['zero time (omitted)', gob.time, gob.GoTime.zero, true],
    ['named int 0', gob.named('MyInt', gob.int), 0, true],
  ];
  it.each(table)('%s', (_name, d, v, omitted) => expect(zeroFn(d)(v)).toBe(omitted));
});

describe('zeroValue', () => {
  it('gives Go zero values (nil map as null)', () => {
    const S = gob.struct('S', { A: gob.int, B: gob.string, C: gob.array(gob.bool, 2), M: gob.map(gob.string, gob.int), P: gob.ptr(gob.int), T: gob.time, N: gob.int64n });
    expect(zeroValue(S)).toEqual({ A: 0, B: '', C: [false, false], M: null, P: null, T: gob.GoTime.zero, N: 0n });
  });
});
