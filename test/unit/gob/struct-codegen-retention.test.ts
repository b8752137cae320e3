/**
 * struct-codegen (issue 13.4): what peers' distinct wide struct types make us compile does not
 * stay alive after their Encoders/Decoders are gone beyond a fixed bound. A child process
 * (`--expose-gc`) runs 400 "connections", each with its own 200-field struct type encoded by a
 * fresh Encoder and decoded typed and schemaless by fresh Decoders, and reports the heap after
 * GC before and after. Unbounded, this retained ~85 MB (V8 keeps every compiled source); the
 * code generation budget caps it at ~12 MB.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODEGEN_MAX_SOURCE_CHARS } from '../../../src/gob/struct-codegen.js';
import { repoRoot, runProgram } from '../../helpers/go-peer.js';

const script = join(repoRoot, 'test', 'unit', 'gob', 'child', 'codegen-retention.ts');

describe('generated code retention', () => {
  it('many distinct wide types through fresh Encoders/Decoders leave a bounded heap', async () => {
    const r = await runProgram(process.execPath, ['--expose-gc', '--import', 'tsx', script, '400', '200'], undefined, 180_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout.toString('utf8')) as { before: number; after: number; decoded: number; compiledChars: number };
    expect(m.decoded).toBe(800);
    expect(m.compiledChars).toBeLessThanOrEqual(CODEGEN_MAX_SOURCE_CHARS);
    expect(m.after - m.before).toBeLessThan(40 * 1024 * 1024);
  }, 200_000);
});
