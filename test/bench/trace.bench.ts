/**
 * `npm run bench:trace`: go-plugin netrpc calls/s with and without `go-netrpc trace` in between,
 * side by side (go-testbed's Go host `pluginhost -scenario bench` → Go plugin `plugingo`, the
 * trace writing its transcript to /dev/null; with TRACE_BENCH_CAPTURE=1 a third contender also
 * streams the raw capture to /dev/null). Rounds alternate the contenders (rotating order, so they
 * see the same load); the cost is reported per round (median and min–max) with the load average.
 * Issue 12's target: the trace costs ≤ 20 % of calls/s. Needs `npm run build` and go-testbed/bin
 * (built by the vitest globalSetup, or `cd go-testbed && go build -o bin/ ./cmd/...`).
 */
import { goBin as bin, repoRoot as root } from '../helpers/go-peer.js';
import { pluginhostBench, type PluginhostBenchResult as Result } from '../helpers/pluginhost-bench.js';
import { interleave, LoadMonitor, median, pairedRatio } from './harness.js';

const CALLS = Number(process.env['TRACE_BENCH_CALLS'] ?? 5000);
const ROUNDS = Number(process.env['TRACE_BENCH_ROUNDS'] ?? 5);
const CAPTURE = process.env['TRACE_BENCH_CAPTURE'] === '1';

const trace = (extra: string[]): string[] => [process.execPath, `${root}dist/cli/main.js`, 'trace', '--out', '/dev/null', ...extra, '--', bin('plugingo')];
const commands: Record<string, string[]> = {
  untraced: [bin('plugingo')],
  'through go-netrpc trace': trace([]),
  ...(CAPTURE ? { 'trace --capture': trace(['--capture', '/dev/null']) } : {}),
};
const results: Record<string, Result[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const load = new LoadMonitor();
await interleave(
  ROUNDS,
  Object.fromEntries(
    Object.entries(commands).map(([name, cmd]) => [
      name,
      () => {
        const r = pluginhostBench(cmd, CALLS);
        results[name]?.push(r);
        return r.seqPerSec;
      },
    ]),
  ),
  () => load.sample(),
);

const rs = (name: string): Result[] => results[name] ?? [];
const col = (xs: Result[], k: 'seqPerSec' | 'par16PerSec'): number[] => xs.map((r) => r[k]);
const row = (name: string): string => `${name.padEnd(26)} ${median(col(rs(name), 'seqPerSec')).toFixed(0).padStart(10)} ${median(col(rs(name), 'par16PerSec')).toFixed(0).padStart(15)}`;
process.stdout.write(`Go host → Go plugin, ${CALLS} calls, median of ${ROUNDS} interleaved rounds\n${''.padEnd(26)} ${'seq/s'.padStart(10)} ${'16 in flight/s'.padStart(15)}\n`);
for (const name of Object.keys(commands)) process.stdout.write(`${row(name)}\n`);
/** Per-round cost 1 − traced/untraced, as `median % (min–max %)`. */
const cost = (name: string, k: 'seqPerSec' | 'par16PerSec'): string => {
  const r = pairedRatio(col(rs(name), k), col(rs('untraced'), k));
  const pct = (x: number): string => `${((1 - x) * 100).toFixed(0)} %`;
  return `${pct(r.median)} (per round ${pct(r.max)} … ${pct(r.min)})`;
};
for (const name of Object.keys(commands).filter((n) => n !== 'untraced')) {
  process.stdout.write(`cost of ${name}: ${cost(name, 'seqPerSec')} sequential, ${cost(name, 'par16PerSec')} with 16 in flight (target ≤ 20 %)\n`);
}
process.stdout.write(`${load.summary()}\n`);
