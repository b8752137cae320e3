/**
 * Helpers for the yamux conformance tests: start a go-testbed `yamuxpeer` (hashicorp/yamux
 * v0.1.2) over TCP or a unix socket in the opposite role of our session, read its JSON events,
 * and small stream utilities (the test pattern, read-all, wait-for-event).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import { createInterface } from 'node:readline';
import { goBin } from './go-peer.js';

export type Transport = 'tcp' | 'unix';
export type Role = 'client' | 'server';

/** A JSON event printed by yamuxpeer. */
export type PeerEvent = Record<string, unknown> & { event: string };

/** A running peer: the connection for our session plus its events. */
export interface PeerHandle {
  /** Our end: a net.Socket, or a TLSSocket over it with `{ tls: true }`. */
  readonly conn: Socket;
  /** Resolves with the next event named `name` (searching already received ones first). */
  waitEvent(name: string, timeoutMs?: number): Promise<PeerEvent>;
  /** True once the peer reported its session closed. */
  readonly events: readonly PeerEvent[];
  stderr(): string;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every peer still running (call in afterEach/afterAll). */
export function killAllPeers(): void {
  for (const p of running) p.kill('SIGKILL');
  running.clear();
}

function uniqueSocketPath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'yxp-'));
  return { path: join(dir, 's.sock'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts yamuxpeer with `args` in the role opposite to `ourRole` over `transport`. The Go side
 * listens when it is the yamux server (as a go-plugin plugin does) and dials otherwise. With
 * `tls`, TLS runs below yamux: Go generates a self-signed certificate, which we pin when Go is
 * the TLS server and serve with when Go dials.
 */
export async function startGoPeer(ourRole: Role, transport: Transport, args: readonly string[], opts: { tls?: boolean } = {}): Promise<PeerHandle> {
  const goRole: Role = ourRole === 'client' ? 'server' : 'client';
  let server: Server | undefined;
  let sock: { path: string; cleanup: () => void } | undefined;
  const addrArgs: string[] = [];
  let accepted: Promise<Socket> | undefined;
  if (goRole === 'client') {
    server = createServer();
    accepted = new Promise<Socket>((resolve) => server?.once('connection', resolve));
    if (transport === 'unix') {
      sock = uniqueSocketPath();
      const p = sock.path;
      await new Promise<void>((resolve) => server?.listen(p, resolve));
      addrArgs.push('-dial', `unix:${p}`);
    } else {
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const a = server.address();
      if (a === null || typeof a === 'string') throw new Error('no tcp address');
      addrArgs.push('-dial', `tcp:127.0.0.1:${a.port}`);
    }
  } else if (transport === 'unix') {
    sock = uniqueSocketPath();
    addrArgs.push('-listen', `unix:${sock.path}`);
  } else {
    addrArgs.push('-listen', 'tcp:127.0.0.1:0');
  }
  const tlsArgs = opts.tls === true ? ['-tls'] : [];
  const child = spawn(goBin('yamuxpeer'), ['-role', goRole, ...tlsArgs, ...addrArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    running.delete(child);
    sock?.cleanup();
    resolve(code);
  }));
  const events: PeerEvent[] = [];
  const waiters: { name: string; resolve: (e: PeerEvent) => void }[] = [];
  const rl = createInterface({ input: child.stdout as Readable });
  rl.on('line', (line) => {
    let ev: PeerEvent;
    try {
      ev = JSON.parse(line) as PeerEvent;
    } catch {
      return;
    }
    events.push(ev);
    for (const w of [...waiters]) {
      if (w.name === ev.event) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(ev);
      }
    }
  });
  const waitEvent = (name: string, timeoutMs = 10_000): Promise<PeerEvent> => {
    const seen = events.find((e) => e.event === name);
    if (seen) return Promise.resolve(seen);
    return new Promise<PeerEvent>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`yamuxpeer: no "${name}" event within ${timeoutMs} ms; events ${JSON.stringify(events)}; stderr ${stderr}`)), timeoutMs);
      waiters.push({ name, resolve: (e) => { clearTimeout(t); resolve(e); } });
      const fatal = events.find((e) => e.event === 'fatal');
      if (fatal) reject(new Error(`yamuxpeer fatal: ${JSON.stringify(fatal)}`));
    });
  };
  let conn: Socket;
  if (goRole === 'client') {
    conn = await (accepted as Promise<Socket>);
    server?.close();
  } else {
    const ev = await waitEvent('listening');
    const addr = String(ev['addr']);
    conn = transport === 'unix' ? createConnection(addr) : createConnection(Number(addr.split(':').pop()), '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      conn.once('connect', resolve);
      conn.once('error', reject);
    });
  }
  if (transport === 'tcp') conn.setNoDelay(true);
  if (opts.tls === true) {
    const t = await waitEvent('tls');
    const cert = String(t['cert']);
    const key = String(t['key']);
    const plain = conn;
    if (goRole === 'client') {
      const sock = new TLSSocket(plain, { isServer: true, cert, key });
      await new Promise<void>((resolve, reject) => {
        sock.once('secure', resolve);
        sock.once('error', reject);
      });
      conn = sock;
    } else {
      const sock = tlsConnect({ socket: plain, ca: cert, servername: 'localhost' });
      await new Promise<void>((resolve, reject) => {
        sock.once('secureConnect', resolve);
        sock.once('error', reject);
      });
      conn = sock;
    }
  }
  return {
    conn,
    waitEvent,
    events,
    stderr: () => stderr,
    kill: (signal = 'SIGKILL') => child.kill(signal),
    exited,
  };
}

/** The yamuxpeer test pattern of stream `seed` (Go `pattern`). */
export function pattern(size: number, seed: number, offset = 0): Buffer {
  const b = Buffer.allocUnsafe(size);
  const base = (offset + seed * 31) % 251;
  for (let i = 0; i < size; i++) b[i] = (base + i) % 251;
  return b;
}

/** Reads a stream to its end. */
export async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads a stream to its end slowly, 32 KiB at most every millisecond, so that the sender runs
 * into our receive window. Resolves with the data and the most bytes ever buffered unread.
 */
export async function readSlowly(s: Readable): Promise<{ data: Buffer; maxBuffered: number }> {
  let maxBuffered = 0;
  const parts: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    s.on('error', reject);
    s.on('end', resolve);
    const pump = (): void => {
      maxBuffered = Math.max(maxBuffered, s.readableLength);
      const c = s.read(32 * 1024) as Buffer | null;
      if (c !== null) parts.push(c);
      if (!s.readableEnded) setTimeout(pump, 1);
    };
    s.once('readable', pump);
  });
  const rest = s.read() as Buffer | null;
  if (rest !== null) parts.push(rest);
  return { data: Buffer.concat(parts), maxBuffered };
}

/** Resolves with the error a stream emits (rejects if it ends cleanly or after `timeoutMs`). */
export function nextError(s: Duplex, timeoutMs = 10_000): Promise<Error> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no error event')), timeoutMs);
    s.once('error', (e) => {
      clearTimeout(t);
      resolve(e);
    });
  });
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
