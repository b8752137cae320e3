/**
 * The sequential cells of `npm run bench:rpc` in fine-grained alternation: every contender (the
 * four client/server pairs, a raw Node TCP echo, and a Node client writing canned request bytes
 * to the Go server) keeps its connection open and runs one slice of SLICE_MS of back-to-back
 * calls per round, in an order shuffled every round (harness.ts alternateSlices), for hundreds of
 * rounds. Both sides of every ratio thus see the same load to within a few tens of milliseconds,
 * and the ratios are taken from per-pair totals, with the spread of per-block ratios beside them.
 * Every client runs in a process of its own, like every server, and all of them follow one
 * protocol: one slice per stdin command `ms X`, answered with a JSON line `{calls, ns, errors}`.
 * Go's client is `rpcpeer slices` (go-testbed/cmd/rpcpeer/slices.go); the Node clients are this
 * file's {@link runSliceClient}, in a child of the bench script. So every contender is one client
 * and one server process that sleep outside their slices, and the bench process only waits on a
 * pipe while a slice runs (a Node client inside the bench process would run 4 of 6 contenders and
 * be scheduled differently than the Go client processes). The parent reads the client's and the
 * server's CPU time (all threads, /proc schedstat) around each slice.
 */
import { spawn } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import * as gob from '../../src/gob/index.js';
import { dial } from '../../src/rpc/connect.js';
import { RequestType } from '../../src/rpc/gob-codec.js';
import { Args, Arith, goPeer, processCpuUs, type Peer } from './rpc-bench-peers.js';

/** One slice: `calls` sequential calls in `us` µs of wall time, and the CPU µs each end spent. */
export interface SeqSlice {
  calls: number;
  us: number;
  clientCpuUs: number | undefined;
  serverCpuUs: number | undefined;
}

/** A contender: runs one slice of about `ms` milliseconds; `close` ends its client process. */
export interface Slicer {
  slice(ms: number): Promise<SeqSlice>;
  close(): Promise<void>;
}

/** The Node clients {@link runSliceClient} can be. */
export type NodeClientKind = 'ts' | 'echo' | 'canned';

const delta = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : b - a);

/** Drives a slice client process (`cmd args`) against `server`, reading both processes' CPU time around each slice. */
async function processSlicer(cmd: string, args: string[], server: Peer): Promise<Slicer> {
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<never>((_, reject) => proc.once('exit', (c) => reject(new Error(`slice client ${args.join(' ')} exited ${c}`))));
  exited.catch(() => undefined);
  createInterface({ input: proc.stdout }).on('line', (l) => waiting.shift()?.(l));
  const nextLine = (): Promise<string> => Promise.race([new Promise<string>((r) => waiting.push(r)), exited]);
  await nextLine(); // {"ready":true} after its warm-up
  return {
    async slice(ms) {
      const c0 = processCpuUs(proc.pid);
      const s0 = server.cpuUs();
      const answer = nextLine();
      proc.stdin.write(`ms ${ms}\n`);
      const r = JSON.parse(await answer) as { calls: number; ns: number; errors: number };
      const c1 = processCpuUs(proc.pid);
      const s1 = server.cpuUs();
      if (r.errors !== 0) throw new Error(`slice client ${args.join(' ')}: ${r.errors} errors`);
      return { calls: r.calls, us: r.ns / 1000, clientCpuUs: delta(c0, c1), serverCpuUs: delta(s0, s1) };
    },
    async close() {
      proc.stdin.end();
      await exited.catch(() => undefined);
    },
  };
}

/** Go's net/rpc client (`rpcpeer slices`) against `server`. */
export const goSlicer = (server: Peer): Promise<Slicer> => processSlicer(goPeer, ['slices', '-addr', server.addr, '-inflight', '1'], server);

/** A Node client of `kind` against `server`, in a child running `script --slice-client kind addr` (see {@link runSliceClient}). */
export const nodeSlicer = (script: string, kind: NodeClientKind, server: Peer): Promise<Slicer> =>
  processSlicer(process.execPath, [...process.execArgv, script, '--slice-client', kind, server.addr], server);

