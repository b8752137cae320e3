/**
 * npm run bench:rpc — go-netrpc/rpc call rate and latency on loopback TCP, one run, with our
 * TS client/server and Go's net/rpc (go-testbed rpcpeer) side by side:
 *   Go ↔ Go, TS client → Go server, Go client → TS server, TS ↔ TS,
 * each sequential (1 call in flight) and with 16 and 64 calls in flight, calling
 * `Arith.Add(Args{A, B int}) → Reply{C int}` (like Go's BenchmarkEndToEnd), plus the round-trip
 * time of a raw Node TCP echo of a similar-sized message for the latency target, and a minimal
 * Node client sending canned request bytes to the Go server (the floor of any Node client).
 *
 * Sequential cells (rpc-sequential.ts) run in fine-grained alternation: SLICES rounds (default
 * 300), each running every contender (a client process and a server process) for one slice of
 * SLICE_MS (default 25) ms, the order shuffled per round, so both sides of a ratio see the same load; cells are totals over all slices, ratios
 * are ratios of totals with the median (min–max) of per-block ratios (BLOCKS blocks of
 * consecutive rounds) beside them. In-flight cells are the best of ROUNDS (default 3) rounds of MS
 * (default 1000) ms, the pairs interleaved round by round, ratios round by round. CPU time per
 * call is reported for both ends (/proc/<pid>/task/N/schedstat of the client and server processes,
 * all threads): load distorts it far less than wall time. Every server and every client runs in
 * its own process. Targets (issues 4, 16.1): with calls in flight, TS client → Go server ≥ 1.2×
 * Go ↔ Go; sequential TS ↔ TS ≤ 1.3× the raw echo, sequential TS client → Go server ≤ 1.0× Go ↔ Go.
 *
 * Environment: RPC_BENCH_SLICES, RPC_BENCH_SLICE_MS, RPC_BENCH_BLOCKS, RPC_BENCH_ROUNDS,
 * RPC_BENCH_MS, RPC_BENCH_INFLIGHT (comma-separated, default "16,64"; empty: sequential only),
 * RPC_BENCH_RESPAWN=1 (start every sequential process afresh for each block; see sequential()),
 * RPC_BENCH_DUMP (a file to write every sequential slice to, as JSON, for a closer look),
 * RPC_BENCH_BASELINE (this bench file in another checkout, e.g. the commit before a change: its
 * TS client and server join the sequential alternation as "TS ↔ TS @baseline" and "TS client →
 * Go server @baseline", so a before/after comparison sees the same load).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dial } from '../../src/rpc/connect.js';
import { blockRatio, fmtBlockRatio, fmtRatio, interleave, LoadMonitor, pairedRatio, alternateSlices, type Tally } from './harness.js';
import { goPeer, Arith, goVersion, serveChild, startGoServer, startTsChild, type Peer } from './rpc-bench-peers.js';
import { goSlicer, nodeSlicer, runSliceClient, type SeqSlice, type Slicer } from './rpc-sequential.js';
import { spawn } from 'node:child_process';

const env = (name: string, dflt: number): number => Number(process.env[name] ?? dflt);
const MS = env('RPC_BENCH_MS', 1000);
const ROUNDS = env('RPC_BENCH_ROUNDS', 3);
const SLICES = env('RPC_BENCH_SLICES', 300);
const SLICE_MS = env('RPC_BENCH_SLICE_MS', 25);
const BLOCKS = env('RPC_BENCH_BLOCKS', 10);
const RESPAWN = process.env['RPC_BENCH_RESPAWN'] === '1';
const INFLIGHT = (process.env['RPC_BENCH_INFLIGHT'] ?? '16,64').split(',').filter((s) => s.trim() !== '').map(Number);

const GOGO = 'Go ↔ Go';
const TSGO = 'TS client → Go server';
const GOTS = 'Go client → TS server';
const TSTS = 'TS ↔ TS';
const ECHO = 'raw Node TCP echo (32 B)';
const RAWGO = 'raw Node client (canned bytes) → Go server';
const PAIRS = [GOGO, TSGO, GOTS, TSTS];
const BASELINE = process.env['RPC_BENCH_BASELINE'] ?? '';
const TSTS_BASE = `${TSTS} @baseline`;
const TSGO_BASE = `${TSGO} @baseline`;

// ------------------------------------------------------------------ in-flight cells

interface Rate {
  callsPerSec: number;
  meanUs: number;
}

/** Go client (rpcpeer bench) with `inflight` calls in flight against `server`, for MS. */
function goClient(server: Peer, inflight: number): Promise<Rate> {
  return new Promise((resolve, reject) => {
    const proc = spawn(goPeer, ['bench', '-addr', server.addr, '-inflight', String(inflight), '-ms', String(MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`rpcpeer bench exited ${code}`));
      const r = JSON.parse(out) as Rate & { errors: number };
      if (r.errors !== 0) return reject(new Error(`rpcpeer bench: ${r.errors} errors`));
      resolve(r);
    });
  });
}

