/**
 * How `conformance rpc` reaches the IUT. Server role: `--connect HOST:PORT`, or `--exec CMD`
 * (started with RPC_CONFORMANCE_LISTEN=127.0.0.1:0; its first stdout line says where it
 * listens); the kit dials a new connection whenever a case asks. Client role: `--listen
 * HOST:PORT`, or `--exec CMD` (started with RPC_CONFORMANCE_DIAL=<our address>); the IUT dials
 * us and cases take its connections in arrival order.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { ConformanceError } from '../errors.js';
import { dialIut, parseHostPort } from '../net.js';
import { startIut } from '../spawn-iut.js';
import { GobWire } from './gob-wire.js';

export interface RpcEndpoint {
  /** A fresh connection to the IUT server (server role) or the next one the IUT client dialed (client role). */
  take(timeoutMs: number): Promise<GobWire>;
  /** The IUT's stderr tail (exec only). */
  log(): string;
  close(): Promise<void>;
}

/** Server role: the IUT listens at `addr`; each take() dials it. */
export function connectEndpoint(addr: string, extra?: { log(): string; close(): Promise<void> }): RpcEndpoint {
  parseHostPort(addr);
  const open = new Set<GobWire>();
  return {
    take: async (timeoutMs) => {
      const w = new GobWire(await dialIut(addr, timeoutMs));
      open.add(w);
      w.socket.once('close', () => open.delete(w));
      return w;
    },
    log: () => extra?.log() ?? '',
    close: async () => {
      for (const w of open) w.destroy();
      await extra?.close();
    },
  };
}

/** Client role: we listen at `addr`; the IUT client dials us. */
export async function listenEndpoint(addr: string, child?: () => ChildProcess | undefined): Promise<RpcEndpoint & { address: string; poke(): void }> {
  const { host, port } = parseHostPort(addr);
  const server: Server = createServer();
  const waiting: GobWire[] = [];
  const all = new Set<GobWire>();
  let wake: (() => void) | undefined;
  server.on('connection', (s) => {
    const w = new GobWire(s);
    all.add(w);
    s.once('close', () => all.delete(w));
    waiting.push(w);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ConformanceError('IUT_UNAVAILABLE', `cannot listen on ${addr}: ${err.message}`, { cause: err })));
    server.listen(port, host, resolve);
  });
  const a = server.address();
  const address = typeof a === 'object' && a !== null ? `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}` : addr;
  return {
    address,
    async take(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const w = waiting.shift();
        if (w !== undefined) {
          w.startClock();
          return w;
        }
        const exited = child?.()?.exitCode;
        if (exited !== undefined && exited !== null) throw new ConformanceError('IUT_UNAVAILABLE', `the IUT exited with status ${exited}`);
        const left = deadline - performance.now();
        if (left <= 0) throw new ConformanceError('IUT_UNAVAILABLE', `the IUT did not connect to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          t.unref();
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = undefined;
      }
    },
    log: () => '',
    /** Wakes a waiting take() (the IUT exited). */
    poke: () => wake?.(),
    close: async () => {
      for (const w of all) w.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Server role, `--exec`: starts the IUT server and connects to the address it prints. */
export async function execServerEndpoint(argv: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RpcEndpoint> {
  const { child, log, spawned } = startIut(argv, { ...env, RPC_CONFORMANCE_ROLE: 'server', RPC_CONFORMANCE_LISTEN: '127.0.0.1:0' }, 'pipe');
  const err = await spawned;
  if (err !== undefined) throw new ConformanceError('IUT_UNAVAILABLE', `cannot start ${argv[0]}: ${err.message}`, { cause: err });
  const kill = async (): Promise<void> => {
    child.kill('SIGKILL');
  };
  const addr = await new Promise<string | undefined>((resolve) => {
    let out = '';
    const t = setTimeout(() => resolve(undefined), timeoutMs);
    t.unref();
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /^listening (\S+)\r?\n/.exec(out);
      if (m !== null) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.once('exit', () => resolve(undefined));
  });
  child.stdout?.resume();
  if (addr === undefined) {
    await kill();
    throw new ConformanceError('IUT_UNAVAILABLE', `the IUT did not print "listening HOST:PORT" within ${timeoutMs} ms${log() === '' ? '' : `; stderr: ${log().trim()}`}`);
  }
  return connectEndpoint(addr, { log, close: kill });
}

/** Client role, `--exec`: listens on an ephemeral port and starts the IUT client towards it. */
export async function execClientEndpoint(argv: readonly string[], env: Record<string, string> = {}): Promise<RpcEndpoint> {
  const holder: { child?: ChildProcess } = {};
  const ep = await listenEndpoint('127.0.0.1:0', () => holder.child);
  const { child, log, spawned } = startIut(argv, { ...env, RPC_CONFORMANCE_ROLE: 'client', RPC_CONFORMANCE_DIAL: ep.address }, 'ignore');
  holder.child = child;
  child.once('exit', () => ep.poke());
  const err = await spawned;
  if (err !== undefined) {
    await ep.close();
    throw new ConformanceError('IUT_UNAVAILABLE', `cannot start ${argv[0]}: ${err.message}`, { cause: err });
  }
  return {
    take: (ms) => ep.take(ms),
    log,
    close: async () => {
      await ep.close();
      // A client told to stop (its next dial refused) exits by itself; give it a moment.
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 2000);
        t.unref();
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
