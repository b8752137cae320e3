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

type JsStream = Duplex & { ID(): number; close(): void };
type JsSession = Duplex & { open(): JsStream; close(err?: Error): void; isClosed(): boolean };

export type JsBehaviour = { mode: 'echo' } | { mode: 'source'; size: number } | { mode: 'idle'; keepAliveSecs: number };

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

function onStream(d: Duplex): void {
  const s = d as JsStream;
  s.on('error', quiet);
  // Echo (the only stream behaviour the interop scenarios need; the kit covers the rest).
  s.on('data', (c: Buffer) => s.write(c));
  s.on('end', () => s.close());
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
    // In 'idle' mode the report counts our ping answers on the wire (below), so yamux-js's own
    // reply timeout (which load can trip: it shares this process's event loop with the other
    // cases) is kept far away.
    connectionWriteTimeout: b.mode === 'idle' ? 60 : 10,
  };
  const session = (ourRole === 'client' ? new yamuxJs.Server(onStream, config) : new yamuxJs.Client(config)) as unknown as JsSession;
  session.on('error', quiet);
  peerSocket.pipe(session).pipe(peerSocket);
  if (b.mode === 'source') {
    const s = session.open();
    s.on('error', quiet);
    s.write(pattern(b.size, s.ID()), () => {
      s.close();
      report({ ok: true });
    });
  }
  if (b.mode === 'idle') {
    const ids = pingAcks(peerSocket, 3);
    void ids.then((acks) => report({ alive: !session.isClosed(), acks }));
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

/**
 * Resolves with the ids of the first `n` Ping ACK frames arriving at yamux-js (the answers to its
 * keepalive pings, ids 0, 1, 2, …). Only for sessions without streams, where every frame is a bare
 * 12-byte header: version, type (2 = Ping), flags (2 = ACK), stream id, length (= ping id).
 */
function pingAcks(sock: Socket, n: number): Promise<number[]> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const ids: number[] = [];
    const onData = (c: Buffer): void => {
      buf = Buffer.concat([buf, c]);
      for (; buf.length >= 12; buf = buf.subarray(12)) {
        if (buf[1] === 2 && (buf.readUInt16BE(2) & 2) !== 0) ids.push(buf.readUInt32BE(8));
      }
      if (ids.length >= n) {
        sock.off('data', onData);
        resolve(ids.slice(0, n));
      }
    };
    sock.on('data', onData);
  });
}