/** TS client against `server`: `inflight` workers, each making awaited calls back to back, for MS. */
async function tsClient(server: Peer, inflight: number): Promise<Rate> {
  const client = await dial({ host: '127.0.0.1', port: server.port });
  const add = client.service(Arith).Add;
  for (let i = 0; i < 200; i++) await add({ A: i, B: i }); // warm-up: type definitions, JIT
  let calls = 0;
  const start = performance.now();
  const deadline = start + MS;
  await Promise.all(
    Array.from({ length: inflight }, async (_, g) => {
      const args = { A: g, B: 1 };
      while (performance.now() < deadline) {
        const r = await add(args);
        if (r.C !== g + 1) throw new Error('wrong reply');
        calls++;
      }
    }),
  );
  const secs = (performance.now() - start) / 1000;
  await client.close();
  return { callsPerSec: calls / secs, meanUs: (secs * 1e6 * inflight) / calls };
}

// ------------------------------------------------------------------ main

/** Every server and client of the sequential cells, started afresh (see {@link sequential}). */
async function startContenders(): Promise<{ slicers: Record<string, Slicer>; stop(): Promise<void> }> {
  const script = fileURLToPath(import.meta.url);
  const servers: Peer[] = [];
  const slicers: Record<string, Slicer> = {};
  const stop = async (): Promise<void> => {
    for (const s of Object.values(slicers)) await s.close();
    for (const p of servers) p.stop();
  };
  try {
    const start = async (p: Promise<Peer>): Promise<Peer> => {
      const peer = await p;
      servers.push(peer);
      return peer;
    };
    // Started side by side: on a loaded machine each Node start-up takes seconds.
    const [go, ts, tsForGo, echo, tsBase] = await Promise.all([
      start(startGoServer()),
      start(startTsChild(script, 'ts')),
      start(startTsChild(script, 'ts')),
      start(startTsChild(script, 'echo')),
      BASELINE === '' ? undefined : start(startTsChild(BASELINE, 'ts')),
    ]);
    const clients: [string, Promise<Slicer>][] = [
      [GOGO, goSlicer(go)],
      [TSGO, nodeSlicer(script, 'ts', go)],
      [GOTS, goSlicer(tsForGo)],
      [TSTS, nodeSlicer(script, 'ts', ts)],
      [ECHO, nodeSlicer(script, 'echo', echo)],
      [RAWGO, nodeSlicer(script, 'canned', go)],
    ];
    if (tsBase !== undefined) clients.push([TSTS_BASE, nodeSlicer(BASELINE, 'ts', tsBase)], [TSGO_BASE, nodeSlicer(BASELINE, 'ts', go)]);
    const settled = await Promise.allSettled(clients.map(([, p]) => p));
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') slicers[(clients[i] as [string, Promise<Slicer>])[0]] = r.value;
    });
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  } catch (err) {
    await stop();
    throw err;
  }
  return { slicers, stop };
}

/**
 * The sequential cells: SLICES rounds, in BLOCKS blocks; with RPC_BENCH_RESPAWN=1 every process
 * is started afresh for each block (slow on a loaded machine: Node start-ups take seconds). Each Node server serves one contender only (a server that also served another
 * contender would run more often, and a busier process waits longer for a core when woken); the
 * Go server serves the four contenders that are compared with each other against it. Two process pairs running the very same code differ under heavy load (up to
 * 1.5× in one 75 s run with CPU burners): which cores and scheduling history a process gets
 * sticks to it. Fresh processes per block turn that into spread between blocks instead of a bias.
 */
async function sequential(seqLoad: LoadMonitor): Promise<Record<string, SeqSlice[]>> {
  const seq: Record<string, SeqSlice[]> = {};
  const perBlock = Math.max(1, Math.round(SLICES / BLOCKS));
  const generations = RESPAWN ? BLOCKS : 1;
  const perGeneration = RESPAWN ? perBlock : SLICES;
  for (let b = 0; b < generations; b++) {
    const { slicers, stop } = await startContenders();
    try {
      const contenders = Object.fromEntries(Object.entries(slicers).map(([k, s]) => [k, () => s.slice(SLICE_MS)]));
      // Two rounds more than recorded: the first two (JIT tiers still compiling) are dropped.
      const got = await alternateSlices(perGeneration + 2, contenders, (r) => r % 30 === 29 && seqLoad.sample(), 0x1601 + b);
      for (const [k, xs] of Object.entries(got)) (seq[k] ??= []).push(...xs.slice(2));
    } finally {
      await stop();
    }
    seqLoad.sample();
  }
  return seq;
}

