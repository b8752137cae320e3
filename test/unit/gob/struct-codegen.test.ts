/** struct-codegen: generated code is safe with hostile field names (schemaless) and handles many fields. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { Writer } from '../../../src/gob/writer.js';

/** A stream defining struct 64 with the given field names (all ints) and one value setting each to i+1. */
function streamWith(names: string[]): Uint8Array {
  const w = new Writer();
  const out: number[] = [];
  const flush = (): void => {
    const s = w.frameMessage(1 << 20);
    out.push(...w.buf.subarray(s, w.pos));
    w.beginMessage();
  };
  w.beginMessage();
  w.int(-64);
  w.uint(3);
  w.uint(1);
  w.uint(2);
  w.int(64);
  w.uint(0);
  w.uint(1);
  w.uint(names.length);
  for (const n of names) {
    w.uint(1);
    w.string(n);
    w.uint(1);
    w.int(2);
    w.uint(0);
  }
  w.uint(0);
  w.uint(0);
  flush();
  w.int(64);
  names.forEach((_, i) => {
    w.uint(1);
    w.int(i + 1);
  });
  w.uint(0);
  flush();
  return Uint8Array.from(out);
}

describe('generated struct code', () => {
  it('hostile wire field names are data, never code, and cannot touch prototypes', () => {
    const names = ['__proto__', 'a"b', "c'd", 'e\\', '\u2028x', '${1+1}', 'constructor', '})();throw 1;//'];
    const protoBefore = Object.getOwnPropertyDescriptors(Object.prototype);
    const dec = new gob.Decoder();
    dec.push(streamWith(names));
    const v = dec.decodeValue() as gob.GobValue;
    const o = v.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(null);
    names.forEach((n, i) => expect(o[n]).toBe(i + 1));
    // Every name is an own data property of the value ('__proto__' included, not a setter call)…
    expect(names.every((n) => Object.hasOwn(o, n))).toBe(true);
    expect(Object.keys(o)).toEqual(names);
    // …and Object.prototype is exactly as before (no property added, removed or replaced).
    expect(Object.getOwnPropertyDescriptors(Object.prototype)).toEqual(protoBefore);
    const again = new gob.Encoder().encodeValue(v);
    const d2 = new gob.Decoder();
    d2.push(again);
    const o2 = (d2.decodeValue() as gob.GobValue).value as Record<string, unknown>;
    names.forEach((n, i) => expect(o2[n]).toBe(i + 1));
  });
  it('structs with more than 128 fields use multi-byte deltas', () => {
    const fields: Record<string, gob.Descriptor> = {};
    for (let i = 0; i < 200; i++) fields[`F${i}`] = gob.int;
    const Big = gob.struct('Big', fields);
    const v: Record<string, number> = {};
    for (let i = 0; i < 200; i++) v[`F${i}`] = i % 3 === 0 ? 0 : i;
    v.F199 = 7;
    const dec = new gob.Decoder();
    dec.push(new gob.Encoder().encode(v as never, Big));
    expect(dec.decode(Big)).toEqual(v);
  });
  it('inlined int, uint, float64, bool and string fields write what the Writer methods write', () => {
    const S = gob.struct('S', { I: gob.int, U: gob.uint32, F: gob.float64, B: gob.bool, J: gob.int64, N: gob.string });
    const strs = ['a', 'x'.repeat(15), 'y'.repeat(16), 'é', 'abcé', '\udcff', 'z'.repeat(200), '日本語', '\0'];
    const ints = [1, -1, 63, 64, -64, -65, 127, 128, 255, 256, 65535, 65536, -65536, 2 ** 23, 2 ** 24, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 40, -(2 ** 52)];
    const uints = [1, 127, 128, 255, 256, 65535, 65536, 2 ** 24 - 1, 2 ** 24, 2 ** 32 - 1];
    const floats = [1, -1, 0.5, 1.25, Math.PI, -2.5e-300, 1e300, 5e-324, Infinity, -Infinity, NaN, 2 ** 60, 3];
    const expected = (v: { I: number; U: number; F: number; B: boolean; J: number; N: string }): string => {
      const w = new Writer();
      w.uint(1);
      w.int(v.I);
      w.uint(1);
      w.uint(v.U);
      w.uint(1);
      w.float(v.F);
      w.uint(1);
      w.uint(1);
      w.uint(1);
      w.int(v.J);
      w.uint(1);
      w.string(v.N);
      w.uint(0);
      return Buffer.from(w.buf.subarray(0, w.pos)).toString('hex');
    };
    for (let k = 0; k < Math.max(ints.length, uints.length, floats.length, strs.length); k++) {
      const v = { I: ints[k % ints.length] as number, U: uints[k % uints.length] as number, F: floats[k % floats.length] as number, B: true, J: ints[(k + 3) % ints.length] as number, N: strs[k % strs.length] as string };
      const enc = new gob.Encoder();
      const bytes = enc.encode(v, S);
      const dec = new gob.Decoder();
      dec.push(bytes);
      expect(dec.decode(S)).toEqual(v);
      const again = enc.encode(v, S);
      // The value message is: count, type id 64 (int 128 = ff 80), then the struct.
      const want = 'ff80' + expected(v);
      expect(Buffer.from(again).toString('hex').slice(-want.length)).toBe(want);
    }
  });
  it('inlined fields grow the writer when a message crosses the end of its slab', () => {
    const S = gob.struct('S', { I: gob.int, F: gob.float64, B: gob.bool, U: gob.uint, N: gob.string });
    const T = gob.slice(S);
    const v = Array.from({ length: 3000 }, (_, i) => ({ I: i * 99991 - 7, F: i / 7, B: i % 2 === 0, U: i * 65537, N: i % 5 === 0 ? 'ü' : `n${i}` }));
    const enc = new gob.Encoder();
    const dec = new gob.Decoder();
    for (let k = 0; k < 4; k++) dec.push(enc.encode(v, T));
    for (let k = 0; k < 4; k++) expect(dec.decode(T)).toEqual(v);
  });
});
