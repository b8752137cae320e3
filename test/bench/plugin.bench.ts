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
 *
 * The pairs run in PLUGIN_BENCH_ROUNDS (default 3) interleaved rounds (harness.ts, order rotating);
 * each cell is the median of the rounds, each ratio the median (min–max) of per-round ratios to
 * Go host → Go plugin, printed with the load average sampled during the rounds.
 *
 * Start-up (issue 14.8): spawn → handshake line on stdout for the TS plugin three ways — unbundled,
 * importing the built dist/ through `go-netrpc/plugin` and through `go-netrpc/plugin/serve` (as
 * an npm-installed plugin does), and as one esbuild bundle — and for the Go plugin, next to
 * spawn → exit of a bare `node -e 0` (15 interleaved rounds; wall and CPU time, CPU being what
 * machine load distorts least). Target: TS plugin ≤ bare Node + 30 ms. Builds dist/ first.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPluginEnv, PluginClient } from '../../src/plugin/index.js';
import { goBin as bin, repoRoot as root } from '../helpers/go-peer.js';
import { TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';
import { pluginhostBench, type PluginhostBenchResult as Result } from '../helpers/pluginhost-bench.js';
import { LoadMonitor, fmtRatio, interleave, median, pairedRatio } from './harness.js';

const CALLS = Number(process.env['PLUGIN_BENCH_CALLS'] ?? 5000);
const ROUNDS = Number(process.env['PLUGIN_BENCH_ROUNDS'] ?? 3);

const goHost = (pluginCmd: string[]): Result => pluginhostBench(pluginCmd, CALLS);

async function tsHost(): Promise<Result> {
  const launches: number[] = [];
  let client: PluginClient | undefined;
  let tb: Awaited<ReturnType<PluginClient['dispense']>> | undefined;
  for (let i = 0; i < 5; i++) {
    await client?.kill();
    const t0 = performance.now();
    client = new PluginClient({ cmd: bin('plugingo'), handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, logLevel: 'off' });
    tb = await client.dispense('testbed');
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

interface Startup {
  /** Wall clock, spawn → handshake line (or exit). */
  readonly ms: number;
  /** CPU time (user + system) the process reported at that point (NaN when it does not report). */
  readonly cpuMs: number;
}

/**
 * Spawn → first stdout newline (`untilExit`: → exit). Processes that print `process.cpuUsage()` as
 * JSON on stderr (the TS plugin with TESTBED_REPORT_CPU=1, the bare node line) also give their CPU
 * time, which machine load distorts far less than wall-clock time.
 */
function startup(cmd: string, args: readonly string[], untilExit: boolean): Promise<Startup> {
  const env = { ...createPluginEnv({ handshake: TESTBED_HANDSHAKE, appVersions: [1] }), TESTBED_REPORT_CPU: '1' };
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let ms = Number.NaN;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    const cpu = (): number => {
      const m = /\{"user":(\d+),"system":(\d+)\}/.exec(err);
      return m === null ? Number.NaN : (Number(m[1]) + Number(m[2])) / 1000;
    };
    child.once('close', () => resolve({ ms, cpuMs: cpu() }));
    if (untilExit) {
      child.once('exit', () => (ms = performance.now() - t0));
      return;
    }
    child.stdout.on('data', (d: Buffer) => {
      if (!d.includes(0x0a) || !Number.isNaN(ms)) return;
      ms = performance.now() - t0;
      // Give the plugin a moment to report its CPU time on stderr, then stop it.
      setTimeout(() => child.kill('SIGKILL'), 100);
    });
  });
}

/** Start-up of each command, measured in interleaved rounds so machine load hits all alike. */
async function startupRounds(cmds: Record<string, { cmd: string; args: string[]; untilExit?: boolean }>, rounds = 15): Promise<Record<string, Startup[]>> {
  const out: Record<string, Startup[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [k, c] of Object.entries(cmds)) out[k]?.push(await startup(c.cmd, c.args, c.untilExit === true));
  }
  return out;
}

