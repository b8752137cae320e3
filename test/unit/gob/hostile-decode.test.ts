/**
 * Issue 13 (hostile peers), decode side: every attack input is built here, and each test asserts
 * bounded error size, linear growth (time at n vs 4n) or a clean GobError — never a wall-clock bound.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { MAX_ERROR_MESSAGE, decodeFailure } from '../../../src/gob/errors.js';
import { RequestType } from '../../../src/rpc/gob-codec.js';
import { describeType } from '../../../src/cli/type-text.js';
import { GobBytes, T, concat, deepStructs, defStruct, mapChain, message, sliceChain, splitInterfaceSlice, unnamedMapChain, wideStruct } from '../../helpers/gob-attack.js';
import { collectGarbage, growthRatio } from '../../helpers/scaling.js';
import { gobErr } from './helpers.js';

/** A struct value of type `id` whose fields 0..n-1 are all zero-valued structs (each `00`). */
function emptyFieldsValue(id: number, n: number): Uint8Array {
  const v = new GobBytes().int(id);
  for (let i = 0; i < n; i++) v.uint(1).uint(0);
  v.uint(0);
  return message(v);
}

describe('13.1 type mismatch errors: Go wording, type names only, bounded', () => {
  it('names the innermost mismatched field, as Go does (wrong type (int) for received field Inner.G)', () => {
    const bytes = concat([
      defStruct(64, 'Outer', [{ name: 'In', id: 65 }]),
      defStruct(65, 'Inner', [{ name: 'G', id: T.string }]),
      message(new GobBytes().int(64).uint(1).uint(1).string('x').uint(0).uint(0)),
    ]);
    const Inner = gob.struct('Inner', { G: gob.int });
    const Outer = gob.struct('Outer', { In: Inner });
    const dec = new gob.Decoder();
    dec.push(bytes);
    const e = gobErr(() => dec.decode(Outer));
    expect(e.code).toBe('TYPE_MISMATCH');
    // Go 1.26 prints exactly this for the same stream (checked with encoding/gob).
    expect(e.message).toMatch(/^gob: wrong type \(int\) for received field Inner\.G/);
  });

  it('a 3-level, 14 KB struct sent where the rpc header has ServiceMethod fails at once with a short message', () => {
    // Three levels of 600 fields each, every field of the next level's struct type: rendering
    // the remote type structurally would print 600^3 fields.
    const defs: Uint8Array[] = [];
    const width = 600;
    for (let level = 0; level < 3; level++) {
      const id = 65 + level;
      const fieldType = level === 2 ? T.string : id + 1;
      defs.push(defStruct(id, `L${level}`, Array.from({ length: width }, (_, i) => ({ name: `F${i}`, id: fieldType }))));
    }
    defs.unshift(defStruct(64, 'Request', [{ name: 'ServiceMethod', id: 65 }, { name: 'Seq', id: T.uint }]));
    const header = concat([...defs, message(new GobBytes().int(64).uint(1).uint(0).uint(1).uint(7).uint(0))]);
    expect(header.length).toBeGreaterThan(14_000);
    const dec = new gob.Decoder();
    dec.push(header);
    const t0 = performance.now();
    const e = gobErr(() => dec.decode(RequestType));
    const ms = performance.now() - t0;
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toMatch(/^gob: wrong type \(string\) for received field Request\.ServiceMethod/);
    let text = 0;
    for (let c: unknown = e; c instanceof Error; c = c.cause) text += c.message.length;
    expect(text).toBeLessThan(600); // the message and its whole cause chain
    expect(ms).toBeLessThan(5_000); // it took ~20 s at 2.2 GB RSS before; now microseconds
  });

  it('every message is cut at MAX_ERROR_MESSAGE, even with a 1 MB peer-chosen type name', () => {
    const huge = 'T'.repeat(1 << 20);
    const bytes = concat([defStruct(64, huge, [{ name: 'A', id: T.string }]), emptyFieldsValue(64, 0)]);
    const dec = new gob.Decoder();
    dec.push(bytes);
    const e = gobErr(() => dec.decode(gob.struct('S', { A: gob.int })));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message.length).toBeLessThan(MAX_ERROR_MESSAGE + 100);
    expect(new gob.GobError('CORRUPT', 'x'.repeat(10 * MAX_ERROR_MESSAGE), { offset: 5 }).message).toMatch(/… \(\d+ more characters cut\) \(at byte 5\)$/);
  });
});

