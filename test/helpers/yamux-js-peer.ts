/**
 * yamux-js (npm 0.2.0) as a second peer for the yamux conformance matrix. It runs in this
 * process over a real TCP or unix socket (`socket.pipe(session).pipe(socket)`, as its readme
 * shows) and plays the same behaviours as go-testbed yamuxpeer, using only yamux-js's public
 * API: `Server(onStream)`, `Client`, `open()`, stream `write`/`close()`/'data'/'end'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import yamuxJs from 'yamux-js';
import { pattern, type Role, type Transport } from './yamux-peers.js';

const IDLE_PING_TIMEOUT_SECS = 5;

type JsStream = Duplex & { ID(): number; close(): void };
type JsSession = Duplex & { open(): JsStream; close(err?: Error): void; isClosed(): boolean };

export type JsBehaviour =
  | { mode: 'echo' }
  | { mode: 'open-echo'; streams: number; size: number }
  | { mode: 'sink' }
  | { mode: 'source'; size: number }
  | { mode: 'reset-check' }
  | { mode: 'close-first' }
  | { mode: 'idle'; keepAliveSecs: number };

export interface JsPeer {
  /** Our end of the connection. */
  readonly conn: Socket;
  /** The yamux-js end of the connection (destroy it to simulate a dying peer). */
  readonly peerSocket: Socket;
  /** The behaviour's report (like yamuxpeer's "result" event). */
  readonly result: Promise<Record<string, unknown>>;
  readonly session: JsSession;
  close(): void;
}

const quiet = (): void => undefined;

function onStreamFor(b: JsBehaviour, report: (r: Record<string, unknown>) => void): (s: Duplex) => void {
  return (d) => {
    const s = d as JsStream;
    s.on('error', quiet);
    switch (b.mode) {
      case 'echo':
        s.on('data', (c: Buffer) => s.write(c));
        s.on('end', () => s.close());
        return;
      case 'sink': {
        let n = 0;
        s.on('data', (c: Buffer) => (n += c.length));
        s.on('end', () => {
          s.write(`${n}\n`);
          s.close();
        });
        return;
      }
      case 'reset-check': {
        let n = 0;
        s.on('data', (c: Buffer) => (n += c.length));
        s.on('error', (e: Error) => report({ read: n, error: e.message }));
        s.on('close', () => report({ read: n, error: 'closed' }));
        return;
      }
      case 'close-first': {
        let n = 0;
        s.close();
        s.on('data', (c: Buffer) => (n += c.length));
        s.on('end', () => report({ read: n, error: '' }));
        return;
      }
      default:
        return;
    }
  };
}

/** Starts a yamux-js peer in the role opposite to `ourRole`. */
export async function startJsPeer(ourRole: Role, transport: Transport, b: JsBehaviour): Promise<JsPeer> {
  const dir = transport === 'unix' ? mkdtempSync(join(tmpdir(), 'yxjs-')) : undefined;
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  if (dir !== undefined) await new Promise<void>((r) => server.listen(join(dir, 's.sock'), r));
  else await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const conn = typeof addr === 'string' ? createConnection(addr) : createConnection((addr as { port: number }).port, '127.0.0.1');
  conn.on('error', quiet);
  const peerSocket = await accepted;
  peerSocket.on('error', quiet);
  server.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  if (transport === 'tcp') {
    conn.setNoDelay(true);
    peerSocket.setNoDelay(true);
  }
  let report!: (r: Record<string, unknown>) => void;
  const result = new Promise<Record<string, unknown>>((r) => (report = r));
  const config = {
    logger: quiet,
    enableKeepAlive: b.mode === 'idle',
    keepAliveInterval: b.mode === 'idle' ? b.keepAliveSecs : 30,
    // idle: pings every keepAliveSecs, each must be answered within 5 s (generous on a loaded
    // machine); the report comes after twice that, so unanswered pings would have closed it.
    connectionWriteTimeout: b.mode === 'idle' ? IDLE_PING_TIMEOUT_SECS : 10,
  };
  const session = (ourRole === 'client' ? new yamuxJs.Server(onStreamFor(b, report), config) : new yamuxJs.Client(config)) as unknown as JsSession;
  session.on('error', quiet);
  peerSocket.pipe(session).pipe(peerSocket);
  if (b.mode === 'open-echo') void openEcho(session, b.streams, b.size).then(report);
  if (b.mode === 'source') {
    const s = session.open();
    s.on('error', quiet);
    s.write(pattern(b.size, s.ID()), () => {
      s.close();
      report({ ok: true });
    });
  }
  if (b.mode === 'idle') {
    setTimeout(() => report({ alive: !session.isClosed() }), Math.max(b.keepAliveSecs * 8000, IDLE_PING_TIMEOUT_SECS * 2000));
  }
  return {
    conn,
    peerSocket,
    result,
    session,
    close: () => {
      session.close();
      peerSocket.destroy();
      conn.destroy();
    },
  };
}

async function openEcho(session: JsSession, streams: number, size: number): Promise<Record<string, unknown>> {
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: streams }, () => {
      const s = session.open();
      s.on('error', quiet);
      const want = pattern(size, s.ID());
      return new Promise<void>((resolve) => {
        const parts: Buffer[] = [];
        let n = 0;
        s.on('data', (c: Buffer) => {
          parts.push(c);
          n += c.length;
          if (n >= size) {
            if (!Buffer.concat(parts).equals(want)) failures.push(`stream ${s.ID()}: echo mismatch`);
            resolve();
          }
        });
        s.write(want, () => s.close());
      });
    }),
  );
  return { ok: failures.length === 0, failures };
}
