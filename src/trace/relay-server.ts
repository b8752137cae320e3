/**
 * The proxy's listening side, shared by `trace -- PLUGIN` (proxy.ts) and `trace --connect ADDR`
 * (connect.ts): listens on its own socket of the plugin's network type, connects each host
 * connection to the plugin (terminating AutoMTLS on both sides when asked), relays both ways
 * unchanged (relay.ts) and feeds a copy to the decoders and the capture (trace-core.ts), with one
 * timer for the earliest keepalive deadline. {@link RelayServer.close} lets the connections
 * deliver what is in flight for a moment, then closes everything and emits the summary.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { AutoMtlsCert, Handshake } from '../plugin/index.js';
import type { Writable } from 'node:stream';
import { CAPTURE_VERSION, type TapCodec } from './capture-format.js';
import { CaptureWriter } from './capture-writer.js';
import type { Side, TraceEvent } from './events.js';
import { LiveDecoder } from './live-decoder.js';
import { relay } from './relay.js';
import type { SessionTapOptions } from './session-tap.js';
import { TraceCore } from './trace-core.js';
import { Transcript, type TranscriptOptions } from './transcript.js';

/** Where the plugin listens, as a handshake (or a reattach address) says it. */
export type Listening = Pick<Handshake, 'network' | 'address' | 'protocol' | 'serverCertDer'>;

/** AutoMTLS: the proxy's own certificate and the host's (PLUGIN_CLIENT_CERT). */
export interface MtlsSetup {
  readonly own: AutoMtlsCert;
  readonly hostCertPem: string;
}

/** What a trace writes where, and its decoding limits. */
export interface TraceOutputOptions extends SessionTapOptions, TranscriptOptions {
  /** Where the transcript goes (never the handshake channel): a stream or a file descriptor. */
  readonly out: Writable | number;
  /** A file descriptor the raw capture is streamed to (capture-format.ts; `trace read` decodes it). */
  readonly capture?: number;
  /**
   * Decode the session while it runs (default true). False (`--no-live`, needs `capture`): the
   * bytes are only recorded, the transcript shows the proxy-level events (handshake, env,
   * connections, plugin output, exit) and `trace read` decodes the calls afterwards; the
   * cheapest way to trace.
   */
  readonly live?: boolean;
  /**
   * Where live decoding runs (default 'inline': in this process). 'child' (`--child-decoder`,
   * needs `out` to be a file descriptor) decodes in a child process fed the raw capture through a
   * pipe (live-decoder.ts), off the relay's critical path; the child finishes the transcript up to
   * a second after the trace ends, and after a host's SIGKILL a moment after the trace died.
   */
  readonly liveDecoder?: 'child' | 'inline';
  /** Bytes waiting for the decoder child beyond which the relay pauses (default 8 MiB). */
  readonly maxDecoderBacklogBytes?: number;
}

/** The capture's META record: what produced it and the decoding limits `trace read` must reuse. */
function captureMeta(limits: SessionTapOptions): Record<string, unknown> {
  return { format: 'go-netrpc trace capture', version: CAPTURE_VERSION, node: process.version, platform: process.platform, startedAt: new Date().toISOString(), limits };
}

/** How long the connections may keep delivering after the plugin exited before they are closed. */
const CLOSE_GRACE_MS = 500;

const pemOf = (der: Uint8Array): string => new X509Certificate(der).toString();

/** Listens for the host and relays to one plugin address. */
export class RelayServer {
  private readonly t0 = performance.now();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private socketDir: string | undefined;
  private deadline: { at: number; timer: NodeJS.Timeout } | undefined;
  private conns = 0;

  private readonly core: TraceCore;
  private readonly transcript: Transcript;
  /** The decoder child writing the transcript (`out` a file, live): this process only captures. */
  private readonly decoder: LiveDecoder | undefined;

