/**
 * cty values as gob (src/packer/cty-gob.ts): math/big.Float's GobEncode bytes against vectors
 * printed by Go 1.26 (`new(big.Float).SetFloat64(f).GobEncode()`, `SetInt`, `SetInt64`), and bad
 * values → PackerError INVALID_ARGUMENT. That Go decodes whole cty values is
 * test/conformance/packer-datasource.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PackerError, decodeConfigSpec, decodeCtyValue, encodeConfigSpec, encodeCtyValue } from 'go-netrpc/packer';
import { bigFloatFromGob, bigFloatGob } from '../../../src/packer/cty-gob.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('big.Float GobEncode', () => {
  it.each([
    [1, '010a00000035000000018000000000000000'],
    [-0.1, '010b00000035fffffffdccccccccccccd000'],
    [0, '010800000035'],
    [-0, '010900000035'],
    [5e-324, '010a00000035fffffbcf8000000000000000'],
    [-Infinity, '010d00000035'],
    [9007199254740993n, '010a00000040000000368000000000000400'],
    [-(2n ** 128n) - 1n, '010b0000008100000081800000000000000000000000000000008000000000000000'],
  ] as const)('%s as Go writes it', (n, want) => {
    expect(hex(bigFloatGob(n))).toBe(want);
  });
});

describe('big.Float GobDecode', () => {
  it.each([
    ['010a00000035000000018000000000000000', 1],
    ['010b00000035fffffffdccccccccccccd000', -0.1],
    ['010900000035', -0],
    ['010a00000035fffffbcf8000000000000000', 5e-324],
    ['010d00000035', -Infinity],
    ['010a00000040000000368000000000000400', 9007199254740993n],
    ['010b0000008100000081800000000000000000000000000000008000000000000000', -(2n ** 128n) - 1n],
  ] as const)('%s (Go bytes) → %s', (h, want) => {
    expect(bigFloatFromGob(Buffer.from(h, 'hex'))).toBe(want);
  });

  it('round-trips what it encodes; integers a float64 holds stay numbers', () => {
    for (const v of [3.25, 1e300, Number.MAX_VALUE, 2 ** -1022, -123456789]) expect(bigFloatFromGob(bigFloatGob(v))).toBe(v);
    expect(bigFloatFromGob(bigFloatGob(2n ** 70n))).toBe(2 ** 70);
    expect(bigFloatFromGob(bigFloatGob(2n ** 64n + 1n))).toBe(2n ** 64n + 1n);
  });

  it.each([
    ['', /bad encoding/],
    ['020a00000035', /version 2/],
    ['010a0000003500000001800000', /bad finite encoding/],
    ['010a000000357fffffff8000000000000001', /out of range/],
  ])('malformed %s → PackerError PROTOCOL', (h, text) => {
    let caught: unknown;
    try {
      bigFloatFromGob(Buffer.from(h, 'hex'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PackerError);
    expect((caught as PackerError).code).toBe('PROTOCOL');
    expect((caught as PackerError).message).toMatch(text);
  });
});

describe('cty values and specs decode back (the host side)', () => {
  it('a value of every supported kind', () => {
    const t = { object: { s: 'string', n: 'number', b: 'bool', l: { list: 'number' }, m: { map: 'string' }, t: { tuple: ['bool', 'string'] }, z: 'string' } } as const;
    const v = { s: 'x', n: 2n ** 63n - 1n, b: false, l: [1.5, -2], m: { k: 'v' }, t: [true, 'y'], z: null };
    expect(decodeCtyValue(encodeCtyValue(t, v))).toEqual({ type: t, value: v });
  });

  it('a spec', () => {
    const spec = { a: { type: { set: 'string' }, required: true }, b: { type: { object: { c: 'number' } }, required: false } } as const;
    expect(decodeConfigSpec(encodeConfigSpec(spec))).toEqual(spec);
  });

  it.each([
    ['decodeCtyValue', () => decodeCtyValue(Uint8Array.of(3, 4, 5, 6))],
    ['decodeConfigSpec', () => decodeConfigSpec(Uint8Array.of(0xff, 0xff))],
  ])('%s of garbage → PackerError PROTOCOL', (_name, f) => {
    let caught: unknown;
    try {
      f();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PackerError);
    expect((caught as PackerError).code).toBe('PROTOCOL');
  });
});

describe('encodeCtyValue rejects values that do not fit the type', () => {
  const bad = (t: Parameters<typeof encodeCtyValue>[0], v: unknown, text: RegExp): void => {
    let caught: unknown;
    try {
      encodeCtyValue(t, v);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PackerError);
    expect((caught as PackerError).code).toBe('INVALID_ARGUMENT');
    expect((caught as PackerError).message).toMatch(text);
  };

  it('wrong primitive, with the path', () => bad({ object: { a: { list: 'number' } } }, { a: [1, 'two'] }, /^\.a\[1\]: want a number or bigint, got "two"$/));
  it('NaN', () => bad('number', Number.NaN, /want a number/));
  it('an attribute the object type lacks', () => bad({ object: { a: 'string' } }, { a: 'x', b: 1 }, /unexpected attribute "b"/));
  it('a tuple of the wrong length', () => bad({ tuple: ['string'] }, ['a', 'b'], /want a tuple of 1/));
  it('set values', () => bad({ set: 'string' }, ['a'], /set values cannot be sent/));
  it('an unknown type', () => bad('integer' as never, 1, /unknown cty type "integer"/));
  it('null is cty null at any level', () => {
    expect(encodeCtyValue({ object: { a: 'string' } }, { a: null }).length).toBeGreaterThan(0);
    expect(encodeCtyValue('string', null).length).toBeGreaterThan(0);
  });
});
