/**
 * Properties of the msgpack codec: typed values round-trip in both dialects; the stream decoder
 * gives the same values however the bytes are chunked; `interface{}` values round-trip and
 * agree with @msgpack/msgpack's decoding (a decoding oracle only); malformed or truncated input
 * only ever throws MsgpackError, never a crash or a hang, and never allocates from a length the
 * input cannot hold.
 */
import { decode as oracleDecode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as mp from 'go-netrpc/msgpack';
import { MsgpackError, MsgpackStreamDecoder, NEED_MORE, type MsgpackType } from 'go-netrpc/msgpack';

const Inner = mp.struct('Inner', { Message: mp.string, Code: mp.int32 });
const Outer = mp.struct('Outer', {
  Name: mp.string,
  N: mp.int,
  U: mp.uint64n,
  F: mp.float64,
  Ok: mp.bool,
  Raw: mp.bytes,
  List: mp.slice(mp.int16),
  Tags: mp.map(mp.string),
  Err: mp.ptr(Inner),
  Any: mp.any,
});

const safeInt = fc.maxSafeInteger();
const anyArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.string(),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__'), tie('v'), { maxKeys: 4 }),
  ),
})).v;

const outerArb = fc.record({
  Name: fc.string(),
  N: safeInt,
  U: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  F: fc.double({ noNaN: true }),
  Ok: fc.boolean(),
  Raw: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }),
  List: fc.option(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 20 }), { nil: null }),
  Tags: fc.option(fc.dictionary(fc.string({ maxLength: 5 }).filter((k) => k !== '__proto__'), fc.string(), { maxKeys: 5 }), { nil: null }),
  Err: fc.option(fc.record({ Message: fc.string(), Code: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }), { nil: null }),
  Any: anyArb,
});

const dialects = ['ugorji-1.2', 'ugorji-2015'] as const;

describe('msgpack properties', () => {
  it('typed values round-trip in both dialects', () => {
    fc.assert(
      fc.property(outerArb, fc.constantFrom(...dialects), (v, d) => {
        const out = mp.decode(Outer, mp.encode(Outer, v, d));
        expect(out).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('interface{} values round-trip and agree with @msgpack/msgpack decoding', () => {
    fc.assert(
      fc.property(anyArb, (v) => {
        const bytes = mp.encode(mp.any, v);
        expect(mp.decode(mp.any, bytes)).toEqual(v);
        expect(oracleDecode(bytes)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('any chunking of a stream of values decodes to the same values', () => {
    fc.assert(
      fc.property(fc.array(outerArb, { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 30 }), (vals, cuts) => {
        const all = Buffer.concat(vals.map((v) => mp.encode(Outer, v)));
        const dec = new MsgpackStreamDecoder();
        const got: unknown[] = [];
        let at = 0;
        let i = 0;
        while (at < all.length) {
          const n = cuts[i++ % cuts.length] as number;
          dec.push(all.subarray(at, at + n));
          at += n;
          for (let v = dec.decode(Outer); v !== NEED_MORE; v = dec.decode(Outer)) got.push(v);
        }
        dec.end();
        expect(got).toEqual(vals);
      }),
      { numRuns: 200 },
    );
  });

  it('malformed or truncated input throws only MsgpackError', () => {
    const types: MsgpackType[] = [Outer, mp.any, mp.slice(mp.any), mp.map(mp.int), mp.time, mp.string];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...types), (bytes, t) => {
        try {
          mp.decode(t, bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(MsgpackError);
        }
        const dec = new MsgpackStreamDecoder();
        dec.push(bytes);
        try {
          while (dec.decode(t) !== NEED_MORE);
        } catch (err) {
          expect(err).toBeInstanceOf(MsgpackError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a length larger than the input is refused before allocating', () => {
    // array32 claiming 2^32-1 elements, map32 likewise, bin32 of 4 GiB: all in 5 bytes.
    for (const hex of ['ddffffffff', 'dfffffffff', 'c6ffffffff', 'dbffffffff']) {
      const err = (() => {
        try {
          mp.decode(mp.any, Buffer.from(hex, 'hex'));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(MsgpackError);
      expect((err as MsgpackError).code).toBe('UNEXPECTED_EOF');
    }
  });

  it('a stream value over maxMessageBytes is refused with TOO_BIG', () => {
    const dec = new MsgpackStreamDecoder({ maxMessageBytes: 1024 });
    dec.push(Buffer.from('c6ffffffff', 'hex'));
    dec.push(new Uint8Array(2000));
    expect(() => dec.decode(mp.bytes)).toThrow(expect.objectContaining({ code: 'TOO_BIG' }));
  });

  it('deep nesting is refused with DEPTH_EXCEEDED, not a stack overflow', () => {
    const bytes = new Uint8Array(100_000).fill(0x91);
    expect(() => mp.decode(mp.any, Buffer.concat([bytes, Buffer.from([0xc0])]))).toThrow(expect.objectContaining({ code: 'DEPTH_EXCEEDED' }));
  });

  it('Go ints out of the JS safe range need the bigint variant', () => {
    const bytes = mp.encode(mp.int64n, 2n ** 60n);
    expect(() => mp.decode(mp.int, bytes)).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    expect(mp.decode(mp.int64n, bytes)).toBe(2n ** 60n);
    expect(() => mp.encode(mp.int8, 200)).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });
});