/** Pushes the messages one at a time, trying to decode after each; returns the values decoded. */
function pushEach(msgs: readonly Uint8Array[], decode: (dec: gob.Decoder) => unknown, dec = new gob.Decoder()): unknown[] {
  const out: unknown[] = [];
  for (const m of msgs) {
    dec.push(m);
    for (let v = decode(dec); v !== gob.NEED_MORE; v = decode(dec)) out.push(v);
  }
  dec.end();
  return out;
}

describe('13.5 decoding is linear in the input', () => {
  it('(a) a value spread over 2n messages, pushed one message at a time: 4x the messages, far less than 16x the time', () => {
    const { ratio, smallMs, bigMs } = growthRatio(
      1000,
      (n) => splitInterfaceSlice(n),
      (msgs) => {
        const got = pushEach(msgs, (d) => d.decodeValue());
        if (got.length !== 1) throw new Error(`decoded ${got.length} values`);
      },
    );
    expect(ratio, `${smallMs.toFixed(1)} ms -> ${bigMs.toFixed(1)} ms`).toBeLessThan(10);
  });

  it('(a) the scanned value decodes exactly, typed, schemaless, skipped and byte by byte', () => {
    const msgs = splitInterfaceSlice(20);
    const [v] = pushEach(msgs, (d) => d.decodeValue()) as gob.GobValue[];
    const items = v!.value as gob.GoInterface[];
    expect(items.map((x) => [x.name, (x.value as { A: number }).A])).toEqual(Array.from({ length: 20 }, (_, i) => [`T${i}`, i]));
    const registry = new gob.Registry();
    const types = Array.from({ length: 20 }, (_, i) => gob.struct(`T${i}`, { A: gob.int }));
    types.forEach((t, i) => registry.register(`T${i}`, t));
    const [typed] = pushEach(msgs, (d) => d.decode(gob.slice(gob.interface)), new gob.Decoder({ registry })) as gob.GoInterface[][];
    expect(typed!.map((x) => x.value)).toEqual(Array.from({ length: 20 }, (_, i) => ({ A: i })));
    expect(pushEach(msgs, (d) => (d.skip() ? true : gob.NEED_MORE))).toEqual([true]);
    const all = concat(msgs);
    const bytewise = pushEach(Array.from(all, (b) => Uint8Array.of(b)), (d) => d.decodeValue());
    expect(bytewise).toHaveLength(1);
    // Definitions read by the scan stay defined (as in Go): a later value of type T3 (id 68) decodes.
    const later = message(new GobBytes().int(68).uint(1).int(5).uint(0));
    expect(pushEach([...msgs, later], (d) => d.decodeValue()).map((x) => (x as gob.GobValue).value)).toEqual([expect.any(Array), { A: 5 }]);
  });

  it('(a) corruption in a later message of a scanned value is a value error; the next value still decodes', () => {
    const msgs = splitInterfaceSlice(5);
    const last = msgs[msgs.length - 1]!;
    const bad = Uint8Array.from(last);
    bad[bad.length - 1] = 0x7f; // the final struct terminator becomes field delta 63: out of bounds
    const next = concat([defStruct(200, 'P', [{ name: 'X', id: T.int }]), message(new GobBytes().int(200).uint(1).int(9).uint(0))]);
    const dec = new gob.Decoder();
    const results: unknown[] = [];
    for (const m of [...msgs.slice(0, -1), bad, next]) {
      dec.push(m);
      for (;;) {
        try {
          const v = dec.decodeValue();
          if (v === gob.NEED_MORE) break;
          results.push(v.value);
        } catch (err) {
          results.push((err as gob.GobError).code);
        }
      }
    }
    expect(results).toEqual(['CORRUPT', { X: 9 }]);
  });

  it('(b) schemaless decode of a wide struct: 4x the fields costs far less than 16x the time', () => {
    const { ratio, smallMs, bigMs } = growthRatio(
      6000,
      (n) => wideStruct(n),
      (bytes) => {
        const dec = new gob.Decoder();
        dec.push(bytes);
        const v = dec.decodeValue();
        if (v === gob.NEED_MORE) throw new Error('incomplete');
      },
    );
    expect(ratio, `${smallMs.toFixed(1)} ms -> ${bigMs.toFixed(1)} ms`).toBeLessThan(10);
  });

  it('(c) unnamed type chains render in bounded text, linear time (was 2^depth)', () => {
    const decodeChain = (depth: number): gob.GobValue => {
      const dec = new gob.Decoder();
      dec.push(unnamedMapChain(depth));
      const v = dec.decodeValue();
      if (v === gob.NEED_MORE) throw new Error('incomplete');
      return v;
    };
    const v = decodeChain(60);
    const text = describeType(v.type);
    expect(text.length).toBeLessThan(5_000);
    expect(text.startsWith('map[map[map[')).toBe(true);
    expect(gob.goString(v.type).length).toBeLessThan(5_000);
    const { ratio, smallMs, bigMs } = growthRatio(
      400,
      (n) => decodeChain(n).type,
      (d) => {
        describeType(d);
      },
    );
    expect(ratio, `${smallMs.toFixed(1)} ms -> ${bigMs.toFixed(1)} ms`).toBeLessThan(10);
  });

  it('(c) unnamed types defined in a cycle (64 = map[65]65, 65 = map[64]64) render bounded, without overflowing the stack', () => {
    // Found by the gob fuzzer (seed 1138402301): a mutated unnamedMapChain pointed one map back at the first.
    const bytes = Buffer.from('0f7f040102ff800001ff8201ff820000' + '10ff81040102ff820001ff8001ff800000' + '04ff800000', 'hex');
    const dec = new gob.Decoder();
    dec.push(bytes);
    const v = dec.decodeValue();
    if (v === gob.NEED_MORE) throw new Error('incomplete');
    const text = describeType(v.type);
    expect(text.startsWith('map[map[map[')).toBe(true);
    expect(text.length).toBeLessThan(5_000);
    expect(gob.goString(v.type).length).toBeLessThan(5_000);
  });
});

