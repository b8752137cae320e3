/**
 * Encoder depth (issue 13.6, encode side): values and types nested up to `maxDepth` levels encode
 * (and Go-shaped: they decode back) in every shape that nests — struct through pointers, slices,
 * maps, arrays, interfaces, and chains of distinct types by value and by pointer; one level more
 * is a GobError DEPTH_EXCEEDED naming the limit, never a RangeError; far deeper inputs fail as
 * fast; and measuring/compiling a type chain is linear in its length.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import type { Descriptor, StructDescriptor } from '../../../src/gob/index.js';
import { DEFAULT_MAX_ENCODE_DEPTH } from '../../../src/gob/encode-depth.js';

type Shape = { readonly type: Descriptor; readonly value: unknown };

type PtrNode = { Next: PtrNode | null; V: number };
const PtrNodeT: StructDescriptor<PtrNode> = gob.struct('PtrNode', () => ({ Next: gob.ptr(PtrNodeT), V: gob.int }));
type SliceNode = { Kids: SliceNode[] };
const SliceNodeT: StructDescriptor<SliceNode> = gob.struct('SliceNode', () => ({ Kids: gob.slice(SliceNodeT) }));
type MapNode = { M: Map<string, MapNode> | null };
const MapNodeT: StructDescriptor<MapNode> = gob.struct('MapNode', () => ({ M: gob.map(gob.string, MapNodeT) }));
type ArrNode = { A: ArrNode[][] };
const ArrNodeT: StructDescriptor<ArrNode> = gob.struct('ArrNode', () => ({ A: gob.array(gob.slice(ArrNodeT), 1) }));
const Box = gob.struct('Box', { V: gob.interface });
const registry = new gob.Registry();
registry.register('main.Box', Box);

/** Wraps of `per` levels each on top of `base` levels that stay within `levels`. */
const wraps = (levels: number, base: number, per: number): number => Math.floor((levels - base) / per);

/**
 * Each shape with at most `levels` levels of nesting as the Encoder counts them (struct, slice,
 * array, map, interface), and more than `levels - 2`.
 */
const shapes: Record<string, (levels: number) => Shape> = {
  'struct via pointer': (n) => {
    let v: PtrNode | null = null;
    for (let i = 0; i < n; i++) v = { Next: v, V: i };
    return { type: PtrNodeT, value: v };
  },
  'struct via slice': (n) => {
    let v: SliceNode = { Kids: [] }; // struct + empty slice: 2 levels
    for (let i = wraps(n, 2, 2); i > 0; i--) v = { Kids: [v] };
    return { type: SliceNodeT, value: v };
  },
  'struct via map': (n) => {
    let v: MapNode = { M: null }; // struct (a nil map is not entered): 1 level
    for (let i = wraps(n, 1, 2); i > 0; i--) v = { M: new Map([['k', v]]) };
    return { type: MapNodeT, value: v };
  },
  'struct via array': (n) => {
    let v: ArrNode = { A: [[]] }; // struct + array + empty slice: 3 levels
    for (let i = wraps(n, 3, 3); i > 0; i--) v = { A: [[v]] };
    return { type: ArrNodeT, value: v };
  },
  'struct via interface': (n) => {
    let v: { V: unknown } = { V: null }; // struct (a nil interface is not entered): 1 level
    for (let i = wraps(n, 1, 2); i > 0; i--) v = { V: gob.iface(Box, v as never) };
    return { type: Box, value: v };
  },
  'distinct types by value': (n) => {
    let t: Descriptor = gob.struct('C0', { V: gob.int });
    let v: unknown = { V: 1 };
    for (let i = 1; i < n; i++) {
      t = gob.struct(`C${i}`, { In: t });
      v = { In: v };
    }
    return { type: t, value: v };
  },
  'distinct types by pointer': (n) => {
    let t: Descriptor = gob.struct('P0', { V: gob.int });
    let v: unknown = { V: 1 };
    for (let i = 1; i < n; i++) {
      t = gob.struct(`P${i}`, { Next: gob.ptr(t), V: gob.int });
      v = { Next: v, V: i };
    }
    return { type: t, value: v };
  },
};