async function main(): Promise<void> {
  const seqLoad = new LoadMonitor();
  const seq = await sequential(seqLoad);
  const dump = process.env['RPC_BENCH_DUMP'];
  if (dump !== undefined && dump !== '') writeFileSync(dump, JSON.stringify(seq));
  const load = new LoadMonitor();
  const inflight: Record<string, Record<number, Rate[]>> = {};
  if (INFLIGHT.length > 0) {
    const script = fileURLToPath(import.meta.url);
    const go = await startGoServer();
    const ts = await startTsChild(script, 'ts');
    try {
      const pairs: Record<string, (n: number) => Promise<Rate>> = {
        [GOGO]: (n) => goClient(go, n),
        [TSGO]: (n) => tsClient(go, n),
        [GOTS]: (n) => goClient(ts, n),
        [TSTS]: (n) => tsClient(ts, n),
      };
      for (const n of INFLIGHT) {
        const contenders = Object.fromEntries(
          PAIRS.map((name) => [
            name,
            async () => {
              const r = await (pairs[name] as (n: number) => Promise<Rate>)(n);
              ((inflight[name] ??= {})[n] ??= []).push(r);
              return r.callsPerSec;
            },
          ]),
        );
        await interleave(ROUNDS, contenders, () => load.sample());
      }
    } finally {
      go.stop();
      ts.stop();
    }
  }
  report(seq, seqLoad, inflight, load);
}

const sum = (xs: SeqSlice[], pick: (s: SeqSlice) => number | undefined): number | undefined =>
  xs.reduce<number | undefined>((a, s) => (a === undefined || pick(s) === undefined ? undefined : a + (pick(s) as number)), 0);
const tallies = (xs: SeqSlice[], pick: (s: SeqSlice) => number | undefined): Tally[] | undefined =>
  xs.every((s) => pick(s) !== undefined) ? xs.map((s) => ({ count: s.calls, cost: pick(s) as number })) : undefined;
const bothEnds = (s: SeqSlice): number | undefined => (s.clientCpuUs === undefined || s.serverCpuUs === undefined ? undefined : s.clientCpuUs + s.serverCpuUs);

