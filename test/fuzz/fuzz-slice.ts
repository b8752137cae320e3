/**
 * The part of `npm test` each fuzzer contributes (test/fuzz/*-fuzz.test.ts): a 10 s run with a
 * fresh seed, or the seed in the fuzzer's environment variable to replay a failure, which must
 * end without a failure; the caller then checks that the run reached what it is meant to reach.
 */
import { expect } from 'vitest';
import { sliceSeed } from './fuzz-harness.js';

/** How long each fuzzer runs in `npm test`. */
export const SLICE_BUDGET_MS = 10_000;

/** Runs `fuzz` for {@link SLICE_BUDGET_MS} with the seed from `seedEnvVar` (or a fresh one) and expects no failure. */
export async function runFuzzSlice<R extends { readonly failure?: unknown }>(
  seedEnvVar: string,
  fuzz: (opts: { readonly budgetMs: number; readonly seed: number }) => Promise<R>,
): Promise<R> {
  const seed = sliceSeed(seedEnvVar);
  const rep = await fuzz({ budgetMs: SLICE_BUDGET_MS, seed });
  expect(rep.failure, `seed ${seed}: ${JSON.stringify(rep.failure)}`).toBeUndefined();
  return rep;
}
