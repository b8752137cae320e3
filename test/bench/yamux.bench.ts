/**
 * npm run bench:yamux — go-netrpc/yamux throughput and memory, one run on loopback, with raw Node
 * TCP, our TS↔TS, TS↔Go (hashicorp/yamux v0.1.2 via go-testbed yamuxpeer) and Go↔Go side by side.
 *
 * Workloads: bulk 256 MiB on 1 stream and on 8 streams (64 KiB writes with backpressure, timed
 * to the receiver's byte count), 64-byte request/response for RR_SECS (default 1.5 s) on 1 and 16 streams, and RSS
 * growth while sending 1 GiB to a slowly reading peer. Servers run in a separate process (a
 * child of this script, or the Go peer); raw TCP uses one connection per "stream". Each
 * throughput figure is the median of ROUNDS (default 5) interleaved rounds.
 * Knobs: ROUNDS, RR_SECS, BENCH_ONLY=<regex on the case name, "memory">, BENCH_WINDOW=<bytes>.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createClient, createServer as createYamuxServer, type YamuxSession } from '../../src/yamux/index.js';

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
const tsConfig = { enableKeepAlive: false, ...(WINDOW === undefined ? {} : { maxStreamWindowSize: WINDOW }) };

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
  // slow: read 256 KiB, then pause 2 ms
  s.on('end', reply);
  const pump = (): void => {
    let got = 0;
    let c: Buffer | null;
    while (got < 256 << 10 && (c = s.read() as Buffer | null) !== null) got += c.length;
    n += got;
    if (!s.readableEnded) setTimeout(() => (s.readableLength > 0 ? pump() : s.once('readable', pump)), 2);
  };
  s.once('readable', pump);
}

function serve(kind: 'raw' | 'yamux', mode: ServeMode): void {
  process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (sock) => {
    if (kind === 'raw') return serveStream(sock, mode);
    const session = createYamuxServer(sock, tsConfig);
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
}

function startChild(cmd: string, args: string[]): Promise<Child> {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (line) => {
      const ev = JSON.parse(line) as { event: string; addr?: string };
      if (ev.event === 'listening') resolve({ proc, port: Number(ev.addr?.split(':').pop()) });
    });
    proc.once('exit', (code) => reject(new Error(`${cmd} exited ${code}`)));
  });
}

function startNodeServer(kind: 'raw' | 'yamux', mode: ServeMode): Promise<Child> {
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

async function openerFor(kind: 'raw' | 'yamux', port: number): Promise<{ open: Opener; close: () => Promise<void>; session?: YamuxSession }> {
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
  const session = createClient(await connect(port), tsConfig);
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

async function measure(impl: 'raw' | 'ts-ts' | 'ts-go', work: 'bulk' | 'rr', streams: number): Promise<number> {
  const server = impl === 'ts-go' ? await startGoServer(work === 'bulk' ? 'count' : 'echo') : await startNodeServer(impl === 'raw' ? 'raw' : 'yamux', work === 'bulk' ? 'count' : 'echo');
  const { open, close } = await openerFor(impl === 'raw' ? 'raw' : 'yamux', server.port);
  try {
    return work === 'bulk' ? await bulk(open, streams) : await rr(open, streams);
  } finally {
    await close();
    server.proc.kill();
  }
}

async function memory(): Promise<{ growthMiB: number; secs: number }> {
  const server = await startNodeServer('yamux', 'slow');
  const { open, close } = await openerFor('yamux', server.port);
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    await sendBulk(await open(), MEM_BYTES);
  } finally {
    clearInterval(timer);
    await close();
    server.proc.kill();
  }
  return { growthMiB: (peak - base) / (1 << 20), secs: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  // Build (or refresh) the Go peer; a no-op when it is current.
  execFileSync('go', ['build', '-o', 'bin/', './cmd/yamuxpeer'], { cwd: `${root}go-testbed`, stdio: 'inherit' });
  console.log(`yamux bench: Node ${process.version}, ${ROUNDS} rounds, echo ${RR_SECS} s per measurement`);
  const rows: { name: string; unit: string; target: number; raw: number; tsTs: number; tsGo: number; goGo: number }[] = [];
  const cases = [
    { name: 'bulk 256 MiB, 1 stream', work: 'bulk', streams: 1, unit: 'MiB/s', target: 0.8 },
    { name: 'bulk 256 MiB, 8 streams', work: 'bulk', streams: 8, unit: 'MiB/s', target: 1.0 },
    { name: 'echo 64 B, 1 stream', work: 'rr', streams: 1, unit: 'rt/s', target: 0.95 },
    { name: 'echo 64 B, 16 streams', work: 'rr', streams: 16, unit: 'rt/s', target: 0.85 },
  ] as const;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  for (const c of cases) {
    if (!ONLY.test(c.name)) continue;
    const runs = { raw: [] as number[], tsTs: [] as number[], tsGo: [] as number[], goGo: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.raw.push(await measure('raw', c.work, c.streams));
      runs.tsTs.push(await measure('ts-ts', c.work, c.streams));
      runs.tsGo.push(await measure('ts-go', c.work, c.streams));
      runs.goGo.push(goBench(c.work, c.streams));
    }
    const raw = median(runs.raw);
    const tsTs = median(runs.tsTs);
    const tsGo = median(runs.tsGo);
    const goGo = median(runs.goGo);
    rows.push({ name: c.name, unit: c.unit, target: c.target, raw, tsTs, tsGo, goGo });
    console.log(`${c.name}: raw ${raw.toFixed(0)} ${c.unit}, TS↔TS ${tsTs.toFixed(0)} (${(tsTs / raw).toFixed(2)}×), TS↔Go ${tsGo.toFixed(0)} (${(tsGo / raw).toFixed(2)}×), Go↔Go ${goGo.toFixed(0)} (${(goGo / raw).toFixed(2)}×)`);
  }
  const mem = ONLY.test('memory') ? await memory() : { growthMiB: NaN, secs: NaN };
  console.log('');
  console.log('| workload | unit | raw Node TCP | TS↔TS (ratio) | TS↔Go (ratio) | Go↔Go (ratio) | target TS↔TS |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const f = (v: number): string => `${v.toFixed(0)} (${(v / r.raw).toFixed(2)})`;
    console.log(`| ${r.name} | ${r.unit} | ${r.raw.toFixed(0)} | ${f(r.tsTs)} | ${f(r.tsGo)} | ${f(r.goGo)} | ≥ ${r.target.toFixed(2)} ${r.tsTs / r.raw >= r.target ? 'met' : 'MISSED'} |`);
  }
  console.log(`| 1 GiB to a slow reader (TS↔TS) | RSS growth | | ${mem.growthMiB.toFixed(1)} MiB in ${mem.secs.toFixed(1)} s | | | < 32 MiB ${mem.growthMiB < 32 ? 'met' : 'MISSED'} |`);
}

const serveIdx = process.argv.indexOf('--serve');
if (serveIdx >= 0) serve(process.argv[serveIdx + 1] as 'raw' | 'yamux', process.argv[serveIdx + 2] as ServeMode);
else await main();
