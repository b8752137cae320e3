/**
 * go-netrpc/msgpack's error codes are one documented `as const` table (src/msgpack/errors.ts),
 * like the other layers': the codes' string values stay what they were when they were a type
 * union, every code the sources throw is in the table, and MsgpackError accepts the keys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MsgpackError, MsgpackErrorCode, decode, int8, encode } from 'go-netrpc/msgpack';
import { repoRoot } from '../../helpers/go-peer.js';

describe('MsgpackErrorCode', () => {
  it('keeps the codes of the former type union, each with a one-sentence meaning', () => {
    expect(Object.keys(MsgpackErrorCode).sort()).toEqual(
      ['CORRUPT', 'DEPTH_EXCEEDED', 'INVALID_ARGUMENT', 'INVALID_UTF8', 'OUT_OF_RANGE', 'TOO_BIG', 'TYPE_MISMATCH', 'UNEXPECTED_EOF', 'UNSUPPORTED_VALUE'].sort(),
    );
    for (const [code, meaning] of Object.entries(MsgpackErrorCode)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(meaning, code).toMatch(/^\S.{10,}[.)]$/);
    }
  });

  it('every code thrown in src/msgpack is in the table', () => {
    const dir = join(repoRoot, 'src/msgpack');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/MsgpackError\(\s*'([A-Z_]+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const code of used) expect(Object.keys(MsgpackErrorCode), code).toContain(code);
  });

  it('errors carry a key of the table as their code', () => {
    const caught = (f: () => unknown): MsgpackError => {
      try {
        f();
      } catch (err) {
        if (err instanceof MsgpackError) return err;
        throw err;
      }
      throw new Error('did not throw');
    };
    const e1: MsgpackErrorCode = caught(() => encode(int8, 200)).code;
    expect(e1).toBe('OUT_OF_RANGE');
    expect(caught(() => decode(int8, Uint8Array.of(0xc1))).code in MsgpackErrorCode).toBe(true);
    expect(MsgpackErrorCode[new MsgpackError('TOO_BIG', 'x').code]).toBe(MsgpackErrorCode.TOO_BIG);
  });
});
