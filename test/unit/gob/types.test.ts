/** Descriptor builders: validation, lazy recursive fields, inferred TS types. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { gobErr } from './helpers.js';

describe('descriptor builders', () => {
  it('infers value types', () => {
    const P = gob.struct('P', { X: gob.int, B: gob.int64n, S: gob.slice(gob.string), M: gob.map(gob.string, gob.bool), Q: gob.ptr(gob.float64), I: gob.interface, T: gob.time });
    expectTypeOf<gob.Infer<typeof P>>().toEqualTypeOf<{
      X: number;
      B: bigint;
      S: string[];
      M: Map<string, boolean> | null;
      Q: number | null;
      I: gob.GoInterface | null;
      T: gob.GoTime;
    }>();
    expect(P.fields.map((f) => f.name)).toEqual(['X', 'B', 'S', 'M', 'Q', 'I', 'T']);
  });
  it('validates field names and arguments', () => {
    expect(gobErr(() => gob.struct('Bad', { x: gob.int }).fields).code).toBe('INVALID_DESCRIPTOR');
    expect(gobErr(() => gob.array(gob.int, -1)).code).toBe('INVALID_DESCRIPTOR');
    expect(gobErr(() => gob.slice(undefined as never)).code).toBe('INVALID_DESCRIPTOR');
  });
  it('parses qualified names', () => {
    const T = gob.struct('github.com/x/p.T', {});
    expect([T.name, T.pkgPath, T.pkg]).toEqual(['T', 'github.com/x/p', 'p']);
    const U = gob.struct('U', {}, { pkgPath: 'example.org/q' });
    expect([U.name, U.pkgPath, U.pkg]).toEqual(['U', 'example.org/q', 'q']);
  });
  it('embedded fields are marked', () => {
    const Base = gob.struct('Base', { ID: gob.int });
    const D = gob.struct('D', { Base: gob.embed(Base), N: gob.string });
    expect(D.fields[0]?.embedded).toBe(true);
    expectTypeOf<gob.Infer<typeof D>>().toEqualTypeOf<{ Base: { ID: number }; N: string }>();
  });
});
