/**
 * The part of `npm test` each fuzzer contributes (test/fuzz/*-fuzz.test.ts): a 10 s run with a
 * fresh seed, or the seed in the fuzzer's environment variable to replay a failure, which must
 * end without a failure; the caller then checks that the run reached what it is meant to reach.
 */
import { expect } from 'vitest';
import { sliceSeed } from './fuzz-harness.js';

/** How long each fuzzer runs in `npm test`. */
export const SLICE_BUDGET_MS = 10_000;

/**
 * Runs `fuzz` for {@link SLICE_BUDGET_MS} with the seed from `seedEnvVar` (or a fresh one) and
 * expects no failure. It runs at least `minInputs` inputs however long a loaded machine makes
 * them take, so what the caller then checks is about the fuzzer, not about the machine's speed.
 */
export async function runFuzzSlice<R extends { readonly failure?: unknown }>(
  seedEnvVar: string,
  fuzz: (opts: { readonly budgetMs: number; readonly seed: number; readonly minInputs: number }) => Promise<R>,
  minInputs: number,
): Promise<R> {
  const seed = sliceSeed(seedEnvVar);
  const rep = await fuzz({ budgetMs: SLICE_BUDGET_MS, seed, minInputs });
  expect(rep.failure, `seed ${seed}: ${JSON.stringify(rep.failure)}`).toBeUndefined();
  return rep;
}
