/**
 * The go-netrpc IUT (`go-netrpc conformance yamux-iut`): a go-netrpc/yamux server session (client
 * with `role: 'client'`, YAMUX_CONFORMANCE_ROLE=client) per connection that does the IUT duty of docs (echo every accepted stream until FIN, then FIN;
 * capability `open`: the `OPEN <n> <size>` command; capability `timeouts`: Go's DefaultConfig
 * timeouts times YAMUX_CONFORMANCE_TIME_SCALE). It dials YAMUX_CONFORMANCE_DIAL (keeping one
 * idle connection waiting) or listens on YAMUX_CONFORMANCE_LISTEN. With a fault it is the
 * deliberately broken IUT of the kit's self-test.
 */
import { once } from 'node:events';
import { createConnection, createServer as createNetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createClient, createServer, type YamuxConfig, type YamuxSession, type YamuxStream } from '../../yamux/index.js';
import { ConformanceError } from '../errors.js';
import { type YamuxRole, scaledTimeouts } from './context.js';
import { pattern } from './driver.js';
import { type Fault, faultShim } from './faults.js';

export interface IutOptions {
  readonly dial?: string;
  readonly listen?: string;
  readonly timeScale: number;
  /** The yamux role of the IUT's sessions (default server). */
  readonly role?: YamuxRole;
  readonly fault?: Fault;
  /** Where the listening address is reported (listen mode). */
  readonly log: (line: string) => void;
}

function configFor(o: IutOptions): YamuxConfig {
  const t = scaledTimeouts(o.timeScale);
  return {
    keepAliveIntervalMs: t.keepAliveIntervalMs,
    connectionWriteTimeoutMs: t.connectionWriteTimeoutMs,
    streamOpenTimeoutMs: o.fault === 'no-open-timeout' ? 0 : t.streamOpenTimeoutMs,
    streamCloseTimeoutMs: o.fault === 'no-close-timeout' ? 0 : t.streamCloseTimeoutMs,
    enableKeepAlive: o.fault !== 'no-keepalive',
  };
}

async function writeAll(s: Duplex, chunk: Buffer, backpressure: boolean): Promise<void> {
  if (!s.write(chunk) && backpressure) await once(s, 'drain');
}

/**
 * Opens `n` streams and writes `size` pattern bytes on each (seed = stream id), draining what the
 * kit sends; closes each at once, or with `hold` only after the kit's FIN.
 */
async function openStreams(session: YamuxSession, n: number, size: number, hold: boolean): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async () => {
      const s = await session.open();
      s.on('error', () => undefined);
      s.resume();
      if (!hold) return void s.end(pattern(size, s.id));
      s.write(pattern(size, s.id));
      s.once('end', () => s.end());
    }),
  );
}

async function serveStream(session: YamuxSession, s: YamuxStream, o: IutOptions): Promise<void> {
  s.on('error', () => undefined);
  let head: Buffer | undefined = Buffer.alloc(0);
  try {
    const it = s.iterator({ destroyOnReturn: false });
    for await (const c of it) {
      const chunk = c as Buffer;
      if (head !== undefined) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 5) continue;
        if (head.subarray(0, 5).toString() === 'OPEN ') {
          const rest = [head];
          for await (const more of it) rest.push(more as Buffer);
          const m = /^OPEN (\d+) (\d+)( hold)?\n/.exec(Buffer.concat(rest).toString());
          let reply = 'OK\n';
          if (m === null) reply = 'ERR bad command\n';
          else if (o.fault !== 'no-open') await openStreams(session, Number(m[1]), Number(m[2]), m[3] !== undefined).catch((e: Error) => (reply = `ERR ${e.message}\n`));
          s.end(reply);
          return;
        }
        const first = head;
        head = undefined;
        await writeAll(s, first, o.fault !== 'no-backpressure');
        continue;
      }
      await writeAll(s, chunk, o.fault !== 'no-backpressure');
    }
    if (head !== undefined && head.length > 0) await writeAll(s, head, true);
    s.end();
  } catch {
    s.destroy();
  }
}

function serveConn(sock: Socket, o: IutOptions): YamuxSession {
  sock.setNoDelay(true);
  sock.on('error', () => undefined);
  const conn: Duplex = o.fault === undefined ? sock : faultShim(sock, o.fault, o.role === 'client' ? 0 : 1);
  const session = (o.role === 'client' ? createClient : createServer)(conn, configFor(o));
  void (async () => {
    try {
      for await (const s of session) void serveStream(session, s, o);
    } catch {
      // The session ended; the connection goes with it.
    }
    if ((conn as Duplex & { stalled?: () => boolean }).stalled?.() !== true) sock.destroy();
  })();
  return session;
}

function hostPort(addr: string): [string, number] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i).replace(/^\[|\]$/g, ''), Number(addr.slice(i + 1))];
}

/** Runs the IUT until the process is killed (dial mode: until the kit stops accepting). */
export async function runYamuxIut(o: IutOptions): Promise<void> {
  if (o.listen !== undefined) {
    const [host, port] = hostPort(o.listen);
    const server = createNetServer((sock) => serveConn(sock, o));
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const a = server.address();
    o.log(`listening ${typeof a === 'object' && a !== null ? `${a.address}:${a.port}` : o.listen}`);
    await once(server, 'close');
    return;
  }
  if (o.dial === undefined) throw new ConformanceError('USAGE', 'yamux-iut needs YAMUX_CONFORMANCE_DIAL or YAMUX_CONFORMANCE_LISTEN (or --dial / --listen)');
  const [host, port] = hostPort(o.dial);
  await new Promise<void>((resolve) => {
    // Keep exactly one idle connection waiting: dial the next as soon as one receives data, or
    // when an idle one closes. A refused dial means the kit is done.
    const dialOne = (): void => {
      const sock = createConnection(port, host);
      let used = false;
      let connected = false;
      sock.once('connect', () => {
        connected = true;
        serveConn(sock, o);
      });
      sock.once('data', () => {
        used = true;
        dialOne();
      });
      sock.once('close', () => {
        if (!connected) resolve();
        else if (!used) dialOne();
      });
    };
    dialOne();
  });
}
