/**
 * net/rpc server over any ServerCodec: Go's `rpc.Server` (`register`, `ServeConn`,
 * `ServeCodec`, `readRequestHeader`, `readRequest`, `sendResponse`, `service.call`).
 *
 * Per connection: read a header, validate it with Go's exact error strings (ServiceMethod
 * split at the LAST dot; "rpc: service/method request ill-formed: X", "rpc: can't find
 * service X", "rpc: can't find method X"), read the body (discarding it for a bad header),
 * then run the handler concurrently and write its response whenever it finishes, so replies
 * may go out of order. Errors are answered with `Response.Error` and Go's empty-struct body
 * (`invalidRequest`). A body that fails to decode gets an error response with the decoder's
 * text, as in Go, and reading goes on (when the rest of that body was left unread, the next
 * header fails to decode, as in Go); a header that fails to decode closes the connection
 * without a response (Go logs
 * "rpc: server cannot decode request: …"; we log it via NODE_DEBUG=gonetrpc:rpc).
 *
 * Deviation from Go: concurrency per connection is bounded (`maxConcurrentCallsPerConn`,
 * default 128); a call holds its slot until the transport took its reply, error replies
 * included, and at the limit the server stops reading that connection, so TCP flow control
 * pushes back on a client that sends faster than it reads. Go starts a goroutine per request.
 * Deviation from Go: a reply that fails to encode is answered with an error response
 * ("rpc: cannot encode reply: …") and the connection kept; Go logs, closes the connection and
 * leaves the client with a header and no body.
 * Deviation from Go: a handler failing with an empty message is still an error reply (Go would
 * treat `errors.New("")` as success and send the zero reply).
 */
