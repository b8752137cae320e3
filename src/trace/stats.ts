/**
 * The closing per-method summary: count, errors, p50/p99 latency, bytes. Memory is bounded:
 * latencies are kept in a reservoir sample of {@link RESERVOIR} per method (exact below that),
 * and at most {@link MAX_METHODS} method names are tracked (the rest count as "(other)").
 */

export const RESERVOIR = 4096;
export const MAX_METHODS = 1000;

/** Summary of one method. */
export interface MethodSummary {
  readonly method: string;
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly bytes: number;
}

interface Acc {
  count: number;
  errors: number;
  bytes: number;
  samples: number[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

/** Accumulates completed calls. */
export class MethodStats {
  private readonly methods = new Map<string, Acc>();

  record(method: string, latencyMs: number, failed: boolean, bytes: number): void {
    let key = method;
    if (!this.methods.has(key) && this.methods.size >= MAX_METHODS) key = '(other)';
    let a = this.methods.get(key);
    if (a === undefined) {
      a = { count: 0, errors: 0, bytes: 0, samples: [] };
      this.methods.set(key, a);
    }
    a.count++;
    if (failed) a.errors++;
    a.bytes += bytes;
    if (a.samples.length < RESERVOIR) a.samples.push(latencyMs);
    else {
      const j = Math.floor(Math.random() * a.count);
      if (j < RESERVOIR) a.samples[j] = latencyMs;
    }
  }

  summary(): MethodSummary[] {
    const out: MethodSummary[] = [];
    for (const [method, a] of this.methods) {
      const sorted = [...a.samples].sort((x, y) => x - y);
      out.push({ method, count: a.count, errors: a.errors, bytes: a.bytes, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) });
    }
    return out.sort((x, y) => (x.method < y.method ? -1 : x.method > y.method ? 1 : 0));
  }
}
