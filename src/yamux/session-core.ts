/**
 * SessionCore: the state and rules of one yamux session behind its public YamuxSession
 * (session.ts), mirroring hashicorp/yamux v0.1.2 session.go (`Session.OpenStream`,
 * `AcceptStream`, `Ping`, `GoAway`, `Close`, `exitErr`, `closeStream`, `establishStream`, the
 * `synCh` semaphore and the `acceptCh` backlog).
 *
 * The transport is read continuously (memory is bounded by the per-stream windows and
 * maxSessionBufferedBytes, and keepalive pings must always be answered), except while RSTs for
 * refused streams cannot be written (see refuseStream); frames are parsed by FrameReader,
 * dispatched by Dispatcher, and written by the single FrameWriter.
 *
 * Deviation from Go: on local `close()` streams still open are destroyed without an error
 * (Go makes their reads return EOF); on any other shutdown they are destroyed with
 * YamuxError SESSION_SHUTDOWN. Streams whose peer already sent FIN stay readable to the end.
 */
import type { Duplex } from 'node:stream';
import { resolveConfig, type ResolvedYamuxConfig, type YamuxConfig } from './config.js';
import { FrameType, GoAwayCode, MAX_STREAM_ID, Flag } from './constants.js';
import { PROTOCOL_ERROR_CODES, YamuxError } from './errors.js';
import { FrameReader } from './frame-reader.js';
import { FrameWriter } from './frame-writer.js';
import { Keepalive } from './keepalive.js';
import { PingReplies } from './ping-replies.js';
import { Dispatcher, type DispatchHost } from './session-dispatch.js';
import type { YamuxOpOptions, YamuxRole } from './session-options.js';
import { StreamCore } from './stream-core.js';
import { StreamState, type YamuxStream } from './stream.js';
import { deferred, raceAbortTimeout, unrefTimeout, type Deferred } from '../internal/deferred.js';
import { debug } from '../internal/debug.js';
import { isDuplexLike } from '../internal/duplex.js';

const log = debug('yamux');

interface PendingPing {
  readonly start: number;
  readonly d: Deferred<number>;
}

/** The state and rules of one session behind its public {@link YamuxSession}. */
export class SessionCore implements DispatchHost {
  readonly role: YamuxRole;
  readonly config: ResolvedYamuxConfig;
  readonly writer: FrameWriter;
  readonly isClient: boolean;
  readonly streams = new Map<number, StreamCore>();
  /** The next id we would open; ids of our parity below it have been used. */
  nextStreamId: number;
  /** True after we sent GoAway: inbound SYNs get RST. */
  localGoAway = false;
  /** See {@link YamuxSession.closed}. */
  readonly closed: Promise<YamuxError | undefined>;

  private readonly conn: Duplex;
  private readonly reader: FrameReader;
  private readonly keepalive: Keepalive | undefined;
  private readonly closedD = deferred<YamuxError | undefined>();
  private shutdown = false;
  private shutdownReason: YamuxError | undefined;
  private isRemoteGoAway = false;
  private readonly acceptQueue: StreamCore[] = [];
  private acceptWaiters: Deferred<YamuxStream>[] = [];
  private synInflight = 0;
  /** Receive-window growth granted by auto-tuning, over all live streams (StreamCore.windowMax − maxStreamWindowSize). */
  windowGrowth = 0;
  private synWaiters: Deferred<void>[] = [];
  private readonly pings = new Map<number, PendingPing>();
  private readonly pingReplies: PingReplies;
  /** Reading paused until 'drain' (see refuseStream). */
  private readPaused = false;
  private pingId = 0;