import { Socket, type Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { debug } from '../internal/debug.js';
import { describeError } from '../internal/errors.js';
import { NOT_YET, isPromise, type BodySchema, type MaybePromise, type RequestHeader, type SchemaOf, type ServerCodec } from './codec.js';
import { RpcError } from './errors.js';
import { SHORTENED_LIMITS, handlerErrorText, shortened } from './error-text.js';
import { GobServerCodec, type GobBody, type GobCodecOptions } from './gob-codec.js';
import { acceptHTTPConnect, type HttpConnectOptions } from './http-connect.js';
import type { AnyServiceDefinition, CallContext, MethodSpec } from './service.js';

const log = debug('rpc');
/** Whether NODE_DEBUG enables rpc logging (fixed at start-up): the per-call line is skipped without building its arguments. */
const tracing = (log as { enabled?: boolean }).enabled === true;

/** Server options. */
export interface ServerOptions {
  /**
   * Maximum number of calls of one connection running at once; further requests stay unread
   * until one finishes. Defaults to 128. Go has no limit (a goroutine per request).
   */
  readonly maxConcurrentCallsPerConn?: number;
  /**
   * gob registry for the interface values of the connections served with the gob codec
   * (`serveConn`, `accept`, `serveHTTP`, `acceptHTTP`) that pass none in their own options.
   * Default: gob's default registry.
   */
  readonly registry?: GobCodecOptions['registry'];
}

/** Default of {@link ServerOptions.maxConcurrentCallsPerConn}. */
export const DEFAULT_MAX_CONCURRENT_CALLS_PER_CONN = 128;

interface RegisteredMethod {
  readonly spec: MethodSpec<unknown, unknown>;
  readonly handler: (args: unknown, ctx: CallContext) => unknown;
}

/** Per-connection state of ServeCodec. */
interface ConnState<B extends BodySchema> {
  readonly codec: ServerCodec<B>;
  readonly abort: AbortController;
  /** `abort.signal`, read once (the getter checks its receiver on every call). */
  readonly signal: AbortSignal;
  active: number;
  /** Run when a call frees its slot: the read loop waiting for one, or the final drain. */
  wake: (() => void) | undefined;
  /** The request whose body is to be read next; undefined while waiting for a header. */
  header: RequestHeader | undefined;
  /** True once the read loop has stopped (end of stream or a header that failed to decode). */
  stopped: boolean;
  /** Frees one concurrency slot (bound once per connection: no closure per call). */
  readonly release: () => void;
  /** `release` after a failed write, logging the failure. */
  readonly releaseFailed: (err: unknown) => void;
  /** Callbacks of the read loop for reads that had to wait (bound once per connection). */
  readonly resume: () => void;
  readonly onHeader: (h: RequestHeader | null) => void;
  readonly onHeaderError: (err: unknown) => void;
  readonly onBody: (v: unknown) => void;
  readonly onBodyError: (err: unknown) => void;
  /** Resolves serveCodec's promise. */
  readonly finished: () => void;
}

/**
 * A net/rpc server: a set of registered services, served on any number of connections. `B` is
 * the body schema language of its codec (gob's by default; the gob-only conveniences
 * `serveConn`, `accept`, `serveHTTP`, `acceptHTTP` need it), which its services' schemas use.
 */
export class Server<B extends BodySchema = GobBody> {
  private readonly services = new Map<string, Map<string, RegisteredMethod>>();
  private readonly conns = new Set<ConnState<B>>();
  private readonly maxConcurrent: number;
  private readonly registry: GobCodecOptions['registry'];
  /** The last method looked up (services are never unregistered, so it stays valid). */
  private lastName = '';
  private lastMethod: RegisteredMethod | undefined;

  constructor(options: ServerOptions = {}) {
    const max = options.maxConcurrentCallsPerConn ?? DEFAULT_MAX_CONCURRENT_CALLS_PER_CONN;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RpcError('INVALID_ARGUMENT', `maxConcurrentCallsPerConn must be a positive integer, got ${max}`);
    }
    this.maxConcurrent = max;
    this.registry = options.registry;
  }

  /**
   * Registers a service under its own name, or under `name` (Go `RegisterName`). Names may
   * contain dots (`net.rpc.Arith`).
   * @throws RpcError `DUPLICATE_SERVICE` ("rpc: service already defined: X") or `INVALID_SERVICE`.
   */
  register(service: AnyServiceDefinition<SchemaOf<B>>, name: string = service.name): void {
    if (typeof name !== 'string' || name === '') {
      throw new RpcError('INVALID_SERVICE', 'rpc.Register: no service name for type');
    }
    if (this.services.has(name)) throw new RpcError('DUPLICATE_SERVICE', `rpc: service already defined: ${name}`);
    const methods = new Map<string, RegisteredMethod>();
    for (const [m, spec] of Object.entries(service.methods)) {
      const handler = (service.handlers as Record<string, unknown>)[m];
      if (typeof handler !== 'function') {
        throw new RpcError('INVALID_SERVICE', `rpc.Register: method ${name}.${m} has no handler`);
      }
      methods.set(m, { spec, handler: handler as RegisteredMethod['handler'] });
    }
    if (methods.size === 0) {
      throw new RpcError('INVALID_SERVICE', `rpc.Register: type ${name} has no exported methods of suitable type`);
    }
    this.services.set(name, methods);
  }

  /** Names of the registered services. */
  get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /**
   * Serves net/rpc with the gob codec on one connection until it ends (Go `Server.ServeConn`).
   * Any Duplex works: a TCP or unix socket, an in-memory pair, a yamux stream. Never rejects.
   * @throws RpcError INVALID_ARGUMENT (synchronously) when `stream` is not a Duplex.
   */
  serveConn(this: Server<GobBody>, stream: Duplex, options: GobCodecOptions = {}): Promise<void> {
    // Go's TCP connections have TCP_NODELAY on; Node's do not by default.
    if (stream instanceof Socket) stream.setNoDelay(true);
    const withRegistry = options.registry === undefined && this.registry !== undefined ? { ...options, registry: this.registry } : options;
    return this.serveCodec(new GobServerCodec(stream, withRegistry));
  }

  /** Serves every connection `listener` accepts (Go `Server.Accept`). */
  accept(this: Server<GobBody>, listener: NetServer, options: GobCodecOptions = {}): void {
    listener.on('connection', (socket: Socket) => void this.serveConn(socket, options));
  }

  /**
   * Serves one freshly accepted socket of an HTTP endpoint (Go `Server.ServeHTTP` registered by
   * `HandleHTTP` at `/_goRPC_`): answers the CONNECT handshake, then serves net/rpc on it; other
   * requests get Go's 405/404 answers. Never rejects.
   */
  async serveHTTP(this: Server<GobBody>, stream: Duplex, options: GobCodecOptions & HttpConnectOptions = {}): Promise<void> {
    if (await acceptHTTPConnect(stream, options)) await this.serveConn(stream, options);
  }

  /** Serves every connection `listener` accepts as an HTTP CONNECT endpoint (Go `HandleHTTP` + `http.Serve`). */
  acceptHTTP(this: Server<GobBody>, listener: NetServer, options: GobCodecOptions & HttpConnectOptions = {}): void {
    listener.on('connection', (socket: Socket) => void this.serveHTTP(socket, options));
  }

  /**
   * Serves one connection through `codec` until it ends (Go `Server.ServeCodec`). Never
   * rejects: connection and protocol failures end the connection, handler failures become
   * error responses. Resolves after the in-flight calls have finished and the codec is closed.
   */
  serveCodec(codec: ServerCodec<B>): Promise<void> {
    return new Promise<void>((finished) => {
      const release = (): void => {
        st.active--;
        const wake = st.wake;
        st.wake = undefined;
        wake?.();
      };
      const abort = new AbortController();
      const st: ConnState<B> = {
        codec,
        abort,
        signal: abort.signal,
        active: 0,
        wake: undefined,
        header: undefined,
        stopped: false,
        release,
        releaseFailed: (err) => {
          log('rpc: writing response: %s', describeError(err));
          release();
        },
        resume: () => this.pump(st),
        onHeader: (h) => {
          if (h === null) this.stop(st);
          else {
            st.header = h;
            this.pump(st);
          }
        },
        onHeaderError: (err) => this.headerFailed(st, err),
        onBody: (v) => {
          this.bodyRead(st, v, undefined);
          this.pump(st);
        },
        onBodyError: (err) => {
          this.bodyRead(st, undefined, err);
          this.pump(st);
        },
        finished,
      };
      this.conns.add(st);
      codec.onClose(() => st.abort.abort(new RpcError('SHUTDOWN', 'connection closed')));
      this.pump(st);
    });
  }

  /** Closes every connection being served; in-flight handlers see their signal abort. */
  close(): void {
    for (const st of this.conns) {
      st.abort.abort(new RpcError('SHUTDOWN', 'server closed'));
      st.codec.close();
    }
  }

  /**
   * Go `Server.readRequest` loop of `ServeCodec`, callback-driven: requests already buffered
   * are read and dispatched synchronously; a read that must wait resumes from its promise, a
   * full concurrency limit from the next freed slot.
   */
  private pump(st: ConnState<B>): void {
    const codec = st.codec;
    try {
      for (;;) {
        if (st.header === undefined) {
          if (st.active >= this.maxConcurrent) {
            st.wake = st.resume;
            return;
          }
          let h: MaybePromise<RequestHeader | null> | typeof NOT_YET;
          try {
            h = codec.readRequestHeaderNow === undefined ? codec.readRequestHeader() : codec.readRequestHeaderNow(st.resume);
          } catch (err) {
            this.headerFailed(st, err);
            return;
          }
          if (h === NOT_YET) return; // the codec calls resume when bytes arrive
          if (isPromise(h)) {
            h.then(st.onHeader, st.onHeaderError);
            return;
          }
          if (h === null) {
            this.stop(st);
            return;
          }
          st.header = h;
        }
        const found = this.lookup(st.header.serviceMethod);
        if (tracing) log('rpc: serving %s seq=%d', st.header.serviceMethod, st.header.seq);
        let b: MaybePromise<unknown>;
        try {
          // Go reads and discards the body of a bad request, then answers with the error.
          b = codec.readRequestBody(typeof found === 'string' ? null : found.spec.args);
        } catch (err) {
          this.bodyRead(st, undefined, err, found);
          continue;
        }
        if (isPromise(b)) {
          b.then(st.onBody, st.onBodyError);
          return;
        }
        this.bodyRead(st, b, undefined, found);
      }
    } catch (err) {
      log('rpc: serve loop failed: %s', describeError(err));
      this.stop(st);
    }
  }

  /** The body of `st.header` was read (or failed to): dispatches the call or answers the error. */
  private bodyRead(st: ConnState<B>, args: unknown, err: unknown, found = this.lookup((st.header as RequestHeader).serviceMethod)): void {
    const header = st.header as RequestHeader;
    st.header = undefined;
    // Every call, answered with an error or not, holds a concurrency slot until the transport
    // took its reply: a peer that never reads its replies stops being read (issue 13.2).
    st.active++;
    if (typeof found === 'string') {
      if (err !== undefined) log('rpc: discarding request body: %s', describeError(err));
      this.answerError(st, header, found);
    } else if (err !== undefined) {
      // Go `ServeCodec`: a body that fails to decode is answered with the decoder's error text.
      this.answerError(st, header, describeError(err));
    } else this.invoke(st, header, found, args);
  }

  /** Sends an error reply for a call holding a slot, and frees the slot once the transport took it. */
  private answerError(st: ConnState<B>, header: RequestHeader, errmsg: string): void {
    const w = this.sendError(st.codec, header, errmsg);
    if (w === undefined) st.release();
    else w.then(st.release, st.releaseFailed);
  }

  private headerFailed(st: ConnState<B>, err: unknown): void {
    const code = err instanceof RpcError ? err.code : undefined;
    if (code !== 'UNEXPECTED_EOF' && code !== 'CONNECTION_ERROR') log('rpc: server cannot decode request: %s', describeError(err));
    this.stop(st);
  }

  /** The read loop ended: once the running calls have finished, closes the codec. */
  private stop(st: ConnState<B>): void {
    if (st.stopped) return;
    st.stopped = true;
    const drain = (): void => {
      if (st.active > 0) {
        st.wake = drain;
        return;
      }
      this.conns.delete(st);
      st.codec.close();
      st.finished();
    };
    drain();
  }

  /** Go `Server.readRequestHeader` validation: the method, or Go's error text. */
  private lookup(serviceMethod: string): RegisteredMethod | string {
    // Consecutive calls usually name the same method: skip the split and two map lookups.
    if (serviceMethod === this.lastName && this.lastMethod !== undefined) return this.lastMethod;
    const found = this.find(serviceMethod);
    if (typeof found !== 'string') {
      this.lastName = serviceMethod;
      this.lastMethod = found;
    }
    return found;
  }

  private find(serviceMethod: string): RegisteredMethod | string {
    const dot = serviceMethod.lastIndexOf('.');
    if (dot < 0) return `rpc: service/method request ill-formed: ${serviceMethod}`;
    const svc = this.services.get(serviceMethod.slice(0, dot));
    if (svc === undefined) return `rpc: can't find service ${serviceMethod}`;
    return svc.get(serviceMethod.slice(dot + 1)) ?? `rpc: can't find method ${serviceMethod}`;
  }

  /** Go `service.call`: runs the handler; synchronous results are answered without a promise hop. */
  private invoke(st: ConnState<B>, header: RequestHeader, m: RegisteredMethod, args: unknown): void {
    let r: unknown;
    try {
      r = m.handler(args, { serviceMethod: header.serviceMethod, seq: header.seq, signal: st.signal });
    } catch (err) {
      this.respond(st, header, m, undefined, handlerErrorText(err));
      return;
    }
    if (isPromise(r)) {
      r.then(
        (v) => this.respond(st, header, m, v, undefined),
        (err: unknown) => this.respond(st, header, m, undefined, handlerErrorText(err)),
      );
    } else this.respond(st, header, m, r, undefined);
  }

  /** Go `sendResponse`; frees the call's concurrency slot once the transport took the reply. */
  private respond(st: ConnState<B>, header: RequestHeader, m: RegisteredMethod, reply: unknown, errmsg: string | undefined): void {
    const codec = st.codec;
    let w: Promise<void> | undefined;
    if (errmsg === undefined) {
      try {
        w = codec.writeResponse({ serviceMethod: header.serviceMethod, seq: header.seq, error: '' }, reply, m.spec.reply);
      } catch (err) {
        if (!(err instanceof RpcError && err.code === 'CONNECTION_ERROR')) errmsg = `rpc: cannot encode reply: ${describeError(err)}`;
        else log('rpc: writing response: %s', describeError(err));
      }
    }
    if (errmsg !== undefined) {
      this.answerError(st, header, errmsg);
      return;
    }
    if (w === undefined) st.release();
    else w.then(st.release, st.releaseFailed);
  }

  /**
   * Go `sendResponse` with an error: `Response.Error` set and the `invalidRequest` body. A reply
   * the codec cannot encode (an error text or echoed name beyond its message limit) is retried
   * with both cut short, so the call is still answered.
   * Deviation from Go: Go's message limit (8 GiB) makes this moot there; its texts are never cut.
   */
  private sendError(codec: ServerCodec<B>, req: RequestHeader, errmsg: string): Promise<void> | undefined {
    for (let attempt = 0; ; attempt++) {
      const { serviceMethod, error } = attempt === 0 ? { serviceMethod: req.serviceMethod, error: errmsg } : shortened(req.serviceMethod, errmsg, attempt);
      try {
        return codec.writeResponse({ serviceMethod, seq: req.seq, error }, codec.errorBodyValue, codec.errorBodyType);
      } catch (err) {
        const closed = err instanceof RpcError && err.code === 'CONNECTION_ERROR';
        if (closed || attempt >= SHORTENED_LIMITS.length) {
          log('rpc: writing response: %s', describeError(err));
          return undefined;
        }
      }
    }
  }
}
