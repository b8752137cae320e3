/**
 * `npm run bench:trace`: go-plugin netrpc calls/s with and without `go-netrpc trace` in between,
 * side by side (go-testbed's Go host `pluginhost -scenario bench` → Go plugin `plugingo`, the
 * trace writing its transcript to /dev/null). Rounds alternate plain/traced; medians are printed.
 * Issue 12's target: the trace costs ≤ 20 % of calls/s. Needs `npm run build` and go-testbed/bin
 * (built by the vitest globalSetup, or `cd go-testbed && go build -o bin/ ./cmd/...`).
 */
import { goBin as bin, repoRoot as root } from '../helpers/go-peer.js';
import { pluginhostBench, type PluginhostBenchResult as Result } from '../helpers/pluginhost-bench.js';
import { median } from './harness.js';

const CALLS = Number(process.env['TRACE_BENCH_CALLS'] ?? 5000);
const ROUNDS = Number(process.env['TRACE_BENCH_ROUNDS'] ?? 3);

const run = (plugin: string[]): Result => pluginhostBench(plugin, CALLS);

const plain: Result[] = [];
const traced: Result[] = [];
for (let i = 0; i < ROUNDS; i++) {
  plain.push(run([bin('plugingo')]));
  traced.push(run([process.execPath, `${root}dist/cli/main.js`, 'trace', '--out', '/dev/null', '--', bin('plugingo')]));
}
const row = (name: string, rs: Result[]): string => `${name.padEnd(26)} ${median(rs.map((r) => r.seqPerSec)).toFixed(0).padStart(10)} ${median(rs.map((r) => r.par16PerSec)).toFixed(0).padStart(12)}`;
process.stdout.write(`Go host → Go plugin, ${CALLS} calls, median of ${ROUNDS} rounds\n${''.padEnd(26)} ${'seq/s'.padStart(10)} ${'16 in flight/s'.padStart(12)}\n`);
process.stdout.write(`${row('untraced', plain)}\n${row('through go-netrpc trace', traced)}\n`);
const ratio = (k: 'seqPerSec' | 'par16PerSec'): string => `${((1 - median(traced.map((r) => r[k])) / median(plain.map((r) => r[k]))) * 100).toFixed(0)} %`;
process.stdout.write(`cost of the trace: ${ratio('seqPerSec')} sequential, ${ratio('par16PerSec')} with 16 in flight (target ≤ 20 %)\n`);
