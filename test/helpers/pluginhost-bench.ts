/**
 * One measurement of go-testbed's Go host (`pluginhost -scenario bench`, go-testbed/cmd/pluginhost)
 * against a plugin command: launches, then Greet calls sequentially and 16 in flight. Shared by
 * test/bench/plugin.bench.ts and test/bench/trace.bench.ts.
 */
import { execFileSync } from 'node:child_process';
import { goBin } from './go-peer.js';

/** What `pluginhost -scenario bench` prints (its last stdout line, JSON). */
export interface PluginhostBenchResult {
  /** Median time of 5 launches, start → first call answered. */
  readonly launchMs: number;
  readonly seqPerSec: number;
  readonly par16PerSec: number;
}

/** Runs the Go host with `calls` calls against `pluginCmd` (argv); throws when the plugin did not start. */
export function pluginhostBench(pluginCmd: readonly string[], calls: number): PluginhostBenchResult {
  const out = execFileSync(goBin('pluginhost'), ['-scenario', 'bench', '-n', String(calls), '--', ...pluginCmd], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 300_000,
  });
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as PluginhostBenchResult & { startError?: string };
  if (r.startError !== undefined) throw new Error(`pluginhost -scenario bench: ${r.startError}`);
  return r;
}
