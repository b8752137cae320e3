/**
 * `npm run bench:msgpack [-- --ms 200 --rounds 5 --cases mixed,request]`: go-netrpc/msgpack
 * encode and decode next to Go's ugorji on the same values, in one run, both dialects: ugorji
 * 1.2.6 (go-testbed/packer-sdk `msgpackbench12`) and the 2015 ugorji pinned by packer v1.6.6
 * (go-testbed/packer-legacy `msgpackbench2015`). Values: test/helpers/msgpack-bench-cases.ts
 * (zoo cases, looked up by name on the Go side); our bytes must equal Go's for each, or the run
 * fails.
 *
 * Both sides measure CPU time per operation inside their own process (Go: getrusage; Node:
 * process.cpuUsage; user + system, garbage collection included), at least `--ms` ms of CPU per
 * measurement: on the shared machine a process waits for a core much of the wall time, and CPU
 * time does not count those waits. Go: a reused encoder/decoder (ResetBytes) as a net/rpc codec
 * uses them, decoding into a zeroed value; ours: `MsgpackEncoder#encode` (a fresh Uint8Array per
 * value) and `decode` (a fresh JS value). Rounds interleave the contenders (harness.ts, order
 * rotating); ratios are Go ns / our ns per round, median (min–max): ≥ 1.00× means at least as
 * fast as Go. The load average sampled during the rounds is printed with the table.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as mp from '../../src/msgpack/index.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { BENCH_CASES, type BenchCase } from '../helpers/msgpack-bench-cases.js';
import { fmtRatio, interleave, LoadMonitor, median, pairedRatio } from './harness.js';

const DIALECTS = [
  { dialect: 'ugorji-1.2', prog: 'msgpackbench12' },
  { dialect: 'ugorji-2015', prog: 'msgpackbench2015' },
] as const;

interface GoResult {
  readonly name: string;
  readonly hex: string;
  readonly encodeNs: number;
  readonly decodeNs: number;
}

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : dflt;
}

function positive(name: string, dflt: number): number {
  const v = Number(arg(name, String(dflt)));
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** CPU ns per call of `op`, over at least `minNs` of CPU time. */
function measure(minNs: number, op: () => unknown): number {
  let n = 0;
  const start = cpuNs();
  let spent = 0;
  while (spent < minNs) {
    for (let i = 0; i < 256; i++) op();
    n += 256;
    spent = cpuNs() - start;
  }
  return spent / n;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function build(): void {
  execFileSync('go', ['build', '-o', '../bin/', './cmd/msgpackbench12'], { cwd: join(repoRoot, 'go-testbed/packer-sdk'), stdio: 'inherit' });
  // build.sh builds the legacy module's programs with the patched 2015 ugorji (see its header).
  execFileSync('sh', ['build.sh'], { cwd: join(repoRoot, 'go-testbed/packer-legacy'), stdio: 'inherit' });
}

async function main(): Promise<void> {
  const ms = positive('ms', 200);
  const rounds = positive('rounds', 5);
  const only = arg('cases', '');
  const cases: readonly BenchCase[] = only === '' ? BENCH_CASES : only.split(',').map((n) => {
    const c = BENCH_CASES.find((x) => x.name === n);
    if (c === undefined) throw new Error(`unknown case ${n}; known: ${BENCH_CASES.map((x) => x.name).join(', ')}`);
    return c;
  });
  build();
  const minNs = ms * 1e6;
  const load = new LoadMonitor();
  /** samples[`${dialect} ${side} ${case} ${op}`] = ns per op, one per round. */
  const samples = new Map<string, number[]>();
  const record = (key: string, ns: number): void => {
    const list = samples.get(key) ?? [];
    list.push(ns);
    samples.set(key, list);
  };
  const contenders: Record<string, () => number> = {};
  for (const { dialect, prog } of DIALECTS) {
    const enc = new mp.MsgpackEncoder({ dialect });
    const goHex = new Map<string, string>();
    contenders[`go ${dialect}`] = () => {
      const out = execFileSync(goBin(prog), ['-cases', cases.map((c) => c.name).join(','), '-ms', String(ms)], { encoding: 'utf8' });
      for (const line of out.trim().split('\n')) {
        const r = JSON.parse(line) as GoResult;
        goHex.set(r.name, r.hex);
        record(`${dialect} go ${r.name} encode`, r.encodeNs);
        record(`${dialect} go ${r.name} decode`, r.decodeNs);
      }
      return 0;
    };
    contenders[`ts ${dialect}`] = () => {
      for (const c of cases) {
        const bytes = enc.encode(c.type, c.value);
        const want = goHex.get(c.name);
        if (want !== undefined && hex(bytes) !== want) throw new Error(`${dialect} ${c.name}: our bytes ${hex(bytes)} differ from Go's ${want}`);
        for (let i = 0; i < 20_000; i++) mp.decode(c.type, enc.encode(c.type, c.value)); // warm-up
        record(`${dialect} ts ${c.name} encode`, measure(minNs, () => enc.encode(c.type, c.value)));
        record(`${dialect} ts ${c.name} decode`, measure(minNs, () => mp.decode(c.type, bytes)));
      }
      return 0;
    };
  }
  await interleave(rounds, contenders, () => load.sample());

  const rows = [['dialect', 'case', 'op', 'ours ns', 'Go ns', 'Go/ours (≥ 1 = as fast as Go)']];
  for (const { dialect } of DIALECTS) {
    for (const c of cases) {
      for (const op of ['encode', 'decode']) {
        const ts = samples.get(`${dialect} ts ${c.name} ${op}`) ?? [];
        const go = samples.get(`${dialect} go ${c.name} ${op}`) ?? [];
        rows.push([dialect, c.name, op, median(ts).toFixed(0), median(go).toFixed(0), fmtRatio(pairedRatio(go, ts))]);
      }
    }
    for (const op of ['encode', 'decode']) {
      // Geometric mean over the cases of the per-case median ratios.
      const logs = cases.map((c) => Math.log(pairedRatio(samples.get(`${dialect} go ${c.name} ${op}`) ?? [], samples.get(`${dialect} ts ${c.name} ${op}`) ?? []).median));
      rows.push([dialect, 'geomean', op, '', '', `${Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length).toFixed(2)}×`]);
    }
  }
  console.log(`msgpack codec vs Go ugorji: CPU ns/op, median of ${rounds} rounds × ≥ ${ms} ms CPU per measurement (Node ${process.version}; ${load.summary()})`);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((cell, j) => cell.padEnd(widths[j]!)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
