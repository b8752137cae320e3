/**
 * How the kit reaches the IUT: `--connect HOST:PORT` (the IUT listens; one connection per case),
 * `--listen HOST:PORT` (the IUT dials us, again for every case), or `--exec CMD…` (we listen on
 * an ephemeral port and spawn the IUT with YAMUX_CONFORMANCE_DIAL=HOST:PORT). A connection that
 * waits for a case answers no pings (an answer is a byte, and the IUT dials its next spare
 * connection on the first byte): pending pings are answered when a case takes it, and one whose
 * ping has waited over a second is dropped (the IUT's keepalive will close it).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { ConformanceError } from '../errors.js';
import { dialIut, parseHostPort } from '../net.js';
import { startIut } from '../spawn-iut.js';
import { RawConn } from './raw-conn.js';

export interface Endpoint {
  /** A fresh connection, its clock started. */
  take(timeoutMs: number): Promise<RawConn>;
  /** The IUT's stderr tail (exec only). */
  log(): string;
  close(): Promise<void>;
}

/** The IUT listens at `addr`; each case dials a new connection. */
export function connectEndpoint(addr: string): Endpoint {
  parseHostPort(addr);
  const open = new Set<Socket>();
  return {
    take: async (timeoutMs) => {
      const s = await dialIut(addr, timeoutMs);
      open.add(s);
      s.once('close', () => open.delete(s));
      return new RawConn(s);
    },
    log: () => '',
    close: async () => {
      for (const s of open) s.destroy();
    },
  };
}

/** We listen at `addr`; the IUT dials (and redials for the next case). */
export async function listenEndpoint(addr: string, child?: () => ChildProcess | undefined): Promise<Endpoint & { address: string }> {
  const { host, port } = parseHostPort(addr);
  const server: Server = createServer();
  const waiting: RawConn[] = [];
  const all = new Set<RawConn>();
  let wake: (() => void) | undefined;
  server.on('connection', (s) => {
    const c = new RawConn(s);
    c.answerPings = false;
    all.add(c);
    s.once('close', () => all.delete(c));
    waiting.push(c);
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
        const c = waiting.shift();
        if (c !== undefined && !c.closed && c.frames.every((f) => f.type === 2) && c.oldestUnansweredPingMs() < 1000) {
          c.answerPending();
          c.startClock();
          return c;
        }
        if (c !== undefined) {
          c.destroy();
          continue;
        }
        const exited = child?.()?.exitCode;
        if (exited !== undefined && exited !== null) throw new ConformanceError('IUT_UNAVAILABLE', `the IUT exited with status ${exited}`);
        const left = deadline - performance.now();
        if (left <= 0) throw new ConformanceError('IUT_UNAVAILABLE', `the IUT did not connect to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 250));
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
    close: async () => {
      for (const c of all) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Spawns `argv` with YAMUX_CONFORMANCE_DIAL set to an ephemeral address of ours. */
export async function execEndpoint(argv: readonly string[], env: Record<string, string>): Promise<Endpoint> {
  if (argv[0] === undefined) throw new ConformanceError('USAGE', '--exec needs a command');
  const holder: { child?: ChildProcess } = {};
  const ep = await listenEndpoint('127.0.0.1:0', () => holder.child);
  const { child, log, spawned: started } = startIut(argv, { ...env, YAMUX_CONFORMANCE_DIAL: ep.address }, 'ignore');
  holder.child = child;
  const spawned = await started;
  if (spawned !== undefined) {
    await ep.close();
    throw new ConformanceError('IUT_UNAVAILABLE', `cannot start ${argv[0]}: ${spawned.message}`, { cause: spawned });
  }
  return {
    take: (ms) => ep.take(ms),
    log,
    close: async () => {
      child.kill('SIGKILL');
      await ep.close();
    },
  };
}
