/**
 * Growth checks for hostile-input tests: time a workload at size n and 4n (best of a few runs,
 * so a loaded machine only adds noise upward) and compare. Linear work gives a ratio near 4,
 * quadratic near 16; tests assert a bound well between the two, never an absolute time.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full garbage collection before each timed run keeps earlier garbage out of the measurement. */
export const collectGarbage = runInNewContext('gc') as () => void;

/** Best wall time in ms of `runs` calls of `fn`. */
export function bestMs(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Time ratio of `work(4n)` to `work(n)`; `prepare` builds the input outside the timed part. A
 * ratio at or above `retryAbove` is measured again (up to `attempts` times) and the lowest kept:
 * a pause of the loaded machine inflates one measurement, a quadratic algorithm inflates all.
 */
export function growthRatio<I>(
  n: number,
  prepare: (n: number) => I,
  work: (input: I) => void,
  { attempts = 3, retryAbove = 8 }: { attempts?: number; retryAbove?: number } = {},
): { ratio: number; smallMs: number; bigMs: number } {
  const small = prepare(n);
  const big = prepare(4 * n);
  // Warm up at both sizes: V8 optimises deeply recursive code only after a few runs at each depth.
  work(small);
  work(big);
  let best = { ratio: Infinity, smallMs: 0, bigMs: 0 };
  for (let i = 0; i < attempts && best.ratio >= retryAbove; i++) {
    const smallMs = Math.max(bestMs(() => work(small)), 1);
    const bigMs = bestMs(() => work(big));
    if (bigMs / smallMs < best.ratio) best = { ratio: bigMs / smallMs, smallMs, bigMs };
  }
  return best;
}
