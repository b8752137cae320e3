/**
 * npm run bench:yamux — go-netrpc/yamux throughput and memory, one run on loopback, with raw Node
 * TCP, our TS↔TS, TS↔Go (hashicorp/yamux v0.1.2 via go-testbed yamuxpeer) and Go↔Go side by side.
 *
 * Workloads: bulk 256 MiB on 1 stream and on 8 streams (64 KiB writes with backpressure, timed
 * to the receiver's byte count), 64-byte request/response for RR_SECS (default 1.5 s) on 1 and 16 streams, and RSS
 * growth while sending 1 GiB to a slowly reading peer. Servers run in a separate process (a
 * child of this script, or the Go peer); raw TCP uses one connection per "stream".
 * "TS↔TS fixed" is our session with window auto-tuning off (maxAutoTunedWindowSize 0: Go's
 * fixed 256 KiB window), so the auto-tuning deviation is measured against Go's rule in one run.
 * Contenders alternate within each of ROUNDS (default 5) rounds, in rotating order (harness.ts);
 * ratios are per round (median and spread), next to the machine's load average.
 * Knobs: ROUNDS, RR_SECS, BENCH_ONLY=<regex on the case name, "memory">, BENCH_WINDOW=<bytes>.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createClient, createServer as createYamuxServer, type YamuxConfig, type YamuxSession } from '../../src/yamux/index.js';
import { fmtRatio, interleave, LoadMonitor, median, pairedRatio, type RatioSpread } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const goPeer = `${root}go-testbed/bin/yamuxpeer`;
const BULK = 256 << 20;
const CHUNK = 64 << 10;
const RR_SECS = Number(process.env['RR_SECS'] ?? 1.5);
const MEM_BYTES = 1 << 30;
const ROUNDS = Number(process.env['ROUNDS'] ?? 5);
const ONLY = new RegExp(process.env['BENCH_ONLY'] ?? '');
/** Optional maxStreamWindowSize for TS sessions (default: Go's 256 KiB), for experiments. */
const WINDOW = process.env['BENCH_WINDOW'] === undefined ? undefined : Number(process.env['BENCH_WINDOW']);
const AUTO = process.env['BENCH_AUTO'] === undefined ? undefined : Number(process.env['BENCH_AUTO']);
const tsConfig: YamuxConfig = { enableKeepAlive: false, ...(WINDOW === undefined ? {} : { maxStreamWindowSize: WINDOW }), ...(AUTO === undefined ? {} : { maxAutoTunedWindowSize: AUTO }) };
const fixedConfig: YamuxConfig = { ...tsConfig, maxAutoTunedWindowSize: 0 };

// ---------------------------------------------------------------- server side (child process)

type ServeMode = 'count' | 'echo' | 'slow';

function serveStream(s: Duplex, mode: ServeMode): void {
  s.on('error', () => undefined);
  if (mode === 'echo') {
    s.pipe(s);
    return;
  }
  let n = 0;
  const reply = (): void => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    s.end(b);
  };
  if (mode === 'count') {
    s.on('data', (c: Buffer) => (n += c.length));
    s.on('end', reply);
    return;
  }
  // slow: read 256 KiB, then pause 2 ms; the receiver's own RSS growth is reported on stdout
  const base = process.memoryUsage().rss;
  let peak = base;
  let held = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  s.on('end', () => {
    clearInterval(sampler);
    process.stdout.write(`${JSON.stringify({ event: 'rss', growthMiB: (peak - base) / (1 << 20), heldMiB: held / (1 << 20) })}\n`);
    reply();
  });
  const pump = (): void => {
    let got = 0;
    let c: Buffer | null;
    held = Math.max(held, s.readableLength);
    while (got < 256 << 10 && (c = s.read() as Buffer | null) !== null) got += c.length;
    n += got;
    if (!s.readableEnded) setTimeout(() => (s.readableLength > 0 ? pump() : s.once('readable', pump)), 2);
  };
  s.once('readable', pump);
}

function serve(kind: 'raw' | 'yamux' | 'yamux-fixed', mode: ServeMode): void {
  process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (sock) => {
    if (kind === 'raw') return serveStream(sock, mode);
    const session = createYamuxServer(sock, kind === 'yamux-fixed' ? fixedConfig : tsConfig);
    void (async () => {
      for await (const s of session) serveStream(s, mode);
    })();
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    if (a !== null && typeof a !== 'string') process.stdout.write(`${JSON.stringify({ event: 'listening', addr: `127.0.0.1:${a.port}` })}\n`);
  });
}

// ---------------------------------------------------------------- client side

interface Child {
  proc: ChildProcess;
  port: number;
  /** The receiver's RSS growth, once a 'slow' server reports it. */
  rss: Promise<{ growthMiB: number; heldMiB: number }>;
}

