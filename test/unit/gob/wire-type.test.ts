/** wireType encoding/decoding (reference §1.5). */
import { describe, expect, it } from 'vitest';
import { GobError } from '../../../src/gob/index.js';
import { Reader } from '../../../src/gob/reader.js';
import { readWireType, writeWireType } from '../../../src/gob/wire-type.js';
import type { WireType } from '../../../src/gob/wire-type.js';
import { Writer } from '../../../src/gob/writer.js';
import { fromHex, hex, norm } from './helpers.js';

function enc(t: WireType): string {
  const w = new Writer();
  writeWireType(w, t);
  return hex(w.buf.subarray(0, w.pos));
}

describe('wireType', () => {
  const point: WireType = { kind: 'struct', name: 'Point', id: 65, fields: [{ name: 'X', id: 2 }, { name: 'Y', id: 2 }] };
  const all: [WireType, string][] = [
    [point, '03 01 01 05 50 6f 69 6e 74 01 ff 82 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00'],
    [{ kind: 'slice', name: '', id: 65, elem: 6 }, '02 01 02 ff 82 00 01 0c 00 00'],
    [{ kind: 'map', name: '', id: 65, key: 6, elem: 2 }, '04 01 02 ff 82 00 01 0c 01 04 00 00'],
    [{ kind: 'array', name: '[3]int', id: 66, elem: 2, len: 3 }, '01 01 01 06 5b 33 5d 69 6e 74 01 ff 84 00 01 04 01 06 00 00'],
    [{ kind: 'gobEncoder', name: 'Time', id: 66, wire: 'gob' }, '05 01 01 04 54 69 6d 65 01 ff 84 00 00 00'],
    [{ kind: 'gobEncoder', name: 'BM', id: 66, wire: 'binary' }, '06 01 01 02 42 4d 01 ff 84 00 00 00'],
    [{ kind: 'struct', name: '', id: 65, fields: [] }, '03 01 02 ff 82 00 00 00'],
    [{ kind: 'array', name: '', id: 65, elem: 2, len: 0 }, '01 01 02 ff 82 00 01 04 00 00'],
  ];
  it.each(all)('%o', (t, h) => {
    expect(enc(t)).toBe(norm(h));
    expect(readWireType(new Reader(fromHex(h)))).toEqual(t);
  });
  it('rejects definitions with no kind, two kinds, or out-of-bounds fields', () => {
    expect(() => readWireType(new Reader(fromHex('00')))).toThrow(GobError);
    expect(() => readWireType(new Reader(fromHex('02 01 02 ff 82 00 01 0c 00 01 01 02 ff 82 00 01 0c 00 00 00')))).toThrow(/more than one kind/);
    expect(() => readWireType(new Reader(fromHex('08')))).toThrow(/out of bounds/);
    expect(() => readWireType(new Reader(fromHex('03 01 02 ff 82 00 01 7f 00')))).toThrow(/exceeds input size/);
  });
});
