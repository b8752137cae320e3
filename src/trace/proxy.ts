/**
 * The tracing proxy: launches the real plugin with the host's environment, reads its handshake
 * line (go-plugin client.go `Start`), listens on its own socket of the same network type, prints
 * a handshake pointing at itself and relays every connection both ways unchanged while decoding
 * a copy (session-tap.ts). Under AutoMTLS it terminates TLS on both sides: the host sees the
 * proxy's certificate in the handshake, the plugin gets the proxy's certificate as
 * PLUGIN_CLIENT_CERT. The plugin's stdout after the handshake and its stderr are passed through
 * to the proxy's own stdout/stderr, as the host expects to read them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { MAGIC_COOKIE_KEY as PACKER_COOKIE_KEY, parsePackerHandshake } from '../packer/index.js';
import { formatHandshake, generateCert, parseHandshake, type AutoMtlsCert, type Handshake } from '../plugin/index.js';
import { hostEnv } from './env-view.js';
import type { TraceEvent } from './events.js';
import { guardOrphan } from './orphan-guard.js';
import { CAPTURE_VERSION, type TapCodec } from './capture-format.js';
import { CaptureWriter } from './capture-writer.js';
import { relay } from './relay.js';
import type { SessionTapOptions } from './session-tap.js';
import { TraceCore } from './trace-core.js';
import { Transcript, type TranscriptOptions } from './transcript.js';

/** Options of {@link tracePlugin}. */
export interface TraceOptions extends SessionTapOptions, TranscriptOptions {
  /** The plugin command and its arguments. */
  readonly command: string;
  readonly args?: readonly string[];
  /** Where the transcript goes (never the handshake channel): a stream or a file descriptor. */
  readonly out: Writable | number;
  /** A file descriptor the raw capture is streamed to (capture-format.ts; `trace read` decodes it). */
  readonly capture?: number;
  /** The environment the host gave us (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The handshake channel to the host (default process.stdout). */
  readonly stdout?: Writable;
  /** Where the plugin's own stderr is passed through to the host (default process.stderr). */
  readonly stderr?: Writable;
  /** The host's magic cookie variable, shown with the env (default: guessed from the env order). */
  readonly cookieKey?: string;
  /** Pass SIGTERM and SIGHUP on to the plugin and ignore SIGINT as go-plugin plugins do (CLI use). */
  readonly forwardSignals?: boolean;
}

/** How the plugin ended. */
export interface TraceResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const MAX_LINE = 64 * 1024; // Go bufio.Scanner's default max token, as go-plugin reads stdout.
/** How long the connections may keep delivering after the plugin exited before they are closed. */
const CLOSE_GRACE_MS = 500;

/** The capture's META record: what produced it and the decoding limits `trace read` must reuse. */
function captureMeta(limits: SessionTapOptions): Record<string, unknown> {
  return { format: 'go-netrpc trace capture', version: CAPTURE_VERSION, node: process.version, platform: process.platform, startedAt: new Date().toISOString(), limits };
}

function pemOf(der: Uint8Array): string {
  return new X509Certificate(der).toString();
}

/** Splits a byte stream into lines (bounded), calling `line` for each. */
function lineSplitter(line: (s: string) => void): { push(b: Buffer): void; end(): void } {
  let buf = '';
  return {
    push(b) {
      buf += b.toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        line(buf.slice(0, nl).replace(/\r$/, ''));
        buf = buf.slice(nl + 1);
      }
      if (buf.length > MAX_LINE) {
        line(buf);
        buf = '';
      }
    },
    end() {
      if (buf !== '') line(buf);
      buf = '';
    },
  };
}

