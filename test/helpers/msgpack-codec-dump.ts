/**
 * What the msgpack codec writes and reads for the benchmark's value set, as hex: each case
 * encoded in both dialects, and each dialect's bytes decoded and encoded again in the other.
 * test/unit/msgpack/compiled-codecs.test.ts compares this in-process (generated struct code)
 * with a child process run with `--disallow-code-generation-from-strings` (closure fallback):
 * `node --disallow-code-generation-from-strings --import tsx test/helpers/msgpack-codec-dump.ts`
 * prints `{ codegen, rows }` as JSON.
 */
import { fileURLToPath } from 'node:url';
import * as mp from '../../src/msgpack/index.js';
import { codegenAvailable } from '../../src/msgpack/codegen.js';
import { BENCH_CASES } from './msgpack-bench-cases.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** One line per case: its bytes in each dialect, and each dialect's bytes decoded then re-encoded in the other. */
export function codecDump(): string[] {
  const rows: string[] = [];
  for (const c of BENCH_CASES) {
    const b12 = mp.encode(c.type, c.value, 'ugorji-1.2');
    const b15 = mp.encode(c.type, c.value, 'ugorji-2015');
    rows.push(`${c.name} ${hex(b12)} ${hex(b15)} ${hex(mp.encode(c.type, mp.decode(c.type, b15), 'ugorji-1.2'))} ${hex(mp.encode(c.type, mp.decode(c.type, b12), 'ugorji-2015'))}`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify({ codegen: codegenAvailable, rows: codecDump() }));
}
