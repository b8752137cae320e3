/**
 * A 10-second run of the yamux frame fuzzer (test/fuzz/yamux.fuzz.ts): hostile frames against
 * sessions in both roles must only ever produce YamuxError, never hang after the peer's EOF,
 * and never hold memory out of proportion to the input.
 */
import { describe, expect, it } from 'vitest';
import { runFuzzSlice } from './fuzz-slice.js';
import { fuzzYamux } from './yamux.fuzz.js';

describe('yamux session under hostile frames', () => {
  it('yields only YamuxError, closes on EOF and holds bounded memory for 10 s of fuzzing', async () => {
    const rep = await runFuzzSlice('YAMUX_FUZZ_SEED', fuzzYamux, 51);
    expect(rep.inputs).toBeGreaterThan(50);
    // both kinds of endings were reached: protocol errors and clean EOFs after deep traffic
    expect(rep.endings['CONNECTION_CLOSED'] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(rep.endings).length).toBeGreaterThan(3);
    expect(rep.bytesDelivered).toBeGreaterThan(0);
    expect(rep.maxHeldPerInputByte).toBeLessThan(3);
  }, 300_000);
});
