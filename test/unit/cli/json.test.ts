import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { isOmitted, sortWireMaps, toWireJson, wireZero } from '../../../src/cli/json.js';

describe('wire-view JSON (src/cli/json.ts)', () => {
  it('keeps 64-bit integers exact: decimal strings beyond 2^53-1', () => {
    expect(toWireJson(gob.int64n, 2n ** 53n - 1n)).toBe(2 ** 53 - 1);
    expect(toWireJson(gob.int64n, 2n ** 53n)).toBe('9007199254740992');
    expect(toWireJson(gob.int64n, -(2n ** 63n))).toBe('-9223372036854775808');
    expect(toWireJson(gob.uint64n, 2n ** 64n - 1n)).toBe('18446744073709551615');
  });

  it('writes NaN, infinities and -0 as strings', () => {
    expect([NaN, Infinity, -Infinity, -0, 1.5].map((f) => toWireJson(gob.float64, f))).toEqual(['NaN', '+Inf', '-Inf', '-0', 1.5]);
    expect(toWireJson(gob.complex128, { real: -0, imag: NaN })).toEqual(['-0', 'NaN']);
  });

  it('writes bytes as base64 and keeps surrogate-escaped strings', () => {
    expect(toWireJson(gob.bytes, Uint8Array.of(0, 255))).toBe('AP8=');
    expect(JSON.stringify(toWireJson(gob.string, 'a\udcff'))).toBe('"a\\udcff"');
  });

  it('writes maps as key-sorted pairs and re-sorts foreign pairs the same way', () => {
    const d = gob.map(gob.string, gob.int);
    const j = toWireJson(d, new Map([['b', 2], ['a', 1]]));
    expect(j).toEqual([['a', 1], ['b', 2]]);
    expect(sortWireMaps(d, [['b', 2], ['a', 1]])).toEqual(j);
  });

  it('shows fields Go omits as the wire zero', () => {
    const Inner = gob.struct('Inner', { X: gob.int });
    const S = gob.struct('S', { F: gob.float64, P: gob.ptr(Inner), Q: gob.ptr(gob.int), M: gob.map(gob.string, gob.int), I: gob.interface });
    expect(toWireJson(S, { F: -0, P: null, Q: 0, M: null, I: null })).toEqual({ F: 0, P: null, Q: 0, M: [], I: null });
    expect(toWireJson(S, { F: 2, P: { X: 0 }, Q: 3, M: new Map(), I: gob.iface(gob.int, 1, 'int') })).toEqual({
      F: 2, P: { X: 0 }, Q: 3, M: [], I: { $type: 'int', $value: 1 },
    });
    expect(isOmitted(gob.ptr(Inner), { X: 0 })).toBe(false);
    expect(isOmitted(gob.array(gob.int, 2), [0, 0])).toBe(false);
    expect(wireZero(gob.ptr(gob.slice(gob.int)))).toEqual([]);
  });
});
