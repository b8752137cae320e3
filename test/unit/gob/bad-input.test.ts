/**
 * Hostile and malformed input: ports of Go's TestBadData, TestBadCount, TestErrorForHugeSlice,
 * TestDecodePartial, TestDecoderOverflow (issue 55337), TestLocalRemoteTypesMismatch (issue
 * 62117) and deep-nesting cases (CVE-2022-30635 / CVE-2024-34156). Only GobError may escape.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { Writer } from '../../../src/gob/writer.js';
import { fromHex, gobErr } from './helpers.js';

/** The reference's byte dumps were captured with Go 1.19, whose first type id is 65. */
const REF = { firstTypeId: 65 } as const;

const ET2 = gob.struct('ET2', { X: gob.string });

/** Decodes everything (into `type`, or skipping), then end(): returns the first GobError. */
function firstError(bytes: Uint8Array, type?: gob.Descriptor, options?: gob.DecoderOptions): gob.GobError | null {
  const dec = new gob.Decoder(options);
  try {
    dec.push(bytes);
    for (let i = 0; i < 1000; i++) {
      const v = type === undefined ? dec.skip() : dec.decode(type);
      if (v === gob.NEED_MORE || v === false) break;
    }
    dec.end();
    return null;
  } catch (err) {
    if (err instanceof gob.GobError) return err;
    throw err;
  }
}

describe('TestBadData vectors', () => {
  const cases: [string, gob.Descriptor | undefined, string[]][] = [
    ['7F6869', undefined, ['UNEXPECTED_EOF']],
    ['036e6f77206973207468652074696d6520666f7220616c6c20676f6f64206d656e', ET2, ['UNKNOWN_TYPE_ID']],
    ['0424666f6f', ET2, ['UNKNOWN_TYPE_ID', 'CORRUPT']],
    ['05100028557b02027f8302', undefined, ['CORRUPT']],
    ['130a00fb5dad0bf8ff020263e70002fa28020202a89859', undefined, ['CORRUPT']],
    ['0f1000fb285d003316020735ff023a65c5', undefined, ['CORRUPT']],
    ['03fffb0616fffc00f902ff02ff03bf005d02885802a311a8120228022c028ee7', undefined, ['CORRUPT', 'UNEXPECTED_EOF']],
    [
      '10fe010f020102fe01100001fe010e000016fe010d030102fe010e00010101015801fe01100000000bfe011000f85555555555555555',
      undefined,
      ['CORRUPT', 'UNEXPECTED_EOF', 'DUPLICATE_TYPE'],
    ],
  ];
  it.each(cases)('%s', (h, type, codes) => {
    const e = firstError(fromHex(h), type);
    expect(e).not.toBeNull();
    expect(codes).toContain(e?.code);
    expect(typeof e?.offset === 'number' || e?.code === 'UNKNOWN_TYPE_ID' || e?.code === 'UNEXPECTED_EOF').toBe(true);
  });
  it('empty input is a clean end (Go: EOF)', () => {
    expect(firstError(new Uint8Array(0), ET2)).toBeNull();
  });
});