/** Runs `command` as a traced plugin until it exits. */
export async function tracePlugin(opts: TraceOptions): Promise<TraceResult> {
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const transcript = new Transcript(opts.out, opts);
  const limits: SessionTapOptions = {
    ...(opts.maxPendingCalls === undefined ? {} : { maxPendingCalls: opts.maxPendingCalls }),
    ...(opts.maxStreams === undefined ? {} : { maxStreams: opts.maxStreams }),
    ...(opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: opts.maxMessageBytes }),
  };
  const capture = opts.capture === undefined ? undefined : new CaptureWriter(opts.capture, captureMeta(limits));
  const core = new TraceCore((e) => transcript.write(e), limits, capture);
  const emit = (e: TraceEvent): void => core.event(e);
  const flush = (): void => {
    transcript.flush();
    core.flush();
  };
  // One timer for the earliest keepalive deadline (none while no ping is outstanding).
  let deadline: { at: number; timer: NodeJS.Timeout } | undefined;
  const watchDeadline = (): void => {
    const at = core.nextDeadline();
    if (at === undefined || (deadline !== undefined && deadline.at <= at)) return;
    if (deadline !== undefined) clearTimeout(deadline.timer);
    const timer = setTimeout(() => {
      deadline = undefined;
      core.tick(Math.max(now(), at));
      flush();
      watchDeadline();
    }, Math.max(0, at - now()));
    timer.unref();
    deadline = { at, timer };
  };
  const env = opts.env ?? process.env;
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let socketDir: string | undefined;

  emit({ kind: 'start', t: now(), command: [opts.command, ...(opts.args ?? [])] });
  for (const [name, value] of hostEnv(env, opts.cookieKey)) emit({ kind: 'env', t: now(), name, value });

  const hostCertPem = env['PLUGIN_CLIENT_CERT'];
  const own: AutoMtlsCert | undefined = hostCertPem === undefined || hostCertPem === '' ? undefined : generateCert();
  const childEnv = { ...env, ...(own === undefined ? {} : { PLUGIN_CLIENT_CERT: own.certPem }) };

  const child: ChildProcess = spawn(opts.command, [...(opts.args ?? [])], { env: childEnv, stdio: ['inherit', 'pipe', 'pipe'] });
  const stopGuard = guardOrphan(child.pid);
  const forward = (sig: NodeJS.Signals) => (): void => {
    emit({ kind: 'note', t: now(), message: `trace got ${sig}${sig === 'SIGINT' ? ' (ignored, as go-plugin plugins do)' : ', passing it to the plugin'}` });
    if (sig !== 'SIGINT') child.kill(sig);
  };
  const handlers = (['SIGTERM', 'SIGHUP', 'SIGINT'] as const).map((sig) => [sig, forward(sig)] as const);
  if (opts.forwardSignals === true) for (const [sig, fn] of handlers) process.on(sig, fn);
  let started = true;
  const exited = new Promise<TraceResult>((resolve) => {
    child.on('error', (err) => {
      started = false;
      emit({ kind: 'note', t: now(), message: `cannot start the plugin: ${err.message}` });
      resolve({ code: 1, signal: null });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });

  /** Where the plugin listens, as either handshake says it. */
  type Listening = Pick<Handshake, 'network' | 'address' | 'protocol' | 'serverCertDer'>;
  const startListener = async (h: Listening, codec: TapCodec): Promise<string> => {
    const decode = h.protocol === 'netrpc' && (h.serverCertDer === undefined || own !== undefined);
    if (h.protocol !== 'netrpc') emit({ kind: 'note', t: now(), message: `protocol ${h.protocol}: bytes are relayed but not decoded` });
    else if (!decode) emit({ kind: 'note', t: now(), message: 'the plugin uses TLS the host did not set up through AutoMTLS: bytes are relayed but not decoded' });
    const terminate = decode && own !== undefined && h.serverCertDer !== undefined;
    const pluginCa = terminate && h.serverCertDer !== undefined ? pemOf(h.serverCertDer) : undefined;
    let conns = 0;
    const onConnection = (hostSock: Socket | TLSSocket): void => {
      const conn = ++conns;
      sockets.add(hostSock);
      hostSock.on('close', () => sockets.delete(hostSock));
      emit({ kind: 'conn', t: now(), conn, state: 'open', detail: terminate ? 'TLS from host verified against PLUGIN_CLIENT_CERT' : undefined });
      const target = h.network === 'unix' ? { path: h.address } : { host: h.address.slice(0, h.address.lastIndexOf(':')), port: Number(h.address.slice(h.address.lastIndexOf(':') + 1)) };
      const pluginSock: Socket | TLSSocket = terminate
        ? tlsConnect({ ...target, cert: own.certPem, key: own.keyPem, ca: [pluginCa as string], servername: 'localhost', minVersion: 'TLSv1.2' })
        : connect({ ...target, allowHalfOpen: true });
      sockets.add(pluginSock);
      pluginSock.on('close', () => sockets.delete(pluginSock));
      if (decode) core.openTap(now(), conn, codec);
      // Each chunk's events reach a --out file before the next chunk is read: a host may
      // SIGKILL this process at any moment (go-plugin's Kill), and what was seen must be on disk.
      const tapFrom = (from: 'host' | 'plugin') => (b: Uint8Array): void => {
        core.data(now(), conn, from, b);
        watchDeadline();
        flush();
      };
      const tapped = decode || capture !== undefined;
      const failed = (side: string) => (err: unknown) =>
        emit({ kind: 'note', t: now(), message: `trace stopped recording ${side} bytes of connection ${conn}: ${err instanceof Error ? err.message : String(err)}` });
      relay(hostSock, pluginSock, tapped ? tapFrom('host') : undefined, failed('host'));
      relay(pluginSock, hostSock, tapped ? tapFrom('plugin') : undefined, failed('plugin'));
      let closed = false;
      const onClose = (why: string) => (err?: Error) => {
        if (err instanceof Error) emit({ kind: 'note', t: now(), message: `connection ${conn}: ${why}: ${err.message}` });
        if (closed) return;
        closed = true;
        emit({ kind: 'conn', t: now(), conn, state: 'closed' });
      };
      hostSock.on('error', onClose('host side'));
      pluginSock.on('error', onClose('plugin side'));
      hostSock.on('close', () => onClose('host side')());
    };
    server = terminate
      ? createTlsServer({ cert: own.certPem, key: own.keyPem, ca: [hostCertPem as string], requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', allowHalfOpen: true }, onConnection)
      : createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
    server.on('tlsClientError', (err: Error) => emit({ kind: 'note', t: now(), message: `TLS handshake with the host failed: ${err.message}` }));
    const srv = server;
    if (h.network === 'unix') {
      socketDir = await mkdtemp(join(env['PLUGIN_UNIX_SOCKET_DIR'] ?? tmpdir(), 'gonetrpc-trace-'));
      const path = join(socketDir, 'plugin.sock');
      await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(path, () => resolve()));
      return path;
    }
    await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const a = srv.address();
    return typeof a === 'object' && a !== null ? `127.0.0.1:${a.port}` : '';
  };

  // stdout: the first line is the handshake; later bytes pass through to the host unchanged.
  let first = true;
  let chain = Promise.resolve();
  const stdoutLines = lineSplitter((line) => emit({ kind: 'stdout', t: now(), line, via: 'pipe' }));
  let head = Buffer.alloc(0);
  // A host that sets Packer's magic cookie is Packer: its plugins print Packer's handshake.
  const packer = (env[PACKER_COOKIE_KEY] ?? '') !== '';
  const onHandshake = async (line: string): Promise<void> => {
    const f = line.trim().split('|');
    let h: Listening;
    try {
      h = packer
        ? { ...parsePackerHandshake(line), protocol: 'netrpc' }
        : parseHandshake(line, { appVersions: [Number(f[1])], allowedProtocols: [f[4] === undefined || f[4] === '' ? 'netrpc' : f[4]] });
    } catch (err) {
      emit({ kind: 'handshake', t: now(), line, relayed: line, error: err instanceof Error ? err.message : String(err) });
      flush();
      stdout.write(`${line}\n`);
      return;
    }
    let relayed: string;
    try {
      const address = await startListener(h, packer ? 'packer' : 'go-plugin');
      // Packer's line (`5|unix|ADDR` or `5|0|unix|ADDR`) ends with the address: only it changes.
      relayed = packer
        ? `${line.trim().slice(0, -h.address.length)}${address}\n`
        : formatHandshake({ ...(h as Handshake), address, serverCertDer: own !== undefined && h.serverCertDer !== undefined ? own.certDer : h.serverCertDer });
    } catch (err) {
      emit({ kind: 'note', t: now(), message: `cannot listen for the host: ${err instanceof Error ? err.message : String(err)}; passing the plugin's handshake through` });
      relayed = `${line}\n`;
    }
    emit({ kind: 'handshake', t: now(), line, relayed: relayed.trimEnd() });
    flush();
    stdout.write(relayed);
  };
  child.stdout?.on('data', (b: Buffer) => {
    if (!first) {
      if (!stdout.write(b)) {
        child.stdout?.pause();
        stdout.once('drain', () => child.stdout?.resume());
      }
      stdoutLines.push(b);
      return;
    }
    head = Buffer.concat([head, b]);
    const nl = head.indexOf(0x0a);
    if (nl < 0 && head.length <= MAX_LINE) return;
    first = false;
    const end = nl < 0 ? head.length : nl;
    const line = head.subarray(0, end).toString('utf8').replace(/\r$/, '');
    const rest = head.subarray(Math.min(head.length, end + 1));
    head = Buffer.alloc(0);
    child.stdout?.pause();
    chain = onHandshake(line).finally(() => {
      if (rest.length > 0) {
        stdout.write(rest);
        stdoutLines.push(rest);
      }
      child.stdout?.resume();
    });
  });
  child.stdout?.on('end', () => {
    if (first && head.length > 0) {
      first = false;
      chain = onHandshake(head.toString('utf8'));
    }
    stdoutLines.end();
  });

  const stderrLines = lineSplitter((line) => emit({ kind: 'stderr', t: now(), line, via: 'pipe' }));
  child.stderr?.on('data', (b: Buffer) => {
    if (!stderr.write(b)) {
      child.stderr?.pause();
      stderr.once('drain', () => child.stderr?.resume());
    }
    stderrLines.push(b);
    flush();
  });
  child.stderr?.on('end', () => stderrLines.end());

  const result = await exited;
  for (const [sig, fn] of handlers) process.off(sig, fn);
  stopGuard();
  await chain;
  if (started) emit({ kind: 'exit', t: now(), code: result.code, signal: result.signal });
  // Give the sockets a moment to deliver what the plugin wrote before it exited, then close.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CLOSE_GRACE_MS);
    timer.unref();
    const check = (): void => {
      if (sockets.size > 0) return;
      clearTimeout(timer);
      resolve();
    };
    for (const s of sockets) s.once('close', () => setImmediate(check));
    check();
  });
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  if (socketDir !== undefined) await rm(socketDir, { recursive: true, force: true });
  if (deadline !== undefined) clearTimeout(deadline.timer);
  core.end(now());
  flush();
  return result;
}
