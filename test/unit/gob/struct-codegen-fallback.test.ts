/**
 * struct-codegen: without code generation (`node --disallow-code-generation-from-strings`) the
 * closure-based struct functions take over, detected once, with the same results: the whole Go
 * zoo (fixtures/gob, written by Go) round-trips typed and schemaless to Go's bytes and values in a
 * child process with the flag, and every output equals a child's without it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runProgram } from '../../helpers/go-peer.js';

interface RoundTrip {
  readonly codegen: boolean;
  readonly cases: number;
  readonly mismatches: readonly string[];
  readonly digest: string;
}

const script = join(repoRoot, 'test', 'unit', 'gob', 'child', 'zoo-roundtrip.ts');

async function roundTrip(flags: readonly string[]): Promise<RoundTrip> {
  const r = await runProgram(process.execPath, [...flags, '--import', 'tsx', script], undefined, 120_000);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout.toString('utf8')) as RoundTrip;
}

describe('struct functions without code generation', () => {
  it('round-trip the Go zoo to Go’s bytes, identical to the generated code’s results', async () => {
    const [generated, closures] = await Promise.all([roundTrip([]), roundTrip(['--disallow-code-generation-from-strings'])]);
    expect(generated.codegen).toBe(true);
    expect(closures.codegen).toBe(false);
    expect(closures.cases).toBeGreaterThan(40);
    expect(closures.cases).toBe(generated.cases);
    expect(closures.mismatches).toEqual([]);
    expect(generated.mismatches).toEqual([]);
    expect(closures.digest).toBe(generated.digest);
  }, 180_000);
});
