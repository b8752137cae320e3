/**
 * A 10-second run of the gob mutation fuzzer (test/fuzz/gob.fuzz.ts): mutated Go-generated
 * streams and generated hostile shapes must only ever throw GobError (also when a Decoder is used
 * again after an error, and through the CLI's dump/echo paths), in time, output and retained
 * heap proportional to their size.
 */
import { describe, expect, it } from 'vitest';
import { runFuzzSlice } from './fuzz-slice.js';
import { fuzzGob } from './gob.fuzz.js';

describe('gob decoder under mutation fuzzing', () => {
  it('throws only GobError, in proportional time and memory, for 10 s of mutated and generated inputs', async () => {
    const rep = await runFuzzSlice('GOB_FUZZ_SEED', fuzzGob, 101);
    expect(rep.inputs).toBeGreaterThan(100);
    expect(rep.gobErrors).toBeGreaterThan(0);
    expect(rep.decodedValues).toBeGreaterThan(0);
    expect(rep.generated).toBeGreaterThan(0);
  }, 300_000);
});
