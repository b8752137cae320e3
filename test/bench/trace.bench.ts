/**
 * `npm run bench:trace`: go-plugin netrpc calls/s with and without `go-netrpc trace` in between,
 * side by side (go-testbed's Go host `pluginhost -scenario bench` → Go plugin `plugingo`, the
 * trace writing its transcript to /dev/null). Rounds alternate plain/traced; medians are printed.
 * Issue 12's target: the trace costs ≤ 20 % of calls/s. Needs `npm run build` and go-testbed/bin
 * (built by the vitest globalSetup, or `cd go-testbed && go build -o bin/ ./cmd/...`).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (n: string): string => `${root}go-testbed/bin/${n}`;
const CALLS = Number(process.env['TRACE_BENCH_CALLS'] ?? 5000);
const ROUNDS = Number(process.env['TRACE_BENCH_ROUNDS'] ?? 3);

interface Result {
  seqPerSec: number;
  par16PerSec: number;
}

function run(plugin: string[]): Result {
  const out = execFileSync(bin('pluginhost'), ['-scenario', 'bench', '-n', String(CALLS), '--', ...plugin], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 300_000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Result;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const plain: Result[] = [];
const traced: Result[] = [];
for (let i = 0; i < ROUNDS; i++) {
  plain.push(run([bin('plugingo')]));
  traced.push(run([process.execPath, `${root}dist/cli/main.js`, 'trace', '--out', '/dev/null', '--', bin('plugingo')]));
}
const row = (name: string, rs: Result[]): string => `${name.padEnd(26)} ${median(rs.map((r) => r.seqPerSec)).toFixed(0).padStart(10)} ${median(rs.map((r) => r.par16PerSec)).toFixed(0).padStart(12)}`;
process.stdout.write(`Go host → Go plugin, ${CALLS} calls, median of ${ROUNDS} rounds\n${''.padEnd(26)} ${'seq/s'.padStart(10)} ${'16 in flight/s'.padStart(12)}\n`);
process.stdout.write(`${row('untraced', plain)}\n${row('through go-netrpc trace', traced)}\n`);
const ratio = (k: keyof Result): string => `${((1 - median(traced.map((r) => r[k])) / median(plain.map((r) => r[k]))) * 100).toFixed(0)} %`;
process.stdout.write(`cost of the trace: ${ratio('seqPerSec')} sequential, ${ratio('par16PerSec')} with 16 in flight (target ≤ 20 %)\n`);
