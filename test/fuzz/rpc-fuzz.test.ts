/**
 * A 10-second run of the rpc fuzzer (test/fuzz/rpc.fuzz.ts): a hostile client against our
 * Server and a hostile server against our Client, with mutated gob streams; only RpcError,
 * no escape, no hang, time and heap in proportion to the input.
 */
import { describe, expect, it } from 'vitest';
import { runFuzzSlice } from './fuzz-slice.js';
import { fuzzRpc } from './rpc.fuzz.js';

describe('rpc under mutation fuzzing', () => {
  it('a hostile peer on either side gets only RpcError for 10 s', async () => {
    const rep = await runFuzzSlice('RPC_FUZZ_SEED', fuzzRpc, 51);
    expect(rep.inputs).toBeGreaterThan(50);
    // Both directions exercised, and the inputs are not all rejected outright.
    expect(rep.serverReplies).toBeGreaterThan(0);
    expect(rep.clientValues).toBeGreaterThan(0);
    expect(Object.keys(rep.codes).length).toBeGreaterThan(0);
  }, 300_000);
});