describe('limits', () => {
  it('TestBadCount: a huge message count fails before allocation', () => {
    const e = firstError(Uint8Array.of(0xfb, 0xa5, 0x82, 0x2f, 0xca, 0x1));
    expect(e?.code).toBe('TOO_BIG');
    expect(e?.message).toContain('invalid message length');
  });
  it('maxMessageBytes is exact: a message of limit-1 bytes passes, limit fails', () => {
    const s = 'x'.repeat(20);
    const bytes = new gob.Encoder(REF).encode(s, gob.string); // body = 0c 00 14 + 20 bytes = 23
    expect(firstError(bytes, gob.string, { maxMessageBytes: 24 })).toBeNull();
    expect(firstError(bytes, gob.string, { maxMessageBytes: 23 })?.code).toBe('TOO_BIG');
  });
  it('TestErrorForHugeSlice: a slice count beyond the data is rejected', () => {
    const buf = new gob.Encoder(REF).encode([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], gob.slice(gob.int));
    const smashed = buf.slice();
    smashed[smashed.length - 11] = 0xfa;
    const e = firstError(smashed, gob.slice(gob.int));
    expect(e?.code).toBe('CORRUPT');
    expect(e?.message).toContain('exceeds input size');
  });
  it('string and bytes lengths are checked against the message', () => {
    expect(firstError(fromHex('05 0c 00 7f 61 62'), gob.string)?.code).toBe('CORRUPT');
    expect(firstError(fromHex('05 0a 00 7f 61 62'), gob.bytes)?.code).toBe('CORRUPT');
    expect(firstError(fromHex('05 0a 00 f8 ff ff'), gob.bytes)?.code).toBe('CORRUPT');
  });
  it('bad uint count byte, singleton delta, field delta out of bounds', () => {
    expect(firstError(fromHex('03 04 00 f0'), gob.int)?.message).toContain('out of range');
    expect(firstError(fromHex('03 04 01 06'), gob.int)?.message).toContain('non-zero delta for singleton');
    const ab = new gob.Encoder(REF).encode({ X: '' }, ET2); // definition + 03 ff 82 00
    const bad = new Uint8Array([...ab.subarray(0, ab.length - 4), 0x04, 0xff, 0x82, 0x05, 0x00]);
    expect(firstError(bad, ET2)?.message).toContain('field numbers out of bounds');
  });
  it('definitions: duplicate ids, ids below 64, extra data after a definition', () => {
    const def = fromHex('0a ff 81 03 01 02 ff 82 00 00 00');
    expect(firstError(new Uint8Array([...def, ...def]))?.code).toBe('DUPLICATE_TYPE');
    expect(firstError(fromHex('09 41 03 01 02 ff 82 00 00 00'))?.code).toBe('DUPLICATE_TYPE');
    expect(firstError(fromHex('0b ff 81 03 01 02 ff 82 00 00 00 07'))?.message).toContain('extra data in buffer');
  });
  it('interface names longer than 1024 bytes are rejected', () => {
    const w = new Writer();
    w.beginMessage();
    w.int(8);
    w.uint(0);
    w.string('x'.repeat(1025));
    const start = w.frameMessage(1 << 30);
    expect(firstError(w.buf.slice(start, w.pos), gob.interface)?.message).toContain('too long');
  });
});

describe('TestDecodePartial: truncation at every byte', () => {
  it('clean end only at value boundaries, UNEXPECTED_EOF elsewhere', () => {
    const T = gob.struct('T', { X: gob.slice(gob.int), Y: gob.string });
    const enc = new gob.Encoder(REF);
    const a = enc.encode({ X: [1, 2, 3], Y: 'foo' }, T);
    const b = enc.encode({ X: [4, 5, 6], Y: 'bar' }, T);
    const data = new Uint8Array([...a, ...b]);
    for (let i = 0; i <= data.length; i++) {
      const e = firstError(data.subarray(0, i), T);
      if (i === 0 || i === a.length || i === data.length) expect(e, `prefix ${i}`).toBeNull();
      else expect(e?.code, `prefix ${i}`).toBe('UNEXPECTED_EOF');
    }
  });
});

describe('newer Go regression vectors', () => {
  it('issue 55337 (field-number overflow)', () => {
    const data = Uint8Array.of(0x12, 0xff, 0xff, 0x2, 0x2, 0x20, 0x0, 0xf8, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x20, 0x20, 0x20, 0x20, 0x20);
    expect(firstError(data)).not.toBeNull();
    expect(firstError(data, gob.interface)).not.toBeNull();
  });
  it('issue 62117 ([]*struct{} against a self-referencing remote slice)', () => {
    const data = Uint8Array.of(9, 127, 3, 1, 2, 255, 128, 0, 0, 0, 3, 255, 128, 0);
    expect(firstError(data, gob.slice(gob.ptr(gob.emptyStruct)))?.code).toBe('TYPE_MISMATCH');
  });
});

