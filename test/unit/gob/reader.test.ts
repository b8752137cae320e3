/** Reader: decoding of gob scalars, tolerance of non-minimal encodings, bounds checks. */
import { describe, expect, it } from 'vitest';
import { GobError } from '../../../src/gob/index.js';
import { Reader } from '../../../src/gob/reader.js';
import { Writer } from '../../../src/gob/writer.js';
import { fromHex } from './helpers.js';

const r = (h: string): Reader => new Reader(fromHex(h));

describe('Reader', () => {
  it('uints, including non-minimal encodings', () => {
    expect(r('7f').uint()).toBe(127);
    expect(r('ff 80').uint()).toBe(128);
    expect(r('fe 00 05').uint()).toBe(5);
    expect(r('f8 00 00 00 00 00 00 00 07').uint()).toBe(7);
    expect(r('f8 ff ff ff ff ff ff ff ff').uintBig()).toBe(2n ** 64n - 1n);
    expect(r('f9 20 00 00 00 00 00 00').uint()).toBe(2 ** 53);
  });
  it('ints: number when safe, NaN otherwise; bigint always', () => {
    for (const v of [0, 1, -1, 63, -64, 64, -65, 2 ** 40, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const w = new Writer();
      w.int(v);
      expect(new Reader(w.buf.subarray(0, w.pos)).int()).toBe(v);
    }
    for (const v of [2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)]) {
      const w = new Writer();
      w.intBig(v);
      const b = w.buf.subarray(0, w.pos);
      expect(new Reader(b).int()).toBeNaN();
      expect(new Reader(b).intBig()).toBe(v);
    }
  });
  it('count byte out of range and truncation are CORRUPT with an offset', () => {
    const a = new Reader(fromHex('f7 00'), 0, 2, 100);
    try {
      a.uint();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(GobError);
      expect((err as GobError).code).toBe('CORRUPT');
      expect((err as GobError).offset).toBe(100);
    }
    expect(() => r('fe 01').uint()).toThrow(/exceeds input size/);
    expect(() => r('').uint()).toThrow(GobError);
    expect(() => r('fe 01').float()).toThrow(GobError);
  });
  it('floats round-trip through the writer', () => {
    for (const v of [0, -0, 1.5, -2.25, 1e300, 5e-324, Infinity, -Infinity, NaN, Math.PI]) {
      const w = new Writer();
      w.float(v);
      expect(Object.is(new Reader(w.buf.subarray(0, w.pos)).float(), v)).toBe(true);
    }
  });
  it('strings and bytes check their length against the message', () => {
    expect(r('02 68 69').string()).toBe('hi');
    expect(() => r('03 68 69').string()).toThrow(/exceeds input size/);
    const b = r('02 01 02');
    const view = b.bytesView();
    expect([...view]).toEqual([1, 2]);
    expect(() => r('05 01').bytesCopy()).toThrow(GobError);
  });
  it('continuation without a next-message hook is corruption', () => {
    expect(() => r('').nextMessage()).toThrow(GobError);
  });
  it('strings: a repeated short string (kept with its bytes) and every neighbour decode exactly', () => {
    // Same lengths with different bytes, a repeat, invalid UTF-8, empty, and longer than the kept 24 bytes.
    const values = ['Arith.Add', 'Arith.Mul', 'Arith.Add', 'Arith.Add', '', 'x', 'Arith.Add', 'é', 'a'.repeat(24), 'a'.repeat(24), 'b'.repeat(25), 'Arith.Add'];
    const w = new Writer();
    for (const v of values) w.string(v);
    w.bytes(Uint8Array.of(0x41, 0xff, 0x42)); // "A", an invalid byte, "B": surrogate-escaped
    w.bytes(Uint8Array.of(0x41, 0xfe, 0x42));
    const reader = new Reader(w.buf.subarray(0, w.pos));
    for (const v of values) expect(reader.string()).toBe(v);
    expect(reader.string()).toBe('A\udcffB');
    expect(reader.string()).toBe('A\udcfeB');
    expect(reader.remaining).toBe(0);
  });
});
