/**
 * YamuxSession: the public face of one yamux session over any Node `Duplex` (hashicorp/yamux
 * v0.1.2 session.go `Session`, mux.go `Client` / `Server`). The state and rules live in the
 * session-internal SessionCore (session-core.ts); this class only forwards to it, so nothing
 * internal is reachable from (or typed in) the public surface.
 */
import type { Duplex } from 'node:stream';
import type { YamuxConfig } from './config.js';
import { GoAwayCode } from './constants.js';
import { YamuxError } from './errors.js';
import { SessionCore } from './session-core.js';
import type { YamuxStream } from './stream.js';

import type { YamuxOpOptions, YamuxRole } from './session-options.js';

export type { YamuxOpOptions, YamuxRole } from './session-options.js';

let construct: (conn: Duplex, role: YamuxRole, config: YamuxConfig | undefined) => YamuxSession;
let coreOf: (session: YamuxSession) => SessionCore;

/** A yamux session; create it with {@link createClient} or {@link createServer}. */
export class YamuxSession {
  /** The session's role. */
  readonly role: YamuxRole;
  /**
   * Resolves once the session has closed: with `undefined` after a local {@link close}, with
   * the YamuxError that ended it otherwise (peer EOF, protocol error, keepalive timeout…).
   * Never rejects.
   */
  readonly closed: Promise<YamuxError | undefined>;
  readonly #core: SessionCore;

  static {
    construct = (conn, role, config) => new YamuxSession(conn, role, config);
    coreOf = (session) => session.#core;
  }

  private constructor(conn: Duplex, role: YamuxRole, config: YamuxConfig | undefined) {
    this.#core = new SessionCore(conn, role, config);
    this.role = role;
    this.closed = this.#core.closed;
  }

  /** True once the session has closed. */
  get isClosed(): boolean {
    return this.#core.isClosed;
  }

  /** Number of streams currently tracked (open, half-closed or waiting to be accepted). */
  get numStreams(): number {
    return this.#core.streams.size;
  }

  /**
   * Opens a stream (Go `OpenStream`): sends WindowUpdate(SYN) at once and resolves without
   * waiting for the peer; data may be written immediately. Waits while `acceptBacklog`
   * opened streams are still un-ACKed. If the peer does not ACK within streamOpenTimeoutMs (and
   * the stream was not closed by us first) the whole session closes, as in Go.
   * @throws YamuxError SESSION_SHUTDOWN, REMOTE_GO_AWAY, STREAMS_EXHAUSTED, ABORTED
   */
  open(opts: YamuxOpOptions = {}): Promise<YamuxStream> {
    return this.#core.open(opts);
  }

  /**
   * Accepts the next stream opened by the peer (Go `AcceptStream`), on either role, and ACKs it.
   * @throws YamuxError SESSION_SHUTDOWN (cause: why the session closed), ABORTED
   */
  accept(opts: YamuxOpOptions = {}): Promise<YamuxStream> {
    return this.#core.accept(opts);
  }

  /** Inbound streams as an async iterator; it ends when the session closes (see {@link closed} for why). */
  async *[Symbol.asyncIterator](): AsyncGenerator<YamuxStream, void, undefined> {
    for (;;) {
      try {
        yield await this.#core.accept({});
      } catch (err) {
        if (err instanceof YamuxError && err.code === 'SESSION_SHUTDOWN') return;
        throw err;
      }
    }
  }

  /**
   * Sends a Ping and resolves with the round-trip time in milliseconds (Go `Ping`).
   * @throws YamuxError TIMEOUT (no reply within connectionWriteTimeoutMs), SESSION_SHUTDOWN, ABORTED
   */
  ping(opts: YamuxOpOptions = {}): Promise<number> {
    return this.#core.ping(opts);
  }

  /**
   * Sends GoAway (Go `GoAway`). With the default code 0 (normal) the peer may open no new
   * streams and existing ones continue; inbound SYNs are answered with RST from now on. With
   * GoAwayCode.ProtocolError or InternalError, which a Go peer treats as fatal, the session is
   * closed right after the frame (as {@link close}).
   */
  goAway(code: GoAwayCode = GoAwayCode.Normal): void {
    this.#core.goAway(code);
  }

  /**
   * Closes the session (Go `Close`: no GoAway, the connection is ended). Open streams are
   * destroyed; pending `accept()`/`open()`/`ping()` reject with SESSION_SHUTDOWN. Resolves once
   * the transport has closed. Idempotent.
   */
  close(): Promise<void> {
    return this.#core.close();
  }
}

/**
 * Starts a client-role session over `conn` (Go `yamux.Client`): opens odd stream ids.
 * @throws YamuxError INVALID_CONFIG | INVALID_ARGUMENT
 */
export function createClient(conn: Duplex, config?: YamuxConfig): YamuxSession {
  return construct(conn, 'client', config);
}

/**
 * Starts a server-role session over `conn` (Go `yamux.Server`): opens even stream ids.
 * @throws YamuxError INVALID_CONFIG | INVALID_ARGUMENT
 */
export function createServer(conn: Duplex, config?: YamuxConfig): YamuxSession {
  return construct(conn, 'server', config);
}

/** The SessionCore behind `session` (session-internal: white-box tests only; not exported by the package). */
export function sessionCoreOf(session: YamuxSession): SessionCore {
  return coreOf(session);
}