  constructor(conn: Duplex, role: YamuxRole, config?: YamuxConfig) {
    if (!isDuplexLike(conn)) throw new YamuxError('INVALID_ARGUMENT', `create${role === 'client' ? 'Client' : 'Server'}: the connection must be a Node Duplex (net.Socket, tls.TLSSocket, …)`);
    this.config = resolveConfig(config);
    this.role = role;
    this.isClient = role === 'client';
    this.nextStreamId = this.isClient ? 1 : 2;
    this.conn = conn;
    this.closed = this.closedD.promise;
    this.writer = new FrameWriter(conn, this.config.connectionWriteTimeoutMs, () =>
      this.fail(new YamuxError('CONNECTION_WRITE_TIMEOUT', `connection accepted no bytes for ${this.config.connectionWriteTimeoutMs} ms`), false),
    );
    this.pingReplies = new PingReplies(this.writer, this.config.maxQueuedPingReplies);
    this.reader = new FrameReader(new Dispatcher(this));
    conn.on('data', this.onData);
    conn.on('end', this.onEnd);
    conn.on('error', this.onError);
    conn.on('close', this.onClose);
    if (this.config.enableKeepAlive) {
      this.keepalive = new Keepalive(
        this.config.keepAliveIntervalMs,
        () => this.ping(),
        (err) => this.fail(new YamuxError('KEEPALIVE_TIMEOUT', 'keepalive failed: no ping reply', { cause: err }), false),
      );
      this.keepalive.start();
    }
    if (conn.destroyed) this.onClose();
  }

  /** True once the session has closed. */
  get isClosed(): boolean {
    return this.shutdown;
  }

  /** Go `OpenStream` and the `synCh` semaphore; see {@link YamuxSession.open}. */
  async open(opts: YamuxOpOptions = {}): Promise<YamuxStream> {
    for (;;) {
      this.checkCanOpen();
      if (this.synInflight < this.config.acceptBacklog) break;
      const d = deferred<void>();
      this.synWaiters.push(d);
      await raceAbortTimeout(d.promise, {
        signal: opts.signal,
        onAbort: (reason) => {
          this.synWaiters = this.synWaiters.filter((w) => w !== d);
          return new YamuxError('ABORTED', 'open() aborted', { cause: reason });
        },
        onTimeout: () => undefined,
      });
    }
    if (this.nextStreamId >= MAX_STREAM_ID) throw new YamuxError('STREAMS_EXHAUSTED', 'streams exhausted: no stream ids left');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new StreamCore(this, id, StreamState.Init);
    log('%s session: opened stream %d', this.role, id);
    this.streams.set(id, stream);
    this.synInflight++;
    stream.open();
    return stream.stream;
  }

  /** Go `AcceptStream`; see {@link YamuxSession.accept}. */
  accept(opts: YamuxOpOptions = {}): Promise<YamuxStream> {
    for (let s = this.acceptQueue.shift(); s !== undefined; s = this.acceptQueue.shift()) {
      if (s.stream.destroyed) continue;
      s.accept();
      return Promise.resolve(s.stream);
    }
    if (this.shutdown) return Promise.reject(this.shutdownError('accept'));
    const d = deferred<YamuxStream>();
    this.acceptWaiters.push(d);
    return raceAbortTimeout(d.promise, {
      signal: opts.signal,
      onAbort: (reason) => {
        this.acceptWaiters = this.acceptWaiters.filter((w) => w !== d);
        return new YamuxError('ABORTED', 'accept() aborted', { cause: reason });
      },
      onTimeout: () => undefined,
    });
  }

  /** Go `Ping`; see {@link YamuxSession.ping}. */
  ping(opts: YamuxOpOptions = {}): Promise<number> {
    if (this.shutdown) return Promise.reject(this.shutdownError('ping'));
    const id = this.pingId;
    this.pingId = (this.pingId + 1) >>> 0;
    const d = deferred<number>();
    this.pings.set(id, { start: performance.now(), d });
    this.writer.control(FrameType.Ping, Flag.SYN, 0, id);
    return raceAbortTimeout(d.promise, {
      signal: opts.signal,
      timeoutMs: this.config.connectionWriteTimeoutMs,
      onAbort: (reason) => {
        this.pings.delete(id);
        return new YamuxError('ABORTED', 'ping() aborted', { cause: reason });
      },
      onTimeout: () => {
        this.pings.delete(id);
        return new YamuxError('TIMEOUT', `i/o deadline reached: no ping reply within ${this.config.connectionWriteTimeoutMs} ms`);
      },
    });
  }