function report(seq: Record<string, SeqSlice[]>, seqLoad: LoadMonitor, inflight: Record<string, Record<number, Rate[]>>, load: LoadMonitor): void {
  const calls = (name: string): number => sum(seq[name] ?? [], (s) => s.calls) as number;
  const perCall = (name: string, pick: (s: SeqSlice) => number | undefined): string => {
    const t = sum(seq[name] ?? [], pick);
    return t === undefined ? '?' : (t / calls(name)).toFixed(1);
  };
  const seqCell = (name: string): string => {
    const us = sum(seq[name] ?? [], (s) => s.us) as number;
    return `${Math.round((calls(name) * 1e6) / us).toLocaleString('en-US')} /s (${(us / calls(name)).toFixed(1)} µs; CPU client ${perCall(name, (s) => s.clientCpuUs)}, server ${perCall(name, (s) => s.serverCpuUs)} µs)`;
  };
  const best = (name: string, n: number): string => {
    const rs = inflight[name]?.[n] ?? [];
    if (rs.length === 0) return '-';
    const b = rs.reduce((a, r) => (r.callsPerSec > a.callsPerSec ? r : a));
    return `${Math.round(b.callsPerSec).toLocaleString('en-US')} /s (${b.meanUs.toFixed(1)} µs)`;
  };
  console.log(`rpc bench: Arith.Add calls on loopback TCP, Node ${process.version}, ${goVersion()}`);
  console.log(`sequential: totals over ${SLICES} rounds of ${SLICE_MS} ms slices per contender, order shuffled per round, ${RESPAWN ? `all processes started afresh for each of ${BLOCKS} blocks` : 'one process per client and server'}, ${seqLoad.summary()}`);
  console.log(`in flight: best of ${ROUNDS} interleaved rounds of ${MS} ms, ${load.summary()}`);
  const row = (cells: string[]): void => console.log(`| ${cells.join(' | ')} |`);
  row(['pair', 'sequential', ...INFLIGHT.map((n) => `${n} in flight`)]);
  row(['---', '---', ...INFLIGHT.map(() => '---')]);
  for (const name of PAIRS) row([name, seqCell(name), ...INFLIGHT.map((n) => best(name, n))]);
  for (const name of [ECHO, RAWGO, ...(BASELINE === '' ? [] : [TSTS_BASE, TSGO_BASE])]) row([name, seqCell(name), ...INFLIGHT.map(() => '')]);
  console.log('');
  console.log(`Sequential ratios of totals (per-block median and range, ${BLOCKS} blocks of consecutive rounds${RESPAWN ? ', fresh processes each' : ''}):`);
  const ratio = (label: string, a: string, b: string, pick: (s: SeqSlice) => number | undefined, target?: string, met?: (r: number) => boolean): void => {
    const ta = tallies(seq[a] ?? [], pick);
    const tb = tallies(seq[b] ?? [], pick);
    if (ta === undefined || tb === undefined) return;
    const r = blockRatio(ta, tb, BLOCKS);
    console.log(`  ${label}: ${fmtBlockRatio(r)}${target === undefined ? '' : ` (target ${target}) ${met?.(r.total) === true ? 'MET' : 'MISSED'}`}`);
  };
  const lat = (s: SeqSlice): number => s.us;
  ratio(`latency ${TSTS} vs raw echo`, TSTS, ECHO, lat, '≤ 1.3×', (r) => r <= 1.3);
  ratio(`latency ${TSGO} vs ${GOGO}`, TSGO, GOGO, lat, '≤ 1.0×', (r) => r <= 1.0);
  ratio(`latency canned-bytes Node client → Go server vs ${GOGO} (the Node floor)`, RAWGO, GOGO, lat);
  ratio(`latency ${TSGO} vs canned-bytes Node client → Go server`, TSGO, RAWGO, lat);
  ratio(`latency ${TSTS} vs ${GOGO}`, TSTS, GOGO, lat);
  ratio(`latency ${GOTS} vs ${GOGO}`, GOTS, GOGO, lat);
  if (BASELINE !== '') {
    ratio(`latency ${TSTS} vs ${TSTS_BASE}`, TSTS, TSTS_BASE, lat);
    ratio(`latency ${TSGO} vs ${TSGO_BASE}`, TSGO, TSGO_BASE, lat);
  }
  console.log('');
  console.log('CPU µs per sequential call (user + system; Go and server processes: all threads), totals:');
  for (const name of [TSTS, ECHO, TSGO, RAWGO, GOGO, GOTS, ...(BASELINE === '' ? [] : [TSTS_BASE, TSGO_BASE])]) {
    console.log(`  ${name}: client ${perCall(name, (s) => s.clientCpuUs)}, server ${perCall(name, (s) => s.serverCpuUs)}, both ${perCall(name, bothEnds)}`);
  }
  ratio(`CPU both ends, ${TSTS} vs raw echo`, TSTS, ECHO, bothEnds);
  ratio(`CPU both ends, ${TSTS} vs ${GOGO}`, TSTS, GOGO, bothEnds);
  if (BASELINE !== '') {
    ratio(`CPU both ends, ${TSTS} vs ${TSTS_BASE}`, TSTS, TSTS_BASE, bothEnds);
    ratio(`client CPU, ${TSGO} vs ${TSGO_BASE}`, TSGO, TSGO_BASE, (s) => s.clientCpuUs);
  }
  ratio('client CPU, TS client vs canned-bytes Node client (same Go server)', TSGO, RAWGO, (s) => s.clientCpuUs);
  ratio('client CPU, TS client vs Go client (same Go server)', TSGO, GOGO, (s) => s.clientCpuUs);
  ratio('Go server CPU under the TS client vs under the Go client', TSGO, GOGO, (s) => s.serverCpuUs);
  ratio('Go server CPU under the canned-bytes client vs under the Go client', RAWGO, GOGO, (s) => s.serverCpuUs);
  if (INFLIGHT.length === 0) return;
  console.log('');
  console.log(`In flight, ratios round by round, median (min–max) — ${load.summary()}:`);
  const rate = (name: string, n: number): number[] => (inflight[name]?.[n] ?? []).map((r) => r.callsPerSec);
  for (const n of INFLIGHT) {
    const r = pairedRatio(rate(TSGO, n), rate(GOGO, n));
    console.log(`  ${TSGO} vs ${GOGO}, ${n} in flight: ${fmtRatio(r)} (target ≥ 1.2×) ${r.median >= 1.2 ? 'MET' : 'MISSED'}`);
  }
}

const serveIdx = process.argv.indexOf('--serve');
const clientIdx = process.argv.indexOf('--slice-client');
if (serveIdx >= 0) serveChild(process.argv[serveIdx + 1] ?? 'ts');
else if (clientIdx >= 0) {
  runSliceClient(process.argv[clientIdx + 1] ?? 'ts', process.argv[clientIdx + 2] ?? '').catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
