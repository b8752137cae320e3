/**
 * The sequential cells of `npm run bench:rpc` in fine-grained alternation: every contender (the
 * four client/server pairs, a raw Node TCP echo, and a Node client writing canned request bytes
 * to the Go server) keeps its connection open and runs one slice of SLICE_MS of back-to-back
 * calls per round, in an order shuffled every round (harness.ts alternateSlices), for hundreds of
 * rounds. Both sides of every ratio thus see the same load to within a few tens of milliseconds,
 * and the ratios are taken from per-pair totals, with the spread of per-block ratios beside them.
 * The Go client runs as `rpcpeer slices` (go-testbed/cmd/rpcpeer/slices.go), one slice per stdin
 * command. Each slice also records the client's and the server's CPU time (all threads).
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

/** A contender: runs one slice of about `ms` milliseconds; `close` ends its connection/process. */
export interface Slicer {
  slice(ms: number): Promise<SeqSlice>;
  close(): Promise<void>;
}

const delta = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : b - a);
const cpuNowUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Go's net/rpc client in an `rpcpeer slices` process, against `server`. */
export async function goSlicer(server: Peer): Promise<Slicer> {
  const proc = spawn(goPeer, ['slices', '-addr', server.addr, '-inflight', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<never>((_, reject) => proc.once('exit', (c) => reject(new Error(`rpcpeer slices exited ${c}`))));
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
      if (r.errors !== 0) throw new Error(`rpcpeer slices: ${r.errors} errors`);
      return { calls: r.calls, us: r.ns / 1000, clientCpuUs: delta(c0, processCpuUs(proc.pid)), serverCpuUs: delta(s0, server.cpuUs()) };
    },
    async close() {
      proc.stdin.end();
      await exited.catch(() => undefined);
    },
  };
}

/** Our TS client against `server`: awaited Arith.Add calls back to back. */
export async function tsSlicer(server: Peer): Promise<Slicer> {
  const client = await dial({ host: '127.0.0.1', port: server.port });
  const add = client.service(Arith).Add;
  for (let i = 0; i < 200; i++) await add({ A: i, B: i }); // warm-up: type definitions, JIT
  const args = { A: 1, B: 1 };
  return {
    async slice(ms) {
      const s0 = server.cpuUs();
      const c0 = cpuNowUs();
      const start = performance.now();
      const deadline = start + ms;
      let calls = 0;
      do {
        const r = await add(args);
        if (r.C !== 2) throw new Error('wrong reply');
        calls++;
      } while (performance.now() < deadline);
      const us = (performance.now() - start) * 1000;
      return { calls, us, clientCpuUs: cpuNowUs() - c0, serverCpuUs: delta(s0, server.cpuUs()) };
    },
    close: () => client.close(),
  };
}

/** Round trips of `message` on a socket to `server`, each complete when `replyBytes` came back. */
async function rawSlicer(server: Peer, setup: (sock: Socket) => Promise<{ message: Buffer; replyBytes: number }>): Promise<Slicer> {
  const sock: Socket = createConnection({ host: '127.0.0.1', port: server.port, noDelay: true });
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
  for (let i = 0; i < 500; i++) await once();
  return {
    async slice(ms) {
      const s0 = server.cpuUs();
      const c0 = cpuNowUs();
      const start = performance.now();
      const deadline = start + ms;
      let calls = 0;
      do {
        await once();
        calls++;
      } while (performance.now() < deadline);
      const us = (performance.now() - start) * 1000;
      return { calls, us, clientCpuUs: cpuNowUs() - c0, serverCpuUs: delta(s0, server.cpuUs()) };
    },
    close: async () => void sock.destroy(),
  };
}

/** Raw Node TCP echo of a message the size of one Arith.Add request (the latency floor). */
export const echoSlicer = (server: Peer): Promise<Slicer> => rawSlicer(server, async () => ({ message: Buffer.alloc(32, 7), replyBytes: 32 }));

/**
 * A minimal Node client for the Go server: the same request bytes every time (Seq 1 after the
 * first), counting reply bytes, no decoding: the floor of any Node client against a Go server.
 */
export const cannedSlicer = (server: Peer): Promise<Slicer> =>
  rawSlicer(server, async (sock) => {
    const enc = new gob.Encoder();
    const request = (seq: number): Buffer =>
      Buffer.concat([enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode({ A: 1, B: 2 }, Args)]);
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
  });