  /** Go `GoAway`; see {@link YamuxSession.goAway}. */
  goAway(code: GoAwayCode): void {
    if (this.shutdown) return;
    this.localGoAway = true;
    this.writer.control(FrameType.GoAway, 0, 0, code);
    if (code !== GoAwayCode.Normal) void this.close();
  }

  /** Go `Close`; see {@link YamuxSession.close}. */
  close(): Promise<void> {
    this.shutdownWith(undefined);
    return this.conn.closed || this.conn.destroyed ? Promise.resolve() : new Promise((resolve) => this.conn.once('close', () => resolve()));
  }

  // ---- called by the dispatcher and the streams -----------------------------------------

  /** A new inbound stream: queue it for accept() or hand it to a waiting accept(). False if the backlog is full. */
  enqueueIncoming(stream: StreamCore): boolean {
    log('%s session: incoming stream %d', this.role, stream.id);
    const waiter = this.acceptWaiters.shift();
    if (waiter !== undefined) {
      stream.accept();
      waiter.resolve(stream.stream);
      return true;
    }
    if (this.acceptQueue.length >= this.config.acceptBacklog) {
      // Streams reset by the peer while waiting do not count against the backlog.
      const live = this.acceptQueue.filter((s) => !s.stream.destroyed);
      this.acceptQueue.length = 0;
      this.acceptQueue.push(...live);
      if (live.length >= this.config.acceptBacklog) return false;
    }
    this.acceptQueue.push(stream);
    return true;
  }

  /**
   * Refuses the peer's SYN for `id` with one RST (Go `incomingStream`'s `sendNoWait`). Go's receive
   * loop blocks while that send cannot be queued; likewise, when the transport refuses bytes we
   * read no further from it until 'drain', so a peer that floods SYNs and never reads cannot make
   * the RSTs pile up.
   */
  refuseStream(id: number): void {
    this.writer.control(FrameType.WindowUpdate, Flag.RST, id, 0);
    if (this.readPaused || !this.writer.needsDrain) return;
    this.readPaused = true;
    this.reader.pause();
    this.conn.pause();
    this.writer.whenDrained((err) => {
      this.readPaused = false;
      if (err !== undefined || this.shutdown) return;
      this.conn.resume();
      this.reader.resume();
    });
  }

  /** Answers the peer's Ping(SYN) `id` (bounded while the transport is not draining). */
  replyPing(id: number): void {
    this.pingReplies.reply(id);
  }

  /** A Ping ACK arrived for `id`. */
  pingAcked(id: number): void {
    const p = this.pings.get(id);
    if (p === undefined) return;
    this.pings.delete(id);
    p.d.resolve(performance.now() - p.start);
  }

  /** GoAway(normal) arrived. */
  remoteGoAway(): void {
    this.isRemoteGoAway = true;
    const waiters = this.synWaiters;
    this.synWaiters = [];
    for (const w of waiters) w.reject(new YamuxError('REMOTE_GO_AWAY', 'remote end is not accepting connections'));
  }

  /** The session must close with `err` (after sending GoAway(protocol error) when `sendGoAway`). */
  fail(err: YamuxError, sendGoAway: boolean): void {
    if (this.shutdown) return;
    log('session %s failing: %s', this.role, err.message);
    if (sendGoAway && PROTOCOL_ERROR_CODES.has(err.code)) {
      this.writer.control(FrameType.GoAway, 0, 0, GoAwayCode.ProtocolError);
      this.shutdownWith(new YamuxError(err.code, err.message.replace(/^yamux: /, ''), { cause: err.cause, goAwayCode: GoAwayCode.ProtocolError, streamId: err.streamId }));
      return;
    }
    this.shutdownWith(err);
  }

