/**
 * `npm run soak [-- --calls 1000000] [--inflight 8]`: a long run of net/rpc calls through the
 * go-plugin layer, TS host → TS plugin over real processes (PluginClient launches
 * soak-plugin.ts; handshake, yamux, Dispense, `Plugin.Echo` / `Plugin.Add` stubs), with the RSS
 * and open fd counts of both processes sampled along the way (Linux /proc). After a warm-up
 * (the first 20 % of calls) memory must stay flat: the mean RSS of the last third of samples
 * within 10 % of the first third's, and fd counts constant. A small budget runs in `npm test`
 * (test/soak/soak.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PluginClient } from '../../src/plugin/index.js';
import { SOAK_HANDSHAKE, Soak } from './soak-contract.js';

/** Options of {@link soak}. */
export interface SoakOptions {
  readonly calls: number;
  /** Calls in flight at once (each worker awaits its call before the next). Default 8. */
  readonly inflight?: number;
  /** Number of samples over the run. Default 50. */
  readonly samples?: number;
  /** Called with each sample as it is taken (progress output). */
  readonly onSample?: (s: SoakSample) => void;
}

/** One measurement of both processes. */
export interface SoakSample {
  readonly calls: number;
  readonly elapsedMs: number;
  readonly hostRssMiB: number;
  readonly hostFds: number;
  readonly pluginRssMiB: number;
  readonly pluginFds: number;
}

/** How one series behaved after warm-up. */
export interface Flatness {
  /** Mean of the first third of the post-warm-up samples. */
  readonly early: number;
  /** Mean of the last third. */
  readonly late: number;
  /** late / early - 1. */
  readonly growth: number;
  readonly min: number;
  readonly max: number;
}

export interface SoakReport {
  readonly calls: number;
  readonly inflight: number;
  readonly seconds: number;
  readonly callsPerSec: number;
  readonly hostRss: Flatness;
  readonly pluginRss: Flatness;
  readonly hostFds: Flatness;
  readonly pluginFds: Flatness;
  readonly samples: readonly SoakSample[];
}

const root = fileURLToPath(new URL('../../', import.meta.url));

function rssMiB(pid: number | 'self'): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

function fds(pid: number | 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function flatness(xs: readonly number[]): Flatness {
  const third = Math.max(1, Math.floor(xs.length / 3));
  const mean = (a: readonly number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
  const early = mean(xs.slice(0, third));
  const late = mean(xs.slice(-third));
  return { early, late, growth: late / early - 1, min: Math.min(...xs), max: Math.max(...xs) };
}

/** Launches the soak plugin and makes `calls` verified calls; see the file header. */
export async function soak(opts: SoakOptions): Promise<SoakReport> {
  const inflight = opts.inflight ?? 8;
  const every = Math.max(1, Math.floor(opts.calls / (opts.samples ?? 50)));
  const tsx = pathToFileURL(`${root}node_modules/tsx/dist/loader.mjs`).href;
  const client = new PluginClient({
    cmd: process.execPath,
    args: ['--import', tsx, `${root}test/soak/soak-plugin.ts`],
    handshake: SOAK_HANDSHAKE,
    plugins: { soak: Soak },
    logLevel: 'off',
  });
  try {
    const plugin = await client.dispense<(typeof Soak)['methods']>('soak');
    const pid = client.pid as number;
    const gc = (globalThis as { gc?: () => void }).gc;
    const samples: SoakSample[] = [];
    let issued = 0;
    let done = 0;
    const t0 = performance.now();
    const sample = (): void => {
      gc?.();
      const s = { calls: done, elapsedMs: performance.now() - t0, hostRssMiB: rssMiB('self'), hostFds: fds('self'), pluginRssMiB: rssMiB(pid), pluginFds: fds(pid) };
      samples.push(s);
      opts.onSample?.(s);
    };
    sample();
    await Promise.all(
      Array.from({ length: inflight }, async () => {
        while (issued < opts.calls) {
          const i = issued++;
          if (i % 2 === 0) {
            const tag = `call ${i}`;
            const got = await plugin.Echo(tag);
            if (got !== tag) throw new Error(`Echo(${tag}) returned ${got}`);
          } else {
            const got = await plugin.Add({ A: i, B: -7, Tag: 'add' });
            if (got !== i - 7) throw new Error(`Add(${i}, -7) returned ${String(got)}`);
          }
          if (++done % every === 0) sample();
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const warm = samples.filter((s) => s.calls >= opts.calls * 0.2);
    return {
      calls: done,
      inflight,
      seconds,
      callsPerSec: done / seconds,
      hostRss: flatness(warm.map((s) => s.hostRssMiB)),
      pluginRss: flatness(warm.map((s) => s.pluginRssMiB)),
      hostFds: flatness(warm.map((s) => s.hostFds)),
      pluginFds: flatness(warm.map((s) => s.pluginFds)),
      samples,
    };
  } finally {
    await client.kill();
  }
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: number): number => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const calls = arg('--calls', 1_000_000);
  const inflight = arg('--inflight', 8);
  const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`soak: ${calls} calls, ${inflight} in flight, TS host → TS plugin (load average ${load()})`);
  const rep = await soak({
    calls,
    inflight,
    onSample: (s) =>
      console.log(`${String(s.calls).padStart(9)} calls ${(s.elapsedMs / 1000).toFixed(1).padStart(7)} s  host ${s.hostRssMiB.toFixed(1)} MiB ${s.hostFds} fds  plugin ${s.pluginRssMiB.toFixed(1)} MiB ${s.pluginFds} fds`),
  });
  const pct = (f: Flatness): string => `${f.early.toFixed(1)} → ${f.late.toFixed(1)} (${(f.growth * 100).toFixed(1)} %, min ${f.min.toFixed(1)}, max ${f.max.toFixed(1)})`;
  console.log(`${rep.calls} calls in ${rep.seconds.toFixed(1)} s = ${rep.callsPerSec.toFixed(0)} calls/s`);
  console.log(`after warm-up: host RSS MiB ${pct(rep.hostRss)}; plugin RSS MiB ${pct(rep.pluginRss)}`);
  console.log(`fds: host ${rep.hostFds.min}..${rep.hostFds.max}, plugin ${rep.pluginFds.min}..${rep.pluginFds.max}`);
  const flat = Math.abs(rep.hostRss.growth) <= 0.1 && Math.abs(rep.pluginRss.growth) <= 0.1 && rep.hostFds.max === rep.hostFds.min && rep.pluginFds.max === rep.pluginFds.min;
  console.log(flat ? 'FLAT: RSS within 10 % and fd counts constant after warm-up' : 'NOT FLAT');
  console.log(`load average at the end: ${load()}`);
  if (!flat) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
