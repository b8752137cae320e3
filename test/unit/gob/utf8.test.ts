/** Go strings ⇄ JS strings with surrogate escapes for invalid UTF-8 (lossless both ways). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { decodeGoString } from '../../../src/gob/utf8.js';

describe('utf8 / surrogate escape', () => {
  it('valid UTF-8 decodes normally (short and long paths)', () => {
    const s = 'héllo, 世界 🎉';
    expect(gob.goStringFromBytes(Buffer.from(s))).toBe(s);
    expect(gob.goStringFromBytes(Buffer.from(s.repeat(20)))).toBe(s.repeat(20));
    expect([...gob.goStringBytes(s)]).toEqual([...Buffer.from(s)]);
  });
  it('invalid bytes become U+DC80..U+DCFF and come back as the same bytes', () => {
    const cases = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe0, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x61, 0xc3, 0x28, 0x62], [0xf0, 0x9f, 0x8e]];
    for (const c of cases) {
      const bytes = Uint8Array.from(c);
      const s = gob.goStringFromBytes(bytes);
      expect([...gob.goStringBytes(s)]).toEqual(c);
    }
    expect(gob.goStringFromBytes(Uint8Array.of(0x61, 0xff))).toBe('a\udcff');
  });
  it('any byte sequence round-trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect([...gob.goStringBytes(gob.goStringFromBytes(b))]).toEqual([...b]);
      }),
      { numRuns: 200 },
    );
  });
  it('lone surrogates outside the escape range cannot be encoded', () => {
    expect(() => gob.goStringBytes('a\ud800b')).toThrow(gob.GobError);
    expect(() => gob.goStringBytes('\udc00')).toThrow(/lone surrogate/);
  });
  it('decodeGoString of a sub-range', () => {
    expect(decodeGoString(Buffer.from('xxabcxx'), 2, 5)).toBe('abc');
  });
});
