/**
 * cty values as gob (src/packer/cty-gob.ts): math/big.Float's GobEncode bytes against vectors
 * printed by Go 1.26 (`new(big.Float).SetFloat64(f).GobEncode()`, `SetInt`, `SetInt64`), and bad
 * values → PackerError INVALID_ARGUMENT. That Go decodes whole cty values is
 * test/conformance/packer-datasource.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PackerError, encodeCtyValue } from 'go-netrpc/packer';
import { bigFloatGob } from '../../../src/packer/cty-gob.js';

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