function startChild(cmd: string, args: string[]): Promise<Child> {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let gotRss: (r: { growthMiB: number; heldMiB: number }) => void = () => undefined;
  const rss = new Promise<{ growthMiB: number; heldMiB: number }>((r) => (gotRss = r));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (line) => {
      const ev = JSON.parse(line) as { event: string; addr?: string; growthMiB?: number; heldMiB?: number };
      if (ev.event === 'listening') resolve({ proc, port: Number(ev.addr?.split(':').pop()), rss });
      if (ev.event === 'rss') gotRss({ growthMiB: ev.growthMiB ?? NaN, heldMiB: ev.heldMiB ?? NaN });
    });
    proc.once('exit', (code) => reject(new Error(`${cmd} exited ${code}`)));
  });
}

function startNodeServer(kind: 'raw' | 'yamux' | 'yamux-fixed', mode: ServeMode): Promise<Child> {
  return startChild(process.execPath, [...process.execArgv, ...(process.env['BENCH_PROF'] ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir=/tmp/yx/prof'] : []), fileURLToPath(import.meta.url), '--serve', kind, mode]);
}

function startGoServer(mode: 'count' | 'echo'): Promise<Child> {
  return startChild(goPeer, ['-role', 'server', '-listen', 'tcp:127.0.0.1:0', '-mode', mode, '-no-keepalive']);
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ port, host: '127.0.0.1', noDelay: true, allowHalfOpen: true }, () => resolve(s));
    s.once('error', reject);
  });
}

type Opener = () => Promise<Duplex>;

async function openerFor(kind: 'raw' | 'yamux' | 'yamux-fixed', port: number): Promise<{ open: Opener; close: () => Promise<void>; session?: YamuxSession }> {
  if (kind === 'raw') {
    const socks: Socket[] = [];
    return {
      open: async () => {
        const s = await connect(port);
        socks.push(s);
        return s;
      },
      close: async () => {
        for (const s of socks) s.destroy();
      },
    };
  }
  const session = createClient(await connect(port), kind === 'yamux-fixed' ? fixedConfig : tsConfig);
  return { open: () => session.open(), close: () => session.close(), session };
}

async function sendBulk(s: Duplex, bytes: number): Promise<void> {
  const buf = Buffer.alloc(CHUNK, 0x61);
  const reply = new Promise<number>((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (c: Buffer) => parts.push(c));
    s.on('end', () => resolve(Number(Buffer.concat(parts).readBigUInt64BE(0))));
    s.on('error', reject);
  });
  for (let sent = 0; sent < bytes; sent += CHUNK) {
    if (!s.write(buf)) await new Promise((r) => s.once('drain', r));
  }
  s.end();
  const n = await reply;
  if (n !== bytes) throw new Error(`receiver counted ${n} of ${bytes}`);
}

async function bulk(open: Opener, streams: number): Promise<number> {
  const per = BULK / streams;
  const ss = await Promise.all(Array.from({ length: streams }, open));
  const t0 = performance.now();
  await Promise.all(ss.map((s) => sendBulk(s, per)));
  return BULK / (1 << 20) / ((performance.now() - t0) / 1000);
}

async function rr(open: Opener, streams: number): Promise<number> {
  const ss = await Promise.all(Array.from({ length: streams }, open));
  const req = Buffer.alloc(64, 0x62);
  let total = 0;
  const t0 = performance.now();
  const deadline = t0 + RR_SECS * 1000;
  await Promise.all(
    ss.map(
      (s) =>
        new Promise<void>((resolve) => {
          let got = 0;
          s.on('data', (c: Buffer) => {
            got += c.length;
            while (got >= 64) {
              got -= 64;
              total++;
              if (performance.now() < deadline) s.write(req);
              else {
                s.end();
                resolve();
                return;
              }
            }
          });
          s.write(req);
        }),
    ),
  );
  return total / ((performance.now() - t0) / 1000);
}

function goBench(kind: 'bulk' | 'rr', streams: number): number {
  const out = execFileSync(goPeer, ['-mode', 'bench', '-bench', kind, '-streams', String(streams), '-size', String(BULK), '-secs', String(RR_SECS)], {
    encoding: 'utf8',
  });
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { mibPerSec?: number; perSec?: number };
  return (kind === 'bulk' ? r.mibPerSec : r.perSec) ?? NaN;
}

type Impl = 'raw' | 'ts-ts' | 'ts-ts-fixed' | 'ts-go';
const kindOf = (impl: Impl): 'raw' | 'yamux' | 'yamux-fixed' => (impl === 'raw' ? 'raw' : impl === 'ts-ts-fixed' ? 'yamux-fixed' : 'yamux');

async function measure(impl: Impl, work: 'bulk' | 'rr', streams: number): Promise<number> {
  const server = impl === 'ts-go' ? await startGoServer(work === 'bulk' ? 'count' : 'echo') : await startNodeServer(kindOf(impl), work === 'bulk' ? 'count' : 'echo');
  const { open, close } = await openerFor(kindOf(impl), server.port);
  try {
    return work === 'bulk' ? await bulk(open, streams) : await rr(open, streams);
  } finally {
    await close();
    server.proc.kill();
  }
}

