/** time.Time: Go's MarshalBinary format (versions 1 and 2, zone offsets, UTC = -1). */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { fromHex, gobErr, hex, norm } from './helpers.js';

/** The reference's byte dumps were captured with Go 1.19, whose first type id is 65. */
const REF = { firstTypeId: 65 } as const;

describe('GoTime / time.Time', () => {
  const t = gob.GoTime.fromUnix(1577934245, 6);
  it('UTC instant (reference §2 ex. 8)', () => {
    expect(hex(gob.marshalTime(t))).toBe(norm('01 00 00 00 0e d5 9f 54 a5 00 00 00 06 ff ff'));
    expect(gob.unmarshalTime(fromHex('01 00 00 00 0e d5 9f 54 a5 00 00 00 06 ff ff'))).toEqual(t);
  });
  it('+01:00 offset (version 1, minutes)', () => {
    const plus1 = gob.GoTime.fromUnix(1577934245 - 3600, 6, 3600);
    expect(hex(gob.marshalTime(plus1))).toBe(norm('01 00 00 00 0e d5 9f 46 95 00 00 00 06 00 3c'));
    expect(gob.unmarshalTime(gob.marshalTime(plus1))).toEqual(plus1);
  });
  it('second-granular offsets use version 2; zero offset (not UTC) is 00 00', () => {
    const lmt = gob.GoTime.fromUnix(0, 0, 3600 + 61);
    const b = gob.marshalTime(lmt);
    expect(b[0]).toBe(2);
    expect(b.length).toBe(16);
    expect(gob.unmarshalTime(b).zoneOffset).toBe(3661);
    const zero = gob.marshalTime(gob.GoTime.fromUnix(0, 0, 0));
    expect(hex(zero.subarray(13))).toBe('00 00');
    expect(gob.unmarshalTime(zero).zoneOffset).toBe(0);
  });
  it('rejects bad encodings and unrepresentable offsets', () => {
    expect(gobErr(() => gob.unmarshalTime(fromHex('03 00'))).code).toBe('CORRUPT');
    expect(gobErr(() => gob.unmarshalTime(fromHex('01 00 00'))).code).toBe('CORRUPT');
    expect(gobErr(() => gob.marshalTime(gob.GoTime.fromUnix(0, 0, -60))).code).toBe('UNSUPPORTED_VALUE');
    expect(gobErr(() => new gob.GoTime(0n, 1e9, null)).code).toBe('UNSUPPORTED_VALUE');
  });
  it('Date conversion and zero time', () => {
    const d = new Date('2020-01-02T03:04:05.123Z');
    expect(gob.GoTime.fromDate(d).toDate().toISOString()).toBe(d.toISOString());
    expect(gob.GoTime.zero.isZero()).toBe(true);
    expect(gob.GoTime.fromDate(d).unixSeconds).toBe(1577934245n);
  });
  it('as a struct field: zero omitted, decoded zero is GoTime.zero', () => {
    const WT = gob.struct('WT', { T: gob.time, N: gob.int });
    const enc = new gob.Encoder(REF);
    const bytes = enc.encode({ T: gob.GoTime.zero, N: 1 }, WT);
    expect(hex(bytes).endsWith('05 ff 82 02 02 00')).toBe(true);
    const dec = new gob.Decoder();
    dec.push(bytes);
    expect(dec.decode(WT)).toEqual({ T: gob.GoTime.zero, N: 1 });
  });
});
