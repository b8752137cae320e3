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
    const dec = new gob.Decoder();
    dec.push(streamWith(names));
    const v = dec.decodeValue() as gob.GobValue;
    const o = v.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(null);
    names.forEach((n, i) => expect(o[n]).toBe(i + 1));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
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
});
