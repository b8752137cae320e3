/**
 * `npm run bench:plugin`: go-plugin netrpc launch-to-first-call and call throughput, TS next to Go
 * in one run.
 *
 * Pairs (all with the go-testbed pluginshared contract, `Plugin.Greet(string) string`):
 *   Go host → Go plugin   (pluginhost -scenario bench -- plugingo)         the baseline
 *   TS host → Go plugin   (PluginClient in this process -- plugingo)
 *   Go host → TS plugin   (pluginhost -scenario bench -- node testbed-plugin.mjs)
 * The TS plugin is bundled once with esbuild so its launch is `node plugin.mjs`, as a user ships it.
 * Launch-to-first-call = spawn → handshake → connect → Dispense → first Greet reply (median of 5).
 * Targets (issue 5): launch ≤ 1.2× Go→Go; calls/s with 16 in flight ≥ Go→Go.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginClient } from '../../src/plugin/index.js';
import { TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (n: string): string => `${root}go-testbed/bin/${n}`;
const CALLS = Number(process.env['PLUGIN_BENCH_CALLS'] ?? 5000);

interface Result {
  launchMs: number;
  seqPerSec: number;
  par16PerSec: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function goHost(pluginCmd: string[]): Result {
  const out = execFileSync(bin('pluginhost'), ['-scenario', 'bench', '-n', String(CALLS), '--', ...pluginCmd], { stdio: ['ignore', 'pipe', 'ignore'] });
  const r = JSON.parse(out.toString()) as Result & { startError?: string };
  if (r.startError !== undefined) throw new Error(r.startError);
  return r;
}

async function tsHost(): Promise<Result> {
  const launches: number[] = [];
  let client: PluginClient | undefined;
  let tb: Awaited<ReturnType<PluginClient['dispense']>> | undefined;
  for (let i = 0; i < 5; i++) {
    await client?.kill();
    const t0 = performance.now();
    client = new PluginClient({ cmd: bin('plugingo'), handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, logLevel: 'off' });
    tb = await client.dispense<(typeof Testbed)['methods']>('testbed');
    await tb['Greet']?.('bench');
    launches.push(performance.now() - t0);
  }
  const greet = (tb as { Greet: (s: string) => Promise<string> }).Greet;
  for (let i = 0; i < 1000; i++) await greet('warm-up'); // JIT warm-up (Go is compiled ahead of time)
  let t0 = performance.now();
  for (let i = 0; i < CALLS; i++) await greet('bench');
  const seqPerSec = CALLS / ((performance.now() - t0) / 1000);
  const per = Math.floor(CALLS / 16);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = 0; i < per; i++) await greet('bench');
    }),
  );
  const par16PerSec = (per * 16) / ((performance.now() - t0) / 1000);
  await client?.kill();
  return { launchMs: median(launches), seqPerSec, par16PerSec };
}

console.log('Building go-testbed plugin peers and bundling the TS plugin…');
execFileSync('go', ['build', '-o', 'bin/', './cmd/plugingo', './cmd/pluginhost'], { cwd: `${root}go-testbed`, stdio: 'inherit' });
const bundle = join(mkdtempSync(join(tmpdir(), 'gonetrpc-bench-')), 'testbed-plugin.mjs');
execFileSync(`${root}node_modules/.bin/esbuild`, [`${root}test/helpers/plugins/testbed-plugin.ts`, '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`, '--log-level=warning'], { stdio: 'inherit' });

const rows: [string, Result][] = [];
rows.push(['Go host → Go plugin', goHost([bin('plugingo')])]);
rows.push(['TS host → Go plugin', await tsHost()]);
rows.push(['Go host → TS plugin', goHost([process.execPath, bundle])]);
rows.push(['Go host → Go plugin (again)', goHost([bin('plugingo')])]);

const base = rows[0]?.[1] as Result;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`\n${CALLS} calls per measurement, Plugin.Greet(string) string\n`);
console.log('| pair | launch→first call ms | ×Go→Go | seq calls/s | ×Go→Go | 16 in flight calls/s | ×Go→Go |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, r] of rows) {
  console.log(
    `| ${name} | ${r.launchMs.toFixed(1)} | ${(r.launchMs / base.launchMs).toFixed(2)}× | ${fmt(r.seqPerSec)} | ${(r.seqPerSec / base.seqPerSec).toFixed(2)}× | ${fmt(r.par16PerSec)} | ${(r.par16PerSec / base.par16PerSec).toFixed(2)}× |`,
  );
}
