/**
 * `npm run bench:trace`: go-plugin netrpc calls/s with and without `go-netrpc trace` in between,
 * side by side (go-testbed's Go host `pluginhost -scenario bench` → Go plugin `plugingo`, the
 * trace writing its transcript to /dev/null). The reference is the relay floor: go-testbed's
 * `relayfloor`, a Go relay that only rewrites the handshake address and copies bytes, i.e. what
 * any extra process hop costs on this machine; the trace's cost is reported next to the floor's
 * and relative to it (traced / relay-floor calls/s). With TRACE_BENCH_CAPTURE=1 two more
 * contenders stream the raw capture to /dev/null, with and without the live transcript
 * (`--no-live`). `trace --child-decoder` decodes in a child process fed through a pipe (the relay
 * process only captures). TRACE_BENCH_B=path/to/other/dist/cli/main.js adds that build's trace as
 * "trace (B)", for A/B runs of a change. Rounds alternate the contenders (rotating order, so they
 * see the same load); ratios are per round (median and min–max) with the load average.
 * Issue 12's target: the trace costs ≤ 20 % of calls/s. Needs `npm run build` and go-testbed/bin
 * (built by the vitest globalSetup, or `cd go-testbed && go build -o bin/ ./cmd/...`).
 */
import { goBin as bin, repoRoot as root } from '../helpers/go-peer.js';
import { pluginhostBench, type PluginhostBenchResult as Result } from '../helpers/pluginhost-bench.js';
import { interleave, LoadMonitor, median, pairedRatio } from './harness.js';

const CALLS = Number(process.env['TRACE_BENCH_CALLS'] ?? 5000);
const ROUNDS = Number(process.env['TRACE_BENCH_ROUNDS'] ?? 5);
const CAPTURE = process.env['TRACE_BENCH_CAPTURE'] === '1';
const B = process.env['TRACE_BENCH_B'];

const trace = (extra: string[], main = `${root}dist/cli/main.js`): string[] => [process.execPath, main, 'trace', '--out', '/dev/null', ...extra, '--', bin('plugingo')];
const TRACED = 'through go-netrpc trace';
const commands: Record<string, string[]> = {
  untraced: [bin('plugingo')],
  'relay floor (Go io.Copy)': [bin('relayfloor'), bin('plugingo')],
  [TRACED]: trace([]),
  'trace --child-decoder': trace(['--child-decoder']),
  ...(CAPTURE ? { 'trace --capture': trace(['--capture', '/dev/null']), 'trace --capture --no-live': trace(['--capture', '/dev/null', '--no-live']) } : {}),
  ...(B === undefined ? {} : { 'trace (B)': trace([], B) }),
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

type Key = 'seqPerSec' | 'par16PerSec';
const W = 28;
const rs = (name: string): Result[] => results[name] ?? [];
const col = (name: string, k: Key): number[] => rs(name).map((r) => r[k]);
const row = (name: string): string => `${name.padEnd(W)} ${median(col(name, 'seqPerSec')).toFixed(0).padStart(10)} ${median(col(name, 'par16PerSec')).toFixed(0).padStart(15)}`;
process.stdout.write(`Go host → Go plugin, ${CALLS} calls, median of ${ROUNDS} interleaved rounds\n${''.padEnd(W)} ${'seq/s'.padStart(10)} ${'16 in flight/s'.padStart(15)}\n`);
for (const name of Object.keys(commands)) process.stdout.write(`${row(name)}\n`);
/** Per-round ratio of `name` to `ref` as a cost `1 − ratio`, `median % (min–max %)`. */
const cost = (name: string, ref: string, k: Key): string => {
  const r = pairedRatio(col(name, k), col(ref, k));
  const pct = (x: number): string => `${((1 - x) * 100).toFixed(0)} %`;
  return `${pct(r.median)} (${pct(r.max)} … ${pct(r.min)})`;
};
const ratio = (name: string, ref: string, k: Key): string => {
  const r = pairedRatio(col(name, k), col(ref, k));
  return `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
};
process.stdout.write(`\ncost vs untraced (per round: median (best … worst)); target for the trace ≤ 20 %\n`);
for (const name of Object.keys(commands).filter((n) => n !== 'untraced')) {
  process.stdout.write(`  ${name.padEnd(W)} ${cost(name, 'untraced', 'seqPerSec')} sequential, ${cost(name, 'untraced', 'par16PerSec')} with 16 in flight\n`);
}
const FLOOR = 'relay floor (Go io.Copy)';
process.stdout.write(`relative to the relay floor (calls/s ÷ floor's, per round: median (min–max))\n`);
for (const name of Object.keys(commands).filter((n) => n !== 'untraced' && n !== FLOOR)) {
  process.stdout.write(`  ${name.padEnd(W)} ${ratio(name, FLOOR, 'seqPerSec')} sequential, ${ratio(name, FLOOR, 'par16PerSec')} with 16 in flight\n`);
}
if (B !== undefined) process.stdout.write(`A/B: ${TRACED} ÷ trace (B): ${ratio(TRACED, 'trace (B)', 'seqPerSec')} sequential, ${ratio(TRACED, 'trace (B)', 'par16PerSec')} with 16 in flight\n`);
process.stdout.write(`${load.summary()}\n`);