  /** Go `closeStream`. */
  forgetStream(stream: StreamCore): void {
    if (this.streams.get(stream.id) === stream) {
      this.streams.delete(stream.id);
      this.windowGrowth -= stream.windowMax - this.config.maxStreamWindowSize;
    }
    if (stream.inflight) this.streamEstablished(stream);
  }

  /** Auto-tuning within maxSessionBufferedBytes: every stream's base window plus all growth. */
  reserveWindowGrowth(bytes: number): boolean {
    if (this.streams.size * this.config.maxStreamWindowSize + this.windowGrowth + bytes > this.config.maxSessionBufferedBytes) return false;
    this.windowGrowth += bytes;
    return true;
  }

  /** Go `establishStream`. */
  streamEstablished(stream: StreamCore): void {
    if (!stream.inflight) return;
    stream.inflight = false;
    this.synInflight--;
    this.synWaiters.shift()?.resolve();
  }

  /** Go `setOpenTimeout` firing. */
  streamOpenTimedOut(stream: StreamCore): void {
    this.fail(new YamuxError('STREAM_OPEN_TIMEOUT', `aborted stream open: stream ${stream.id} not ACKed within ${this.config.streamOpenTimeoutMs} ms`, { streamId: stream.id }), false);
  }

  // ---- transport events ---------------------------------------------------------------

  private readonly onData = (chunk: Buffer | string): void => {
    this.reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  };

  private readonly onEnd = (): void => {
    const mid = this.reader.midFrame ? ' in the middle of a frame' : '';
    this.fail(new YamuxError('CONNECTION_CLOSED', `connection closed by peer (EOF)${mid}`), false);
  };

  private readonly onError = (err: Error): void => {
    this.fail(new YamuxError('CONNECTION_CLOSED', `connection failed: ${err.message}`, { cause: err }), false);
  };

  private readonly onClose = (): void => {
    this.fail(new YamuxError('CONNECTION_CLOSED', 'connection closed'), false);
  };

  // ---- shutdown ----------------------------------------------------------------------

  private checkCanOpen(): void {
    if (this.shutdown) throw this.shutdownError('open');
    if (this.isRemoteGoAway) throw new YamuxError('REMOTE_GO_AWAY', 'remote end is not accepting connections');
  }

  private shutdownError(op: string): YamuxError {
    const why = this.shutdownReason;
    return new YamuxError('SESSION_SHUTDOWN', `${op}: session shutdown${why ? ` (${why.message})` : ''}`, { cause: why });
  }

  /** Go `Session.Close` / `exitErr`: stop everything, fail what waits, end the transport. */
  private shutdownWith(reason: YamuxError | undefined): void {
    if (this.shutdown) return;
    log('%s session: closed (%s)', this.role, reason?.message ?? 'local close');
    this.shutdown = true;
    this.shutdownReason = reason;
    this.reader.stop();
    this.keepalive?.stop();
    const err = this.shutdownError('operation');
    for (const p of this.pings.values()) p.d.reject(err);
    this.pings.clear();
    for (const w of this.acceptWaiters) w.reject(err);
    this.acceptWaiters = [];
    for (const w of this.synWaiters) w.reject(err);
    this.synWaiters = [];
    // Queued streams are in the stream table too: sessionClosed drops them quietly (no RST).
    this.acceptQueue.length = 0;
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const s of streams) s.sessionClosed(reason);
    this.writer.close(err);
    // Flush what is queued (a GoAway, final frames), then close the transport.
    const conn = this.conn;
    conn.off('data', this.onData);
    conn.on('data', () => undefined); // keep draining so the peer's writes never block
    conn.resume();
    if (!conn.destroyed) {
      conn.once('finish', () => conn.destroy());
      conn.end();
      unrefTimeout(() => conn.destroy(), this.config.connectionWriteTimeoutMs);
    }
    this.closedD.resolve(reason);
  }
}
