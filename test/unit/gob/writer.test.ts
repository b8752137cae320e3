/** Writer: gob's uint/int/float encodings (reference §1.2, §1.3; Go TestUintCodec table). */
import { describe, expect, it } from 'vitest';
import { Writer, uintLength } from '../../../src/gob/writer.js';
import { hex, norm } from './helpers.js';

function w(fn: (w: Writer) => void): string {
  const x = new Writer(1);
  fn(x);
  return hex(x.buf.subarray(0, x.pos));
}

describe('Writer', () => {
  it('uint table', () => {
    const table: [number | bigint, string][] = [
      [0, '00'],
      [7, '07'],
      [127, '7f'],
      [128, 'ff 80'],
      [255, 'ff ff'],
      [256, 'fe 01 00'],
      [0xffff, 'fe ff ff'],
      [0x1000000, 'fc 01 00 00 00'],
      [2 ** 32, 'fb 01 00 00 00 00'],
      [2 ** 53 - 1, 'f9 1f ff ff ff ff ff ff'],
      [2n ** 63n, 'f8 80 00 00 00 00 00 00 00'],
      [2n ** 64n - 1n, 'f8 ff ff ff ff ff ff ff ff'],
    ];
    for (const [v, h] of table) {
      expect(w((x) => (typeof v === 'bigint' ? x.uintBig(v) : x.uint(v)))).toBe(norm(h));
      if (typeof v === 'number') expect(uintLength(v)).toBe(fromLen(h));
    }
  });
  it('int table (zig-zag)', () => {
    const table: [number | bigint, string][] = [
      [0, '00'],
      [3, '06'],
      [-1, '01'],
      [63, '7e'],
      [64, 'ff 80'],
      [-64, '7f'],
      [-65, 'ff 81'],
      [127, 'ff fe'],
      [-129, 'fe 01 01'],
      [2 ** 40, 'fa 02 00 00 00 00 00'],
      [Number.MAX_SAFE_INTEGER, 'f9 3f ff ff ff ff ff fe'],
      [Number.MIN_SAFE_INTEGER, 'f9 3f ff ff ff ff ff fd'],
      [-(2n ** 63n), 'f8 ff ff ff ff ff ff ff ff'],
      [2n ** 63n - 1n, 'f8 ff ff ff ff ff ff ff fe'],
    ];
    for (const [v, h] of table) expect(w((x) => (typeof v === 'bigint' ? x.intBig(v) : x.int(v))), String(v)).toBe(norm(h));
  });
  it('floats: byte-reversed float64 bits', () => {
    expect(w((x) => x.float(17))).toBe('fe 31 40');
    expect(w((x) => x.float(1.5))).toBe('fe f8 3f');
    expect(w((x) => x.float(2))).toBe('40');
    expect(w((x) => x.float(Infinity))).toBe('fe f0 7f');
    expect(w((x) => x.float(-0))).toBe('ff 80');
    expect(w((x) => x.float(0))).toBe('00');
  });
  it('strings: length prefix for short, long and multi-byte strings', () => {
    expect(w((x) => x.string('hi'))).toBe('02 68 69');
    const long = 'é'.repeat(100); // 200 bytes, reserve for 300
    const out = w((x) => x.string(long));
    expect(out.startsWith('ff c8 c3 a9')).toBe(true);
    expect(out.split(' ').length).toBe(202);
    expect(w((x) => x.string('a'.repeat(50)))).toMatch(/^32 (61 ){49}61$/);
  });
  it('frames messages with a minimal count in the reserved prefix', () => {
    const x = new Writer(4);
    x.beginMessage();
    for (let i = 0; i < 200; i++) x.byte(1);
    const start = x.frameMessage(1 << 20);
    expect(hex(x.buf.subarray(start, start + 3))).toBe('ff c8 01');
    expect(() => {
      x.beginMessage();
      x.byte(1);
      x.frameMessage(1);
    }).toThrow(/too big/);
  });
});

function fromLen(h: string): number {
  return norm(h).split(' ').length;
}

describe('Writer.asciiStrings ([]string fast path)', () => {
  const expected = (v: string[]): string => {
    const x = new Writer();
    x.uint(v.length);
    for (const s of v) x.string(s);
    return hex(x.buf.subarray(0, x.pos));
  };
  it('matches the per-string encoding, or declines', () => {
    const ascii = Array.from({ length: 20 }, (_, i) => `s${i}`.repeat(i));
    const x = new Writer(8);
    x.byte(0xaa);
    expect(x.asciiStrings(ascii)).toBe(true);
    expect(hex(x.buf.subarray(1, x.pos))).toBe(expected(ascii));
    // Empty strings, NULs inside strings, the longest one-byte length, a multi-byte count.
    for (const edge of [['', '\0a\0', 'x'.repeat(127), '', '\0', 'b', 'c', 'd', ''], Array.from({ length: 300 }, (_, i) => String(i))]) {
      const z = new Writer(8);
      z.byte(0xbb);
      expect(z.asciiStrings(edge)).toBe(true);
      expect(hex(z.buf.subarray(1, z.pos))).toBe(expected(edge));
    }
    for (const bad of [[...ascii.slice(0, 9), 'é'], [...ascii.slice(0, 9), 'x'.repeat(128)], [...ascii.slice(0, 9), '\udcff'], ascii.slice(0, 7)]) {
      const y = new Writer(8);
      y.byte(0xcc);
      expect(y.asciiStrings(bad)).toBe(false);
      expect(y.pos).toBe(1);
      expect(y.buf[0]).toBe(0xcc);
    }
  });
  it('slices of strings round-trip through Encoder/Decoder on both paths', async () => {
    const gob = await import('../../../src/gob/index.js');
    for (const v of [Array.from({ length: 30 }, (_, i) => `item-${i}`), ['é', 'ü', 'a', 'b', 'c', 'd', 'e', 'f', '\udcff'], Array.from({ length: 9 }, () => 'y'.repeat(200))]) {
      const t = gob.slice(gob.string);
      const dec = new gob.Decoder();
      dec.push(new gob.Encoder().encode(v, t));
      expect(dec.decode(t)).toEqual(v);
    }
  });
});
