/** Registry: Go's Register/RegisterName names and pre-registered builtins. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { gobErr } from './helpers.js';

describe('Registry', () => {
  it('pre-registers Go basic names', () => {
    const r = new gob.Registry();
    for (const n of ['int', 'int8', 'int64', 'uint', 'uintptr', 'float32', 'complex128', 'bool', 'string', '[]uint8', '[]int', '[]uint16', '[]float64', '[]bool', '[]string']) {
      expect(r.lookup(n), n).toBeDefined();
    }
    for (const n of ['[]interface {}', 'map[string]interface {}']) expect(r.lookup(n)).toBeUndefined();
    expect(r.nameOf(gob.int)).toBe('int');
    expect(r.nameOf(gob.int64n)).toBe('int64');
    expect(r.nameOf(gob.bytes)).toBe('[]uint8');
    expect(r.nameOf(gob.slice(gob.string))).toBe('[]string');
    expect(new gob.Registry({ builtins: false }).lookup('int')).toBeUndefined();
  });
  it('Register default names', () => {
    const r = new gob.Registry();
    const Point = gob.struct('Point', { X: gob.int });
    const U = gob.struct('github.com/x/p.T', { A: gob.int });
    expect(r.registerType(Point)).toBe('main.Point');
    expect(r.registerType(gob.ptr(U))).toBe('*p.T');
    expect(r.registerType(gob.slice(gob.interface))).toBe('[]interface {}');
    expect(r.registerType(gob.map(gob.string, gob.interface))).toBe('map[string]interface {}');
    expect(r.registerType(gob.time)).toBe('time.Time');
    expect(r.lookup('main.Point')).toBe(Point);
  });
  it('duplicates are rejected like Go panics; re-registering the same pair is fine', () => {
    const r = new gob.Registry();
    const A = gob.struct('A', { X: gob.int });
    const B = gob.struct('B', { X: gob.int });
    r.register('n', A);
    r.register('n', A);
    expect(gobErr(() => r.register('n', B)).code).toBe('INVALID_DESCRIPTOR');
    expect(gobErr(() => r.register('m', A)).code).toBe('INVALID_DESCRIPTOR');
    expect(gobErr(() => r.register('', B)).code).toBe('INVALID_DESCRIPTOR');
  });
  it('defaultRegistry is used when none is given', () => {
    const Q = gob.struct('RegistryTestQ', { X: gob.int });
    gob.defaultRegistry.registerType(Q);
    const W = gob.struct('W', { V: gob.interface });
    const bytes = new gob.Encoder().encode({ V: gob.iface(Q, { X: 1 }) }, W);
    const dec = new gob.Decoder();
    dec.push(bytes);
    expect((dec.decode(W) as { V: gob.GoInterface }).V.value).toEqual({ X: 1 });
  });
});