/** Runs back-to-back calls for about `ms` milliseconds (at least one). */
type Loop = (ms: number) => Promise<{ calls: number; ns: number }>;

/** Our TS client: awaited Arith.Add calls back to back. */
async function tsLoop(port: number): Promise<Loop> {
  const client = await dial({ host: '127.0.0.1', port });
  const add = client.service(Arith).Add;
  for (let i = 0; i < 1000; i++) await add({ A: i, B: i }); // warm-up: type definitions, JIT
  const args = { A: 1, B: 1 };
  return async (ms) => {
    const start = performance.now();
    const deadline = start + ms;
    let calls = 0;
    do {
      const r = await add(args);
      if (r.C !== 2) throw new Error('wrong reply');
      calls++;
    } while (performance.now() < deadline);
    return { calls, ns: (performance.now() - start) * 1e6 };
  };
}

/** Round trips of `message` on a socket, each complete when `replyBytes` came back. */
async function rawLoop(port: number, setup: (sock: Socket) => Promise<{ message: Buffer; replyBytes: number }>): Promise<Loop> {
  const sock: Socket = createConnection({ host: '127.0.0.1', port, noDelay: true });
  await new Promise((r) => sock.once('connect', r));
  const { message, replyBytes } = await setup(sock);
  let got = 0;
  let pending: (() => void) | undefined;
  sock.on('data', (d: Buffer) => {
    got += d.length;
    if (got >= replyBytes) {
      got -= replyBytes;
      pending?.();
    }
  });
  const once = (): Promise<void> =>
    new Promise((r) => {
      pending = r;
      sock.write(message);
    });
  for (let i = 0; i < 1000; i++) await once(); // warm-up: JIT
  return async (ms) => {
    const start = performance.now();
    const deadline = start + ms;
    let calls = 0;
    do {
      await once();
      calls++;
    } while (performance.now() < deadline);
    return { calls, ns: (performance.now() - start) * 1e6 };
  };
}

/** Raw Node TCP echo of a message the size of one Arith.Add request (the latency floor). */
const echoSetup = async (): Promise<{ message: Buffer; replyBytes: number }> => ({ message: Buffer.alloc(32, 7), replyBytes: 32 });

/**
 * A minimal Node client for the Go server: the same request bytes every time (Seq 1 after the
 * first), counting reply bytes, no decoding: the floor of any Node client against a Go server.
 */
async function cannedSetup(sock: Socket): Promise<{ message: Buffer; replyBytes: number }> {
  const enc = new gob.Encoder();
  const request = (seq: number): Buffer => Buffer.concat([enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode({ A: 1, B: 2 }, Args)]);
  let got = 0;
  const count = (d: Buffer): void => void (got += d.length);
  sock.on('data', count);
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
  sock.write(request(0)); // carries the type definitions
  await settle();
  const message = request(1);
  got = 0;
  sock.write(message);
  await settle();
  sock.off('data', count);
  return { message, replyBytes: got }; // the size of one steady-state reply
}

/** Body of a `--slice-client kind addr` child: one slice per stdin line `ms X`, a JSON line per slice. */
export async function runSliceClient(kind: string, addr: string): Promise<void> {
  const port = Number(addr.slice(addr.lastIndexOf(':') + 1));
  const loop = kind === 'ts' ? await tsLoop(port) : await rawLoop(port, kind === 'echo' ? echoSetup : cannedSetup);
  process.stdout.write('{"ready":true}\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, arg] = line.trim().split(' ');
    const ms = Number(arg);
    if (cmd !== 'ms' || !(ms > 0)) throw new Error(`slice client: bad command ${JSON.stringify(line)}`);
    const r = await loop(ms);
    process.stdout.write(`${JSON.stringify({ calls: r.calls, ns: Math.round(r.ns), errors: 0 })}\n`);
  }
  process.exit(0);
}
