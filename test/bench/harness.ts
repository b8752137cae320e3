/**
 * Shared helpers for the benchmarks (gob, rpc, plugin): interleaved rounds and load reporting,
 * so that a noisy neighbour on the shared machine shows up as spread instead of a wrong ratio.
 *
 * - {@link interleave} runs every contender once per round, alternating them (the order rotates
 *   from round to round so no contender always runs right after a given other one), and keeps
 *   every round's sample.
 * - {@link pairedRatio} compares two contenders round by round (both measured moments apart,
 *   so they saw the same load) and reports the median per-round ratio and its min–max spread.
 * - {@link alternateSlices} is the fine-grained form: hundreds of short slices per contender, the
 *   order shuffled every round, each slice returning a {@link Tally} (work units and their cost);
 *   {@link blockRatio} then compares two contenders' totals over the whole run and per block of
 *   consecutive rounds, so both sides of a ratio saw the same load to within a slice.
 * - {@link LoadMonitor} samples the 1-minute load average while a benchmark runs; benchmarks
 *   print it next to their ratios.
 */
import { cpus, loadavg } from 'node:os';

/** The samples of one contender, one per round, in round order. */
export type Samples = number[];

/** Median of `xs` (NaN for none). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Smallest and largest of `xs`. */
export function range(xs: readonly number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

/**
 * Runs each contender once per round for `rounds` rounds, alternating them, and returns every
 * sample (whatever number the contender returns: a rate, a time per operation, …). Round `r`
 * starts with contender `r mod n`, so the order rotates. `onRound` (optional) runs after each
 * round, e.g. to sample the load average.
 */
export async function interleave<K extends string>(
  rounds: number,
  contenders: Readonly<Record<K, () => number | Promise<number>>>,
  onRound?: (round: number) => void,
): Promise<Record<K, Samples>> {
  const names = Object.keys(contenders) as K[];
  const out = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, Samples>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const k = names[(r + i) % names.length] as K;
      out[k].push(await contenders[k]());
    }
    onRound?.(r);
  }
  return out;
}

/** Per-round ratios `a[i] / b[i]`: the median, and the smallest and largest. */
export interface RatioSpread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
}

/** Round-by-round ratio of two contenders' samples (same rounds, same order). */
export function pairedRatio(a: readonly number[], b: readonly number[]): RatioSpread {
  if (a.length !== b.length || a.length === 0) throw new Error(`pairedRatio: ${a.length} vs ${b.length} samples`);
  const ratios = a.map((x, i) => x / (b[i] as number));
  const [min, max] = range(ratios);
  return { median: median(ratios), min, max, rounds: ratios.length };
}

/** `1.23× (1.10–1.41, 5 rounds)`. */
export function fmtRatio(r: RatioSpread): string {
  return `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)}, ${r.rounds} rounds)`;
}

/** `12.3 (10.1–15.2)`: median of the samples and their range, with `digits` decimals. */
export function fmtSpread(xs: readonly number[], digits = 1): string {
  const [lo, hi] = range(xs);
  return `${median(xs).toFixed(digits)} (${lo.toFixed(digits)}–${hi.toFixed(digits)})`;
}

/** What one slice measured: `cost` (time, CPU, …) spent on `count` units of work (calls, …). */
export interface Tally {
  readonly count: number;
  readonly cost: number;
}

/**
 * Runs `rounds` rounds, each running every contender once (one short slice), in an order
 * shuffled per round by a seeded generator (so a contender has no fixed neighbour, and runs are
 * reproducible), and returns every slice's result in round order. `onRound` (optional) runs
 * after each round.
 */
export async function alternateSlices<K extends string, T>(
  rounds: number,
  contenders: Readonly<Record<K, () => T | Promise<T>>>,
  onRound?: (round: number) => void,
  seed = 0x16_01,
): Promise<Record<K, T[]>> {
  const names = Object.keys(contenders) as K[];
  const out = Object.fromEntries(names.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  let state = seed >>> 0 || 1;
  const next = (n: number): number => {
    // xorshift32: good enough to shuffle a handful of names.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const order = [...names];
  for (let r = 0; r < rounds; r++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [order[i], order[j]] = [order[j] as K, order[i] as K];
    }
    for (const k of order) out[k].push(await contenders[k]());
    onRound?.(r);
  }
  return out;
}

/** {@link blockRatio}'s answer: the ratio of the totals, and the spread of the per-block ratios. */
export interface BlockRatio extends RatioSpread {
  /** (Σ a.cost / Σ a.count) / (Σ b.cost / Σ b.count) over every slice. */
  readonly total: number;
  /** Median over the rounds of the ratio of the two slices of the round (robust to a slice stalled by the scheduler). */
  readonly perRound: number;
}

/**
 * Cost per unit of `a` over cost per unit of `b`, from slices recorded side by side (same
 * rounds, same order): over the whole run (`total`), and per block of `blocks` consecutive
 * rounds (median, min, max; `rounds` holds the number of blocks).
 */
export function blockRatio(a: readonly Tally[], b: readonly Tally[], blocks = 10): BlockRatio {
  if (a.length !== b.length || a.length === 0) throw new Error(`blockRatio: ${a.length} vs ${b.length} slices`);
  const per = (xs: readonly Tally[], from: number, to: number): number => {
    let count = 0;
    let cost = 0;
    for (let i = from; i < to; i++) {
      count += (xs[i] as Tally).count;
      cost += (xs[i] as Tally).cost;
    }
    return cost / count;
  };
  const n = Math.min(blocks, a.length);
  const ratios: number[] = [];
  for (let k = 0; k < n; k++) {
    const from = Math.floor((k * a.length) / n);
    const to = Math.floor(((k + 1) * a.length) / n);
    ratios.push(per(a, from, to) / per(b, from, to));
  }
  const [min, max] = range(ratios);
  const perRound = median(a.map((_, i) => per(a, i, i + 1) / per(b, i, i + 1)));
  return { total: per(a, 0, a.length) / per(b, 0, b.length), perRound, median: median(ratios), min, max, rounds: n };
}

/** `1.234× (per-round median 1.228; per-block median 1.230, 1.10–1.41 over 10 blocks)`. */
export function fmtBlockRatio(r: BlockRatio): string {
  return `${r.total.toFixed(3)}× (per-round median ${r.perRound.toFixed(3)}; per-block median ${r.median.toFixed(3)}, ${r.min.toFixed(2)}–${r.max.toFixed(2)} over ${r.rounds} blocks)`;
}

/** Samples the 1-minute load average (at construction and at each {@link sample}). */
export class LoadMonitor {
  private readonly samples: number[] = [];

  constructor() {
    this.sample();
  }

  /** Records the current 1-minute load average. */
  sample(): void {
    this.samples.push(loadavg()[0] as number);
  }

  /** `load average 11.2–15.9 (1-min, 7 samples) on 2 cores`. */
  summary(): string {
    this.sample();
    const [lo, hi] = range(this.samples);
    return `load average ${lo.toFixed(1)}–${hi.toFixed(1)} (1-min, ${this.samples.length} samples) on ${cpus().length} cores`;
  }
}