type Mode = 'schemaless' | 'skip';
function decodeOnce(bytes: Uint8Array, mode: Mode, options?: gob.DecoderOptions): unknown {
  const dec = new gob.Decoder(options);
  dec.push(bytes);
  try {
    return mode === 'skip' ? dec.skip() : dec.decodeValue();
  } catch (err) {
    return err;
  }
}

describe('13.6 maxDepth is the real limit', () => {
  const shapes = { structs: deepStructs, slices: sliceChain, maps: mapChain };
  const cases = Object.entries(shapes).flatMap(([name, mk]) => (['schemaless', 'skip'] as const).map((mode) => [name, mode, mk] as const));

  it.each(cases)('%s nested exactly DEFAULT_MAX_DEPTH deep decode (%s); one more is DEPTH_EXCEEDED from the limit itself', (_, mode, mk) => {
    const ok = decodeOnce(mk(gob.DEFAULT_MAX_DEPTH), mode);
    // (not handed to expect(): printing a 2000-deep value would overflow the stack itself)
    expect(ok instanceof gob.GobValue || ok === true, String(ok)).toBe(true);
    const e = decodeOnce(mk(gob.DEFAULT_MAX_DEPTH + 1), mode);
    expect(e instanceof gob.GobError ? e.code : String(e)).toBe('DEPTH_EXCEEDED');
    expect((e as gob.GobError).message).toContain(`limit ${gob.DEFAULT_MAX_DEPTH}`);
  });

  it.each(cases)('%s nested far past any stack (50,000) with maxDepth raised fail cleanly (%s), never RangeError', (_, mode, mk) => {
    const e = decodeOnce(mk(50_000), mode, { maxDepth: 1_000_000 });
    expect(e instanceof gob.GobError ? e.code : String(e)).toBe('DEPTH_EXCEEDED');
  });

  it('typed decoding of a remote chain into a recursive local type stops at maxDepth', () => {
    type L = { Next: L | null };
    const List: gob.StructDescriptor<L> = gob.struct('S0', () => ({ In: gob.ptr(List), X: gob.int })) as unknown as gob.StructDescriptor<L>;
    const dec = new gob.Decoder({ maxDepth: 300 });
    dec.push(deepStructs(301));
    expect(gobErr(() => dec.decode(List)).code).toBe('DEPTH_EXCEEDED');
    const ok = new gob.Decoder({ maxDepth: 300 });
    ok.push(deepStructs(300));
    let v = ok.decode(List) as unknown as { In: unknown; X: number };
    for (let i = 0; i < 299; i++) v = v.In as typeof v;
    expect(v.X).toBe(7);
  });

  it('compiling and decoding a chain is linear in its depth (n vs 4n)', () => {
    const deep = { maxDepth: 10_000 };
    const { ratio, smallMs, bigMs } = growthRatio(
      1000,
      (n) => [deepStructs(n), sliceChain(n)] as const,
      ([structs, slices]) => {
        for (let i = 0; i < 3; i++) {
          for (const bytes of [structs, slices]) {
            for (const mode of ['schemaless', 'skip'] as const) {
              if (decodeOnce(bytes, mode, deep) instanceof Error) throw new Error('chain did not decode');
            }
          }
        }
      },
    );
    expect(ratio, `${smallMs.toFixed(1)} ms -> ${bigMs.toFixed(1)} ms`).toBeLessThan(10);
  });
});