  constructor(opts: TraceOutputOptions) {
    this.transcript = new Transcript(opts.out, opts);
    const limits: SessionTapOptions = {
      ...(opts.maxPendingCalls === undefined ? {} : { maxPendingCalls: opts.maxPendingCalls }),
      ...(opts.maxStreams === undefined ? {} : { maxStreams: opts.maxStreams }),
      ...(opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: opts.maxMessageBytes }),
      ...(opts.keepaliveTimeoutMs === undefined ? {} : { keepaliveTimeoutMs: opts.keepaliveTimeoutMs }),
    };
    const live = opts.live !== false || opts.capture === undefined;
    const { json, maxValueChars } = opts;
    this.decoder =
      live && typeof opts.out === 'number' && opts.liveDecoder === 'child'
        ? new LiveDecoder(opts.out, { t0: this.t0, ...(json === undefined ? {} : { json }), ...(maxValueChars === undefined ? {} : { maxValueChars }) }, opts.maxDecoderBacklogBytes)
        : undefined;
    const capture = opts.capture === undefined && this.decoder === undefined ? undefined : new CaptureWriter(opts.capture, captureMeta(limits), this.decoder, (err) => this.decoder?.lostBy(err));
    // With the decoder child, this process decodes nothing: the child writes every event.
    this.core = this.decoder === undefined ? new TraceCore((e) => this.transcript.write(e), limits, capture, live) : new TraceCore(() => undefined, limits, capture, false);
    // Written to the transcript only: the capture's own transcript (`trace read`) has the calls.
    if (!live) this.transcript.write({ kind: 'note', t: this.now(), message: 'live decoding is off (--no-live): calls are only captured; `go-netrpc trace read` the capture to see them' });
  }

  /** Milliseconds since the trace started. */
  readonly now = (): number => performance.now() - this.t0;

  /** A proxy-level event (captured and written). */
  readonly emit = (e: TraceEvent): void => this.core.event(e);

  /** Writes the transcript and capture batches now (a host may SIGKILL us at any moment). */
  readonly flush = (): void => {
    this.transcript.flush();
    this.core.flush();
  };

  /** Starts listening for `h` (in `socketDirBase` for unix sockets); resolves to the address to give the host. */
  async listen(h: Listening, codec: TapCodec, mtls: MtlsSetup | undefined, socketDirBase = tmpdir()): Promise<string> {
    const decode = h.protocol === 'netrpc' && (h.serverCertDer === undefined || mtls !== undefined);
    if (h.protocol !== 'netrpc') this.emit({ kind: 'note', t: this.now(), message: `protocol ${h.protocol}: bytes are relayed but not decoded` });
    else if (!decode) this.emit({ kind: 'note', t: this.now(), message: 'the plugin uses TLS the host did not set up through AutoMTLS: bytes are relayed but not decoded' });
    const tls = decode && mtls !== undefined && h.serverCertDer !== undefined ? { ...mtls, pluginCa: pemOf(h.serverCertDer) } : undefined;
    const onConnection = (hostSock: Socket | TLSSocket): void => this.relayConnection(hostSock, h, codec, decode, tls);
    const server = tls
      ? createTlsServer({ cert: tls.own.certPem, key: tls.own.keyPem, ca: [tls.hostCertPem], requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', allowHalfOpen: true }, onConnection)
      : createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
    server.on('tlsClientError', (err: Error) => this.emit({ kind: 'note', t: this.now(), message: `TLS handshake with the host failed: ${err.message}` }));
    this.server = server;
    if (h.network === 'unix') {
      this.socketDir = await mkdtemp(join(socketDirBase, 'gonetrpc-trace-'));
      const path = join(this.socketDir, 'plugin.sock');
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, () => resolve()));
      return path;
    }
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const a = server.address();
    return typeof a === 'object' && a !== null ? `127.0.0.1:${a.port}` : '';
  }

  private relayConnection(hostSock: Socket | TLSSocket, h: Listening, codec: TapCodec, decode: boolean, tls: (MtlsSetup & { pluginCa: string }) | undefined): void {
    const { core, now, emit } = this;
    const conn = ++this.conns;
    this.track(hostSock);
    emit({ kind: 'conn', t: now(), conn, state: 'open', detail: tls ? 'TLS from host verified against PLUGIN_CLIENT_CERT' : undefined });
    const target = h.network === 'unix' ? { path: h.address } : { host: h.address.slice(0, h.address.lastIndexOf(':')), port: Number(h.address.slice(h.address.lastIndexOf(':') + 1)) };
    const pluginSock: Socket | TLSSocket = tls
      ? tlsConnect({ ...target, cert: tls.own.certPem, key: tls.own.keyPem, ca: [tls.pluginCa], servername: 'localhost', minVersion: 'TLSv1.2' })
      : connect({ ...target, allowHalfOpen: true });
    this.track(pluginSock);
    if (decode) core.openTap(now(), conn, codec);
    // Bytes for the host are decoded and on disk before they are forwarded: a host may SIGKILL
    // this process as soon as it has a reply (go-plugin's Kill, Packer at the end of a build:
    // test/conformance/trace-packer.test.ts fails without this order), and what it saw must be in
    // the transcript. Bytes for the plugin are forwarded first (the plugin cannot answer before
    // this chunk's decoding is done: one thread); their events are written with the next
    // host-bound chunk or at the end of this event-loop turn. With --no-live, only the capture.
    const tapFrom = (from: Side) => (b: Uint8Array): void => {
      core.data(now(), conn, from, b);
      this.watchDeadline();
      if (from === 'plugin') this.flush();
    };
    const failed = (side: string) => (err: unknown) =>
      emit({ kind: 'note', t: now(), message: `trace stopped recording ${side} bytes of connection ${conn}: ${err instanceof Error ? err.message : String(err)}` });
    relay(hostSock, pluginSock, tapFrom('host'), failed('host'), false, this.decoder);
    relay(pluginSock, hostSock, tapFrom('plugin'), failed('plugin'), true, this.decoder);
    // The connection is reported closed as soon as one side's end of it ends or fails, naming
    // that side: a Go yamux peer giving up (a keepalive timeout) just closes its socket.
    let closed = false;
    const onClose = (why: string, by?: 'host' | 'plugin') => (err?: Error) => {
      if (err instanceof Error) emit({ kind: 'note', t: now(), message: `connection ${conn}: ${why}: ${err.message}` });
      if (closed) return;
      closed = true;
      emit({ kind: 'conn', t: now(), conn, state: 'closed', ...(by === undefined ? {} : { detail: `the ${by} closed it`, by }) });
    };
    hostSock.on('error', onClose('host side', 'host'));
    pluginSock.on('error', onClose('plugin side', 'plugin'));
    hostSock.once('end', () => onClose('host side', 'host')());
    pluginSock.once('end', () => onClose('plugin side', 'plugin')());
    hostSock.on('close', () => onClose('host side')());
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }

  /** One timer for the earliest keepalive deadline (none while no ping is outstanding). */
  private watchDeadline(): void {
    const at = this.core.nextDeadline();
    if (at === undefined || (this.deadline !== undefined && this.deadline.at <= at)) return;
    if (this.deadline !== undefined) clearTimeout(this.deadline.timer);
    const timer = setTimeout(() => {
      this.deadline = undefined;
      this.core.tick(Math.max(this.now(), at));
      this.flush();
      this.watchDeadline();
    }, Math.max(0, at - this.now()));
    timer.unref();
    this.deadline = { at, timer };
  }

  /** Lets the connections deliver what is in flight (up to 500 ms), closes everything, emits the summary. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_GRACE_MS);
      timer.unref();
      const check = (): void => {
        if (this.sockets.size > 0) return;
        clearTimeout(timer);
        resolve();
      };
      for (const s of this.sockets) s.once('close', () => setImmediate(check));
      check();
    });
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    if (this.socketDir !== undefined) await rm(this.socketDir, { recursive: true, force: true });
    if (this.deadline !== undefined) clearTimeout(this.deadline.timer);
    this.core.end(this.now());
    this.flush();
    await this.decoder?.close();
  }
}
