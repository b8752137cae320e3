/** wire-descriptor: descriptors made from a stream's definitions keep wire names and identities. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { fromHex } from './helpers.js';

describe('wire-derived descriptors', () => {
  it('named containers keep their wire name; ints are auto', () => {
    const MyInts = gob.named('MyInts', gob.slice(gob.int));
    const S = gob.struct('S', { L: MyInts, N: gob.int64n });
    const dec = new gob.Decoder();
    dec.push(new gob.Encoder().encode({ L: [1], N: 2n ** 60n }, S));
    const v = dec.decodeValue() as gob.GobValue;
    const d = v.type as gob.StructDescriptor;
    expect(d).toBeInstanceOf(gob.WireStructDescriptor);
    expect(d.name).toBe('S');
    expect(d.fields.map((f) => [f.name, gob.goString(f.type)])).toEqual([
      ['L', 'MyInts'],
      ['N', 'int64'],
    ]);
    expect({ ...(v.value as object) }).toEqual({ L: [1], N: 2n ** 60n });
  });
  it('recursive wire types (type T []T) terminate', () => {
    const dec = new gob.Decoder();
    dec.push(fromHex('0c 7f 02 01 02 ff 80 00 01 ff 80 00 00 06 ff 80 00 01 01 00'));
    const v = dec.decodeValue() as gob.GobValue;
    expect(v.value).toEqual([[[]]]);
    expect(gob.goString(v.type)).toContain('[]');
  });
  it('GobEncoder wire types are raw bytes and re-encode as the same kind', () => {
    const dec = new gob.Decoder();
    const t = gob.GoTime.fromUnix(5, 6);
    dec.push(new gob.Encoder().encode(t, gob.time));
    const v = dec.decodeValue() as gob.GobValue;
    expect(v.value).toEqual(gob.marshalTime(t));
    const d2 = new gob.Decoder();
    d2.push(new gob.Encoder().encodeValue(v));
    expect(d2.decode(gob.time)).toEqual(t);
  });
});