describe('13.7 engine limits get their own code', () => {
  it('RangeErrors from V8 size limits are LIMIT_EXCEEDED with cause; stack overflows DEPTH_EXCEEDED', () => {
    let sizeErr: unknown;
    try {
      'x'.repeat(2 ** 30);
    } catch (err) {
      sizeErr = err;
    }
    expect(sizeErr).toBeInstanceOf(RangeError);
    const e = decodeFailure(sizeErr);
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.cause).toBe(sizeErr);
    expect(decodeFailure(new RangeError('Maximum call stack size exceeded')).code).toBe('DEPTH_EXCEEDED');
  });

  it('a 30-level unnamed map chain (Invalid string length before) decodes', () => {
    const dec = new gob.Decoder();
    dec.push(unnamedMapChain(30));
    const v = dec.decodeValue();
    expect(v).toBeInstanceOf(gob.GobValue);
  });
});

describe('13.8 maxTypes bounds the type table', () => {
  const defs = (n: number): Uint8Array => concat(Array.from({ length: n }, (_, i) => defStruct(64 + i, `T${i}`, [{ name: 'A', id: T.int }])));

  it('one definition past maxTypes fails with a sticky LIMIT_EXCEEDED', () => {
    const dec = new gob.Decoder({ maxTypes: 10 });
    dec.push(concat([defs(11), emptyFieldsValue(64, 0)]));
    const e = gobErr(() => dec.decodeValue());
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toContain('maxTypes = 10');
    expect(gobErr(() => dec.decodeValue())).toBe(e);
  });

  it('exactly maxTypes definitions are fine; the default is generous', () => {
    const dec = new gob.Decoder({ maxTypes: 10 });
    dec.push(concat([defs(10), emptyFieldsValue(64, 0)]));
    expect(dec.decodeValue()).toBeInstanceOf(gob.GobValue);
    expect(gob.DEFAULT_MAX_TYPES).toBe(100_000);
  });
});

describe('13.4 nothing a peer sends outlives its Decoder', () => {
  /** Decodes one 8 MB string value from a fresh chunk and returns a weak reference to the chunk. */
  function decodeBigString(ascii: boolean): WeakRef<Uint8Array> {
    const len = 8 << 20;
    const text = Buffer.alloc(len, 0x78);
    if (!ascii) text.set([0xc3, 0xa9], len - 2); // é: takes the UTF-8 path instead of latin1
    const head = new GobBytes().int(64).uint(1).uint(len).bytes();
    const body = Buffer.concat([head, text, Uint8Array.of(0)]);
    const chunk = Uint8Array.from(Buffer.concat([defStruct(64, 'Header', [{ name: 'S', id: T.string }]), new GobBytes().uint(body.length).bytes(), body]));
    const dec = new gob.Decoder();
    dec.push(chunk);
    const v = dec.decodeValue() as gob.GobValue<{ S: string }>;
    if (v.value.S.length !== (ascii ? len : len - 1)) throw new Error('wrong string');
    return new WeakRef(chunk);
  }

  it.each([true, false])('the message buffer of a decoded 8 MB string is collectable once the Decoder is gone (ascii %s)', async (ascii) => {
    const ref = decodeBigString(ascii);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(ref.deref() === undefined).toBe(true);
  });
});
