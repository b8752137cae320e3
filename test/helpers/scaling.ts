/**
 * Growth checks for hostile-input tests: time a workload at size n and 4n (best of a few runs,
 * so a loaded machine only adds noise upward) and compare. Linear work gives a ratio near 4,
 * quadratic near 16; tests assert a bound well between the two, never an absolute time.
 */

/** Best wall time in ms of `runs` calls of `fn`. */
export function bestMs(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Time ratio of `work(4n)` to `work(n)`; `prepare` builds the input outside the timed part. */
export function growthRatio<I>(n: number, prepare: (n: number) => I, work: (input: I) => void): { ratio: number; smallMs: number; bigMs: number } {
  const small = prepare(n);
  const big = prepare(4 * n);
  work(small); // warm up the code paths
  const smallMs = Math.max(bestMs(() => work(small)), 1);
  const bigMs = bestMs(() => work(big));
  return { ratio: bigMs / smallMs, smallMs, bigMs };
}