console.log('Building go-testbed plugin peers and bundling the TS plugin…');
execFileSync('go', ['build', '-o', 'bin/', './cmd/plugingo', './cmd/pluginhost'], { cwd: `${root}go-testbed`, stdio: 'inherit' });
const benchDir = mkdtempSync(join(tmpdir(), 'gonetrpc-bench-'));
const bundle = join(benchDir, 'testbed-plugin.mjs');
execFileSync(`${root}node_modules/.bin/esbuild`, [`${root}test/helpers/plugins/testbed-plugin.ts`, '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`, '--log-level=warning'], { stdio: 'inherit' });
console.log('Building dist/ for the unbundled TS plugin…');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

/**
 * The TS plugin as an npm-installed plugin runs it: its own code in one file, go-netrpc imported
 * from the built dist/ through the package's subpaths (`pluginEntry` for the plugin layer).
 */
async function unbundled(name: string, pluginEntry: string): Promise<string> {
  const toDist: Plugin = {
    name: 'src-to-dist-subpaths',
    setup(b) {
      // The contract's `import * as gob from 'src/gob/types.js'` uses `iface_`, which go-netrpc/gob
      // exports as `interface`: a one-line shim over the subpath stands in for that file.
      b.onResolve({ filter: /\/src\/gob\/types\.js$/ }, () => ({ path: 'gob-types', namespace: 'shim' }));
      b.onLoad({ filter: /^gob-types$/, namespace: 'shim' }, () => ({
        contents: `export * from '${root}dist/gob/index.js';\nexport { interface as iface_ } from '${root}dist/gob/index.js';\n`,
        resolveDir: root,
      }));
      b.onResolve({ filter: /(^|\/)(src|dist)\/(gob|rpc|plugin)\/[\w-]+\.js$/ }, (a) => {
        const layer = /\/(?:src|dist)\/(\w+)\/[\w-]+\.js$/.exec(a.path)?.[1] ?? '';
        return { path: `${root}dist/${layer === 'plugin' ? pluginEntry : `${layer}/index.js`}`, external: true };
      });
    },
  };
  const outfile = join(benchDir, `${name}.mjs`);
  await build({ entryPoints: [`${root}test/helpers/plugins/testbed-plugin.ts`], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning', plugins: [toDist] });
  return outfile;
}
const viaPlugin = await unbundled('via-plugin', 'plugin/index.js');
const viaServe = await unbundled('via-plugin-serve', 'plugin/serve-entry.js');

const load = new LoadMonitor();
const su = await startupRounds({
  bare: { cmd: process.execPath, args: ['-e', 'process.stderr.write(JSON.stringify(process.cpuUsage()))'], untilExit: true },
  viaPlugin: { cmd: process.execPath, args: [viaPlugin] },
  viaServe: { cmd: process.execPath, args: [viaServe] },
  ts: { cmd: process.execPath, args: [bundle] },
  go: { cmd: bin('plugingo'), args: [] },
});
const bareRuns = su['bare'] ?? [];
const col = (k: string, f: (s: Startup) => number): number[] => (su[k] ?? []).map(f);
const delta = (k: string, f: (s: Startup) => number): string => {
  const d = median(col(k, f).map((x, i) => x - f(bareRuns[i] as Startup)));
  return Number.isNaN(d) ? '–' : `${d >= 0 ? '+' : ''}${d.toFixed(1)}`;
};
const num = (n: number): string => (Number.isNaN(n) ? '–' : n.toFixed(1));
console.log(`\nStart-up, spawn → handshake line (median of 15 interleaved rounds; Δ = median of per-round differences; ${load.summary()})\n`);
console.log('| process | wall ms | Δ wall vs bare node | CPU ms | Δ CPU vs bare node |');
console.log('|---|---|---|---|---|');
for (const [k, name] of [
  ['bare', 'bare `node -e 0` (spawn → exit)'],
  ['viaPlugin', 'TS plugin, unbundled: `import … from \'go-netrpc/plugin\'` (dist)'],
  ['viaServe', 'TS plugin, unbundled: `import { serve } from \'go-netrpc/plugin/serve\'` (dist)'],
  ['ts', 'TS plugin (esbuild bundle, `node plugin.mjs`)'],
  ['go', 'Go plugin (plugingo)'],
] as const) {
  console.log(`| ${name} | ${num(median(col(k, (x) => x.ms)))} | ${delta(k, (x) => x.ms)} | ${num(median(col(k, (x) => x.cpuMs)))} | ${delta(k, (x) => x.cpuMs)} |`);
}

const results: Record<string, Result[]> = {};
const record = (name: string, r: Result): number => ((results[name] ??= []).push(r), r.seqPerSec);
const PAIRS = {
  'Go host → Go plugin': async () => record('Go host → Go plugin', goHost([bin('plugingo')])),
  'TS host → Go plugin': async () => record('TS host → Go plugin', await tsHost()),
  'Go host → TS plugin': async () => record('Go host → TS plugin', goHost([process.execPath, bundle])),
};
await interleave(ROUNDS, PAIRS, () => load.sample());

const base = results['Go host → Go plugin'] as Result[];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pick = (rs: Result[], f: (r: Result) => number): number[] => rs.map(f);
console.log(`\n${CALLS} calls per measurement, Plugin.Greet(string) string; median of ${ROUNDS} interleaved rounds, ratio = median (min–max) of per-round ratios; ${load.summary()}\n`);
console.log('| pair | launch→first call ms | ×Go→Go | seq calls/s | ×Go→Go | 16 in flight calls/s | ×Go→Go |');
console.log('|---|---|---|---|---|---|---|');
for (const name of Object.keys(PAIRS)) {
  const rs = results[name] as Result[];
  const cells = (f: (r: Result) => number): string => `${fmt(median(pick(rs, f)))} | ${fmtRatio(pairedRatio(pick(rs, f), pick(base, f))).replace(/, \d+ rounds/, '')}`;
  const launch = (r: Result): number => r.launchMs;
  console.log(
    `| ${name} | ${median(pick(rs, launch)).toFixed(1)} | ${fmtRatio(pairedRatio(pick(rs, launch), pick(base, launch))).replace(/, \d+ rounds/, '')} | ${cells((r) => r.seqPerSec)} | ${cells((r) => r.par16PerSec)} |`,
  );
}
