/**
 * The compiled msgpack encoders and decoders (src/msgpack/compile-*.ts, struct-*-codegen.ts):
 * generated struct code and the closure fallback agree byte for byte; struct keys are found in
 * either dialect's order, in any other order, as bin, in the long str8 form, unknown or
 * repeated; results handed out from the encoder's slab stay intact; 64-bit integers keep their
 * precision; depth bounds hold for cyclic values; short-string reuse never mixes strings up.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as mp from 'go-netrpc/msgpack';
import { MsgpackError } from 'go-netrpc/msgpack';
import { repoRoot } from '../../helpers/go-peer.js';
import { codecDump } from '../../helpers/msgpack-codec-dump.js';
import { codegenUsage } from '../../../src/msgpack/codegen.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const strHex = (s: string): string => hex(mp.encode(mp.string, s));

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(MsgpackError);
    return (err as MsgpackError).code;
  }
  return 'none';
}

const Req = mp.struct('Request', { ServiceMethod: mp.string, Seq: mp.uint64 });

describe('compiled msgpack codecs', () => {
  it('closures (no code generation) write and read exactly what generated code does', () => {
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', 'test/helpers/msgpack-codec-dump.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const child = JSON.parse(out) as { codegen: boolean; rows: string[] };
    expect(child.codegen).toBe(false);
    expect(child.rows).toEqual(codecDump());
    expect(child.rows.length).toBeGreaterThan(5);
  });

  it('a struct descriptor built again reuses the generated code of its shape', () => {
    const make = (): mp.MsgpackType => mp.struct('PerCall', { Name: mp.string, N: mp.int, Tags: mp.slice(mp.string) });
    const v = { Name: 'n', N: 3, Tags: ['a'] };
    const first = hex(mp.encode(make(), v));
    mp.decode(make(), mp.encode(make(), v));
    const before = codegenUsage();
    for (let i = 0; i < 200; i++) {
      const t = make();
      expect(hex(mp.encode(t, v))).toBe(first);
      expect(mp.decode(t, bytes(first))).toEqual(v);
    }
    expect(codegenUsage()).toEqual(before);
  });

  it('finds struct keys in declaration order, sorted order, any order, as bin or str8, unknown or repeated', () => {
    const sm = strHex('ServiceMethod');
    const m = strHex('Builder.Prepare');
    const want = { ServiceMethod: 'Builder.Prepare', Seq: 7 };
    expect(mp.decode(Req, bytes(`82 ${sm} ${m} a3536571 07`))).toEqual(want);
    expect(mp.decode(Req, bytes(`82 a3536571 07 ${sm} ${m}`))).toEqual(want);
    // An unknown key first, the name of Seq as bin and as str8, ServiceMethod twice (the last wins).
    expect(mp.decode(Req, bytes(`84 a158 92 01 02 c403536571 07 ${sm} a178 d90d${sm.slice(2)} ${m}`))).toEqual(want);
    expect(mp.decode(Req, bytes('80'))).toEqual({ ServiceMethod: '', Seq: 0 });
    expect(mp.decode(Req, bytes('c0'))).toEqual({ ServiceMethod: '', Seq: 0 });
    expect(codeOf(() => mp.decode(Req, bytes(`81 ${sm.slice(0, 10)}`)))).toBe('UNEXPECTED_EOF');
    expect(codeOf(() => mp.decode(Req, bytes('81 01 02')))).toBe('TYPE_MISMATCH');
  });

  it('inline struct fields (one-byte values, short ASCII strings) fall back correctly at their edges', () => {
    const S = mp.struct('S', { S: mp.string, B: mp.bool, I: mp.int, U: mp.uint8 });
    const enc = (v: unknown): string => hex(mp.encode(S, v));
    expect(enc({ S: 'é', B: true, I: -32, U: 127 })).toBe('84 a153 a2c3a9 a142 c3 a149 e0 a155 7f'.replace(/ /g, ''));
    expect(enc({ S: 'x'.repeat(31), B: false, I: 128, U: 128 })).toBe(`84a153bf${'78'.repeat(31)}a142c2a149d10080a155cc80`);
    expect(enc({ S: 'y'.repeat(32), B: false, I: -33, U: 0 })).toBe(`84a153d920${'79'.repeat(32)}a142c2a149d0dfa15500`);
    expect(enc({})).toBe('84a153a0a142c2a14900a15500');
    expect(hex(mp.encode(S, { S: 'a', B: true, I: 5, U: 1 }, 'ugorji-2015'))).toBe('84a142c3a14905a153a161a15501');
    expect(codeOf(() => mp.encode(S, { S: 1 }))).toBe('UNSUPPORTED_VALUE');
    expect(codeOf(() => mp.encode(S, { S: '', B: 1 }))).toBe('UNSUPPORTED_VALUE');
    expect(codeOf(() => mp.encode(S, { S: '', I: 0.5 }))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => mp.encode(S, { S: '', U: -1 }))).toBe('OUT_OF_RANGE');
  });

  it('every result stays intact while the encoder hands out more from its slab (and after errors)', () => {
    const enc = new mp.MsgpackEncoder();
    const kept: [Uint8Array, string][] = [];
    const big = 'x'.repeat(70_000);
    for (let i = 0; i < 5000; i++) {
      const v = { ServiceMethod: i % 1000 === 0 ? big : `m${i}`, Seq: i };
      kept.push([enc.encode(Req, v), hex(new mp.MsgpackEncoder().encode(Req, v))]);
      if (i % 777 === 0) expect(codeOf(() => enc.encode(Req, { ServiceMethod: 'half written', Seq: -1 }))).toBe('OUT_OF_RANGE');
    }
    for (const [b, h] of kept) expect(hex(b)).toBe(h);
    expect(kept[1]?.[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(kept[1]?.[0])).toBe(false);
  });

  it('64-bit integers never lose precision: numbers within 2^53, bigint beyond', () => {
    const S = mp.struct('S', { I: mp.int, U: mp.uint64, In: mp.int64n, Un: mp.uint64n });
    const v = { I: -Number.MAX_SAFE_INTEGER, U: Number.MAX_SAFE_INTEGER, In: -(2n ** 63n), Un: 2n ** 64n - 1n };
    for (const d of ['ugorji-1.2', 'ugorji-2015'] as const) expect(mp.decode(S, mp.encode(S, v, d))).toEqual(v);
    expect(hex(mp.encode(mp.int, 2 ** 40))).toBe('d30000010000000000');
    expect(hex(mp.encode(mp.int, -(2 ** 40)))).toBe('d3ffffff0000000000');
    expect(codeOf(() => mp.encode(mp.int, 2 ** 53))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => mp.decode(mp.uint64, mp.encode(mp.uint64n, 2n ** 53n)))).toBe('OUT_OF_RANGE');
    expect(mp.decode(mp.uint64n, mp.encode(mp.uint64n, 2n ** 53n + 1n))).toBe(2n ** 53n + 1n);
    expect(mp.decode(mp.int64n, mp.encode(mp.int64n, -(2n ** 53n) - 1n))).toBe(-(2n ** 53n) - 1n);
  });

  it('names the failing field, and bounds depth for cyclic interface{} values', () => {
    const Inner = mp.struct('Inner', { N: mp.int8 });
    const Outer = mp.struct('Outer', { A: mp.string, In: Inner });
    expect(() => mp.encode(Outer, { A: 'a', In: { N: 'x' } })).toThrow(/in field Inner\.N/);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(codeOf(() => mp.encode(mp.any, cyclic))).toBe('DEPTH_EXCEEDED');
    const obj: Record<string, unknown> = {};
    obj['self'] = obj;
    expect(codeOf(() => mp.encode(mp.map(mp.any), obj))).toBe('DEPTH_EXCEEDED');
    const shallow = new mp.MsgpackEncoder({ maxDepth: 1 });
    expect(hex(shallow.encode(mp.slice(mp.int), [1]))).toBe('9101');
    expect(codeOf(() => shallow.encode(mp.slice(mp.slice(mp.int)), [[1]]))).toBe('DEPTH_EXCEEDED');
  });

  it('short strings decode to themselves however many distinct ones pass the reuse table', () => {
    const L = mp.slice(mp.string);
    const list = Array.from({ length: 20_000 }, (_, i) => (i * 2654435761).toString(36).slice(0, 1 + (i % 40)));
    expect(mp.decode(L, mp.encode(L, list))).toEqual(list);
    expect(mp.decode(L, mp.encode(L, list))).toEqual(list);
    expect(mp.decode(L, mp.encode(L, ['héllo', 'é'.repeat(40), 'ascii then é'.repeat(10)]))).toEqual(['héllo', 'é'.repeat(40), 'ascii then é'.repeat(10)]);
    for (const n of [1, 20, 100]) expect(codeOf(() => mp.decode(mp.string, bytes(`d9${n.toString(16).padStart(2, '0')}${'ff'.repeat(n)}`)))).toBe('INVALID_UTF8');
  });
});
