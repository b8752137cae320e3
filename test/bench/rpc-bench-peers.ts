/**
 * The processes of `npm run bench:rpc` (rpc.bench.ts): the Arith service both sides serve, the
 * child-process TS and echo servers, the Go server (go-testbed `rpcpeer serve`), and the CPU time
 * of a process read from /proc (all its threads), which the bench reports per call.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as gob from '../../src/gob/index.js';
import { Server } from '../../src/rpc/server.js';
import { defineService } from '../../src/rpc/service.js';

export const goPeer = fileURLToPath(new URL('../../go-testbed/bin/rpcpeer', import.meta.url));

export const Args = gob.struct('Args', { A: gob.int, B: gob.int });
export const Reply = gob.struct('Reply', { C: gob.int });
export const Arith = defineService('Arith', { Add: { args: Args, reply: Reply } }, { Add: (a) => ({ C: a.A + a.B }) });

/** Body of the `--serve ts|echo` child: listens on loopback, prints `{"addr"}`, exits on stdin EOF. */
export function serveChild(kind: string): void {
  const rpc = new Server();
  rpc.register(Arith);
  const server = createServer({ noDelay: true }, (sock) => {
    sock.on('error', () => undefined);
    if (kind === 'echo') sock.pipe(sock);
    else void rpc.serveConn(sock);
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ addr: `127.0.0.1:${(server.address() as { port: number }).port}` })}\n`);
  });
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

export interface Peer {
  addr: string;
  port: number;
  /** CPU time the server process has used so far, all threads, in µs (undefined off Linux). */
  cpuUs(): number | undefined;
  stop(): void;
}

/** CPU time of process `pid` in µs: the sum of its threads' schedstat run times (Linux). */
export function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1000;
  } catch {
    return undefined;
  }
}

/** Starts a server process that prints `{"addr": …}` on its first stdout line. */
async function startPeer(cmd: string, args: string[]): Promise<Peer> {
  const proc: ChildProcess = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).once('line', resolve);
    proc.once('exit', (c) => reject(new Error(`${cmd} exited ${c}`)));
  });
  const addr = (JSON.parse(line) as { addr: string }).addr;
  return { addr, port: Number(addr.slice(addr.lastIndexOf(':') + 1)), cpuUs: () => processCpuUs(proc.pid), stop: () => proc.stdin?.end() };
}

export const startGoServer = (): Promise<Peer> => startPeer(goPeer, ['serve', '-net', 'tcp', '-addr', '127.0.0.1:0']);

/** A `--serve kind` child of `script` (the bench's entry file), in its own Node process. */
export const startTsChild = (script: string, kind: 'ts' | 'echo'): Promise<Peer> =>
  startPeer(process.execPath, [...process.execArgv, script, '--serve', kind]);

export function goVersion(): string {
  try {
    return execFileSync('go', ['env', 'GOVERSION']).toString().trim();
  } catch {
    return 'go ?';
  }
}