async function memory(): Promise<{ growthMiB: number; receiverMiB: number; heldMiB: number; secs: number }> {
  const server = await startNodeServer('yamux', 'slow');
  const { open, close } = await openerFor('yamux', server.port);
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  let receiver = { growthMiB: NaN, heldMiB: NaN };
  try {
    await sendBulk(await open(), MEM_BYTES);
    receiver = await server.rss;
  } finally {
    clearInterval(timer);
    await close();
    server.proc.kill();
  }
  return { growthMiB: (peak - base) / (1 << 20), receiverMiB: receiver.growthMiB, heldMiB: receiver.heldMiB, secs: (performance.now() - t0) / 1000 };
}

interface Row {
  name: string;
  unit: string;
  target: number;
  raw: number;
  vs: Record<'tsTs' | 'tsTsFixed' | 'tsGo' | 'goGo', RatioSpread>;
  med: Record<'tsTs' | 'tsTsFixed' | 'tsGo' | 'goGo', number>;
}

async function main(): Promise<void> {
  // Build (or refresh) the Go peer; a no-op when it is current.
  execFileSync('go', ['build', '-o', 'bin/', './cmd/yamuxpeer'], { cwd: `${root}go-testbed`, stdio: 'inherit' });
  console.log(`yamux bench: Node ${process.version}, ${ROUNDS} rounds, echo ${RR_SECS} s per measurement`);
  const load = new LoadMonitor();
  const rows: Row[] = [];
  const cases = [
    { name: 'bulk 256 MiB, 1 stream', work: 'bulk', streams: 1, unit: 'MiB/s', target: 0.8 },
    { name: 'bulk 256 MiB, 8 streams', work: 'bulk', streams: 8, unit: 'MiB/s', target: 1.0 },
    { name: 'echo 64 B, 1 stream', work: 'rr', streams: 1, unit: 'rt/s', target: 0.95 },
    { name: 'echo 64 B, 16 streams', work: 'rr', streams: 16, unit: 'rt/s', target: 0.85 },
  ] as const;
  for (const c of cases) {
    if (!ONLY.test(c.name)) continue;
    const runs = await interleave(
      ROUNDS,
      {
        raw: () => measure('raw', c.work, c.streams),
        tsTs: () => measure('ts-ts', c.work, c.streams),
        tsTsFixed: () => measure('ts-ts-fixed', c.work, c.streams),
        tsGo: () => measure('ts-go', c.work, c.streams),
        goGo: () => goBench(c.work, c.streams),
      },
      () => load.sample(),
    );
    const keys = ['tsTs', 'tsTsFixed', 'tsGo', 'goGo'] as const;
    const vs = Object.fromEntries(keys.map((k) => [k, pairedRatio(runs[k], runs.raw)])) as Row['vs'];
    const med = Object.fromEntries(keys.map((k) => [k, median(runs[k])])) as Row['med'];
    const row: Row = { name: c.name, unit: c.unit, target: c.target, raw: median(runs.raw), vs, med };
    rows.push(row);
    console.log(
      `${c.name}: raw ${row.raw.toFixed(0)} ${c.unit}; ` +
        keys.map((k) => `${k} ${med[k].toFixed(0)} = ${fmtRatio(vs[k])} raw`).join('; ') +
        `; auto-tuned vs fixed ${fmtRatio(pairedRatio(runs.tsTs, runs.tsTsFixed))}`,
    );
  }
  const mem = ONLY.test('memory') ? await memory() : { growthMiB: NaN, receiverMiB: NaN, heldMiB: NaN, secs: NaN };
  console.log('');
  console.log(load.summary());
  console.log('| workload | unit | raw Node TCP | TS↔TS (ratio to raw, per-round median) | TS↔TS fixed window | TS↔Go | Go↔Go | target TS↔TS |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const f = (k: keyof Row['vs']): string => `${r.med[k].toFixed(0)} (${r.vs[k].median.toFixed(2)}, ${r.vs[k].min.toFixed(2)}–${r.vs[k].max.toFixed(2)})`;
    console.log(`| ${r.name} | ${r.unit} | ${r.raw.toFixed(0)} | ${f('tsTs')} | ${f('tsTsFixed')} | ${f('tsGo')} | ${f('goGo')} | ≥ ${r.target.toFixed(2)} ${r.vs.tsTs.median >= r.target ? 'met' : 'MISSED'} |`);
  }
  console.log(
    `| 1 GiB to a slow reader (TS↔TS) | RSS growth | | sender ${mem.growthMiB.toFixed(1)} MiB (receiver RSS ${mem.receiverMiB.toFixed(1)} MiB; ` +
      `at most ${mem.heldMiB.toFixed(1)} MiB unread in its stream) in ${mem.secs.toFixed(1)} s | | | | sender < 32 MiB ${mem.growthMiB < 32 ? 'met' : 'MISSED'} |`,
  );
}

const serveIdx = process.argv.indexOf('--serve');
if (serveIdx >= 0) serve(process.argv[serveIdx + 1] as 'raw' | 'yamux' | 'yamux-fixed', process.argv[serveIdx + 2] as ServeMode);
else await main();