/** A stream defining `levels` nested [1]T array types under struct{F}, with one value. */
function nestedArrays(levels: number): Uint8Array {
  const w = new Writer(1 << 16);
  const out: number[] = [];
  const flush = (): void => {
    const start = w.frameMessage(1 << 30);
    out.push(...w.buf.subarray(start, w.pos));
    w.beginMessage();
  };
  w.beginMessage();
  let elem = 2;
  for (let i = 0; i < levels; i++) {
    const id = 65 + i;
    w.int(-id);
    w.uint(1); // ArrayT
    w.uint(1); // CommonType
    w.uint(2);
    w.int(id);
    w.uint(0);
    w.uint(1);
    w.int(elem);
    w.uint(1);
    w.int(1);
    w.uint(0);
    w.uint(0);
    flush();
    elem = id;
  }
  const sid = 65 + levels;
  w.int(-sid);
  w.uint(3);
  w.uint(1);
  w.uint(2);
  w.int(sid);
  w.uint(0);
  w.uint(1);
  w.uint(1);
  w.uint(1);
  w.string('F');
  w.uint(1);
  w.int(elem);
  w.uint(0);
  w.uint(0);
  w.uint(0);
  flush();
  w.int(sid);
  w.uint(1);
  for (let i = 0; i < levels; i++) w.uint(1);
  w.int(7);
  w.uint(0);
  flush();
  return Uint8Array.from(out);
}

describe('deep nesting (CVE-2022-30635 / CVE-2024-34156 style)', () => {
  const Hello = gob.struct('Hello', { Hello: gob.int });
  it('an ignored field nested deeper than maxDepth fails with DEPTH_EXCEEDED', () => {
    expect(firstError(nestedArrays(101), Hello, { maxDepth: 100 })?.code).toBe('DEPTH_EXCEEDED');
    expect(firstError(nestedArrays(50), Hello, { maxDepth: 100 })).not.toBeNull(); // no fields matched
    expect(firstError(nestedArrays(10001), Hello)?.code).toBe('DEPTH_EXCEEDED');
    expect(firstError(nestedArrays(10001))?.code).toBe('DEPTH_EXCEEDED');
  });
  it('schemaless decoding of deep types is bounded too', () => {
    const dec = new gob.Decoder();
    dec.push(nestedArrays(10001));
    expect(gobErr(() => dec.decodeValue()).code).toBe('DEPTH_EXCEEDED');
    const d2 = new gob.Decoder({ maxDepth: 100 });
    d2.push(nestedArrays(50));
    expect(d2.decodeValue()).toBeInstanceOf(gob.GobValue);
  });
  it('deep values of a recursive type (type T []T) fail cleanly', () => {
    const levels = 200000;
    const body = new Uint8Array(3 + levels + 1);
    body.set([0xff, 0x82, 0x00]);
    body.fill(1, 3, 3 + levels);
    const w = new Writer();
    w.beginMessage();
    w.raw(fromHex('ff 81 02 01 02 ff 82 00 01 ff 82 00 00'));
    const d = w.frameMessage(1 << 30);
    const defs = w.buf.slice(d, w.pos);
    w.beginMessage();
    w.raw(body);
    const v = w.frameMessage(1 << 30);
    const data = new Uint8Array([...defs, ...w.buf.subarray(v, w.pos)]);
    const dec = new gob.Decoder();
    dec.push(data);
    expect(gobErr(() => dec.decodeValue()).code).toBe('DEPTH_EXCEEDED');
    const d2 = new gob.Decoder();
    d2.push(data);
    expect(gobErr(() => d2.skip()).code).toBe('DEPTH_EXCEEDED');
  });
});

describe('Decoder.push argument check', () => {
  it.each(['1e7f', null, undefined, 42, [1, 2, 3]])('rejects %j with GobError INVALID_ARGUMENT, keeping the decoder usable', (bad) => {
    const dec = new gob.Decoder();
    expect(gobErr(() => dec.push(bad as never)).code).toBe('INVALID_ARGUMENT');
    dec.push(Uint8Array.of(3, 4, 0, 6)); // int 3
    expect(dec.decode(gob.int)).toBe(3);
  });
});