function encodeError(s: Shape, options?: gob.EncoderOptions): unknown {
  try {
    new gob.Encoder({ registry, ...options }).encode(s.value as never, s.type as never);
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('Encoder maxDepth', () => {
  it('defaults to 1000 levels', () => {
    expect(DEFAULT_MAX_ENCODE_DEPTH).toBe(1000);
  });

  describe.each(Object.keys(shapes))('%s', (name) => {
    const make = shapes[name]!;
    it('encodes at the limit', () => {
      const s = make(DEFAULT_MAX_ENCODE_DEPTH);
      const bytes = new gob.Encoder({ registry }).encode(s.value as never, s.type as never);
      expect(bytes.length).toBeGreaterThan(DEFAULT_MAX_ENCODE_DEPTH);
      // Recursive types decode back (chains of 1000 distinct types are the decoder's own depth issue).
      if (!name.startsWith('distinct')) {
        const dec = new gob.Decoder({ registry });
        dec.push(bytes);
        const again = new gob.Encoder({ registry }).encode(dec.decode(s.type as never) as never, s.type as never);
        expect(Buffer.from(again).equals(bytes)).toBe(true);
      }
    });

    it('one level more (and far more) is DEPTH_EXCEEDED naming the limit, not a RangeError', () => {
      for (const levels of [DEFAULT_MAX_ENCODE_DEPTH + 2, 50 * DEFAULT_MAX_ENCODE_DEPTH]) {
        const err = encodeError(make(levels));
        expect(err).toBeInstanceOf(gob.GobError);
        expect((err as gob.GobError).code).toBe('DEPTH_EXCEEDED');
        expect((err as Error).message).toMatch(/maxDepth \(1000\)/);
      }
    });
  });

  it('is an option: a lower limit applies to values and types', () => {
    const err = encodeError(shapes['struct via pointer']!(11), { maxDepth: 10 });
    expect((err as gob.GobError).code).toBe('DEPTH_EXCEEDED');
    expect(encodeError(shapes['struct via pointer']!(10), { maxDepth: 10 })).toBeUndefined();
    expect((encodeError(shapes['distinct types by value']!(11), { maxDepth: 10 }) as gob.GobError).code).toBe('DEPTH_EXCEEDED');
    expect(() => new gob.Encoder({ maxDepth: 0 })).toThrow(gob.GobError);
  });

  it('an Encoder stays usable after DEPTH_EXCEEDED (the depth count restarts per value)', () => {
    const enc = new gob.Encoder({ maxDepth: 50 });
    const deep = shapes['struct via pointer']!(5000);
    const ok = shapes['struct via pointer']!(50);
    const dec = new gob.Decoder();
    for (let i = 0; i < 3; i++) {
      expect(() => enc.encode(deep.value as never, deep.type as never)).toThrow(/maxDepth \(50\)/);
      dec.push(enc.encode(ok.value as never, ok.type as never));
      expect(dec.decode(ok.type as never)).toEqual(ok.value);
    }
  });

  it('type chains cost time linear in their length (16 chains of 60 vs one of 960)', () => {
    /** Best of 5: milliseconds to encode `k` fresh chains of `n` distinct types with fresh Encoders. */
    const time = (n: number, k: number): number => {
      let best = Infinity;
      for (let rep = 0; rep < 5; rep++) {
        const chains = Array.from({ length: k }, () => shapes['distinct types by pointer']!(n));
        const t0 = performance.now();
        for (const c of chains) new gob.Encoder().encode(c.value as never, c.type as never);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(60, 4); // warm-up
    const short = time(60, 16);
    const long = time(960, 1);
    // Same number of types: linear ≈ 1×, quadratic ≈ 16×.
    expect(long / Math.max(short, 0.05)).toBeLessThan(6);
  });
});
