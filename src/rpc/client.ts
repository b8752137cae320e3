/**
 * net/rpc client over any ClientCodec: Go's `rpc.Client` (`send`, `input`, `Close`, `Go`,
 * `Call`). Calls get Seq numbers from 0 upward in send order; replies are matched by Seq only,
 * in any order; a reply with an unknown Seq (or an error reply) has its body read and
 * discarded so the codec still records any type definitions in it.
 *
 * Failure mapping (Go → RpcError code):
 * - `rpc.ServerError` (Response.Error set) → `SERVER_ERROR`, message verbatim.
 * - `rpc.ErrShutdown` (calls after Close or after the connection ended) → `SHUTDOWN`.
 * - connection ended (`io.EOF` while not closing) → pending calls get `UNEXPECTED_EOF`
 *   ("unexpected EOF"); a transport error → `CONNECTION_ERROR` with the error as `cause`.
 * - a reply body that fails to decode → that call gets `DECODE_FAILED` "reading body <err>",
 *   and, as in Go's `input` loop, the client shuts down: every other pending call gets
 *   `DECODE_FAILED` "<err>" and later calls get `SHUTDOWN`.
 * - an argument that fails to encode → that call gets `ENCODE_FAILED`; nothing was written
 *   (the codec encodes header and body before writing either), so the client stays usable.
 *
 * Deviation from Go: `close()` rejects pending calls at once with `SHUTDOWN` (Go hands them
 * the transport's read error, e.g. "use of closed network connection"), and a second
 * `close()` is a no-op instead of returning ErrShutdown. Calls may also be abandoned with an
 * AbortSignal or `timeoutMs` (`ABORTED` / `TIMEOUT`); a late reply is then discarded.
 */
import { unrefTimeout } from '../internal/deferred.js';
import { onAbort } from './abort-fanout.js';
import { debug } from '../internal/debug.js';
import { NOT_YET, isPromise, type BodySchema, type BodyValue, type ClientCodec, type MaybePromise, type ResponseHeader, type SchemaOf } from './codec.js';
import { RpcError, forCall, shutdownError, toRpcError } from './errors.js';
import type { GobBody } from './gob-codec.js';
import type { MethodSpecs, ServiceDescription } from './service.js';

const log = debug('rpc');
/** Whether NODE_DEBUG enables rpc logging (fixed at start-up): the per-call line is skipped without building its arguments. */
const tracing = (log as { enabled?: boolean }).enabled === true;

/** Per-call options. */
export interface CallOptions {
  /** Abandons the call (`ABORTED`); the reply, if it still comes, is discarded. */
  readonly signal?: AbortSignal | undefined;
  /** Abandons the call after this many milliseconds (`TIMEOUT`). Defaults to no timeout. */
  readonly timeoutMs?: number | undefined;
}

/** Typed stubs of a service: one async function per method (values typed by the body schema language `B`). */
export type ServiceClient<M extends MethodSpecs<unknown>, B extends BodySchema = GobBody> = {
  readonly [K in keyof M]: (args: BodyValue<B, M[K]['args']>, options?: CallOptions) => Promise<BodyValue<B, M[K]['reply']>>;
};

/** One outstanding call (Go `rpc.Call`). */
interface PendingCall {
  readonly serviceMethod: string;
  args: unknown;
  readonly argsType: unknown;
  readonly replyType: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** -1 until sent. */
  seq: number;
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
  /** Stops waiting on the call's AbortSignal. */
  unlisten: (() => void) | undefined;
}

/** The call whose promise is being created: a promise executor runs synchronously. */
let creating: PendingCall | undefined;
/** The executor of every call's promise (no closure per call): hands the settlers to the call. */
function captureSettlers(resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
  const call = creating as PendingCall;
  call.resolve = resolve;
  call.reject = reject;
}
const unset = (): void => undefined;

/**
 * A net/rpc client bound to one connection (through its codec); `B` is the codec's body schema
 * language (gob's by default), which types call arguments and replies.
 */
export class Client<B extends BodySchema = GobBody> {
  private nextSeq = 0;
  /**
   * Sent calls awaiting their reply: one in `solo` (a sequential caller never needs more, and
   * a Map whose keys keep growing reallocates its table every few calls), the rest by Seq.
   */
  private solo: PendingCall | undefined;
  private readonly pending = new Map<number, PendingCall>();
  /** Calls waiting for the transport to drain before they are encoded and written. */
  private readonly queue: PendingCall[] = [];
  private blocked = false;
  private closing = false;
  private shutdown = false;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;
  /** A response header was read and its body is to be read next (false while waiting for a header). */
  private reading = false;
  /** The call the body being read answers (undefined for an unknown Seq or an abandoned call). */
  private readingCall: PendingCall | undefined;
  /** The error text of the response whose body is being read ('' for none). */
  private readingError = '';

  /** Starts reading responses from `codec` (Go `NewClientWithCodec`). */
  constructor(private readonly codec: ClientCodec<B>) {
    this.done = new Promise<void>((resolve) => (this.resolveDone = resolve));
    this.pump();
  }

  /** Number of calls sent or queued and not yet settled. */
  get pendingCalls(): number {
    return (this.solo === undefined ? 0 : 1) + this.pending.size + this.queue.length;
  }

  /** True once the client no longer accepts calls (closed, or the connection ended). */
  get isShutdown(): boolean {
    return this.closing || this.shutdown;
  }

  /** Resolves when the response reader has stopped (after close or connection loss). */
  get closed(): Promise<void> {
    return this.done;
  }

  /**
   * Calls `serviceMethod` (Go `Client.Call`): encodes `args` with the schema `argsType`, resolves
   * with the reply decoded with `replyType`.
   * @throws RpcError `SERVER_ERROR` | `SHUTDOWN` | `UNEXPECTED_EOF` | `CONNECTION_ERROR` |
   * `ENCODE_FAILED` | `DECODE_FAILED` | `ABORTED` | `TIMEOUT` (as a rejection).
   */
  call<A extends SchemaOf<B>, R extends SchemaOf<B>>(
    serviceMethod: string,
    args: BodyValue<B, A>,
    argsType: A,
    replyType: R,
    options?: CallOptions,
  ): Promise<BodyValue<B, R>> {
    const call: PendingCall = {
      serviceMethod,
      args,
      argsType,
      replyType,
      resolve: unset,
      reject: unset,
      seq: -1,
      settled: false,
      timer: undefined,
      unlisten: undefined,
    };
    creating = call;
    const promise = new Promise<unknown>(captureSettlers) as Promise<BodyValue<B, R>>;
    creating = undefined;
    try {
      if (this.closing || this.shutdown) call.reject(shutdownError(serviceMethod));
      else if (options === undefined || this.arm(call, options)) {
        if (this.blocked) this.queue.push(call);
        else this.send(call);
      }
    } catch (err) {
      call.reject(err); // as a throw inside a promise executor would
    }
    return promise;
  }

  /** Typed stubs for a described service: `client.service(Arith).Add({ A: 1, B: 2 })`. */
  service<M extends MethodSpecs<SchemaOf<B>>>(description: ServiceDescription<M>): ServiceClient<M, B> {
    const stubs: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(description.methods)) {
      const sm = `${description.name}.${name}`;
      stubs[name] = (args: unknown, options?: CallOptions) =>
        this.call(sm, args as never, spec.args as SchemaOf<B>, spec.reply as SchemaOf<B>, options);
    }
    return Object.freeze(stubs) as ServiceClient<M, B>;
  }

  /**
   * Closes the connection (Go `Client.Close`). Every pending call is rejected with `SHUTDOWN`;
   * resolves once the response reader has stopped. Idempotent.
   */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.failAll(() => shutdownError());
      this.codec.close();
    }
    return this.done;
  }

  /** Sets up abort/timeout; returns false if the call was rejected right away. */
  private arm(call: PendingCall, options: CallOptions): boolean {
    const { signal, timeoutMs } = options;
    if (signal !== undefined) {
      if (signal.aborted) {
        call.reject(new RpcError('ABORTED', `call to ${call.serviceMethod} aborted`, { serviceMethod: call.serviceMethod, cause: signal.reason }));
        return false;
      }
      // One listener per signal however many calls share it (no MaxListenersExceededWarning).
      call.unlisten = onAbort(signal, () =>
        this.abandon(call, new RpcError('ABORTED', `call to ${call.serviceMethod} aborted`, { serviceMethod: call.serviceMethod, cause: signal.reason })),
      );
    }
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs > 0) {
      call.timer = unrefTimeout(
        () => this.abandon(call, new RpcError('TIMEOUT', `call to ${call.serviceMethod} timed out after ${timeoutMs} ms`, { serviceMethod: call.serviceMethod })),
        timeoutMs,
      );
    }
    return true;
  }

  private abandon(call: PendingCall, err: RpcError): void {
    if (call.seq >= 0) this.forget(call);
    else {
      const i = this.queue.indexOf(call);
      if (i >= 0) this.queue.splice(i, 1);
    }
    this.settle(call, err, undefined);
  }

  private settle(call: PendingCall, err: unknown, value: unknown): void {
    if (call.settled) return;
    call.settled = true;
    call.args = undefined;
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.unlisten !== undefined) call.unlisten();
    if (err === undefined) call.resolve(value);
    else call.reject(err);
  }

  /** Go `Client.send`: assigns the Seq, registers the call, writes the request. */
  private send(call: PendingCall): void {
    const seq = this.nextSeq++;
    if (tracing) log('rpc: call %s seq=%d', call.serviceMethod, seq);
    call.seq = seq;
    if (this.solo === undefined) this.solo = call;
    else this.pending.set(seq, call);
    let w: Promise<void> | undefined;
    try {
      w = this.codec.writeRequest({ serviceMethod: call.serviceMethod, seq }, call.args, call.argsType as SchemaOf<B>);
    } catch (err) {
      this.forget(call);
      this.settle(call, forCall(toRpcError(err, 'ENCODE_FAILED'), call.serviceMethod), undefined);
      return;
    }
    call.args = undefined;
    if (w !== undefined) {
      this.blocked = true;
      w.then(
        () => this.unblock(),
        () => undefined, // the transport failed: the input loop ends and fails everything.
      );
    }
  }

  private unblock(): void {
    this.blocked = false;
    while (!this.blocked && this.queue.length > 0 && !this.closing && !this.shutdown) {
      const call = this.queue.shift() as PendingCall;
      this.send(call);
    }
  }

  /** Removes a sent call from the calls awaiting a reply. */
  private forget(call: PendingCall): void {
    if (this.solo === call) this.solo = undefined;
    else this.pending.delete(call.seq);
  }

  /** The sent call with Seq `seq`, removed from the calls awaiting a reply (undefined if none). */
  private take(seq: number): PendingCall | undefined {
    const solo = this.solo;
    if (solo !== undefined && solo.seq === seq) {
      this.solo = undefined;
      return solo;
    }
    const call = this.pending.get(seq);
    if (call !== undefined) this.pending.delete(seq);
    return call;
  }

  /** Rejects every pending and queued call with a fresh error from `make`. */
  private failAll(make: (call: PendingCall) => RpcError): void {
    const calls = [...this.queue, ...(this.solo === undefined ? [] : [this.solo]), ...this.pending.values()];
    this.queue.length = 0;
    this.solo = undefined;
    this.pending.clear();
    for (const c of calls) this.settle(c, forCall(make(c), c.serviceMethod), undefined);
  }

  /**
   * Go `Client.input`, as a callback-driven loop: reads responses while the codec has them
   * buffered (no promise per message), and when a read must wait, resumes from that read's
   * promise. Ends by shutting the client down.
   */
  private pump(): void {
    const codec = this.codec;
    for (;;) {
      if (!this.reading) {
        let h: MaybePromise<ResponseHeader | null> | typeof NOT_YET;
        try {
          h = codec.readResponseHeaderNow === undefined ? codec.readResponseHeader() : codec.readResponseHeaderNow(this.resume);
        } catch (err) {
          this.finish(toRpcError(err, 'DECODE_FAILED'));
          return;
        }
        if (h === NOT_YET) return; // the codec calls resume when bytes arrive
        if (isPromise(h)) {
          h.then(this.onHeader, this.onHeaderError);
          return;
        }
        if (!this.header(h)) return;
      }
      const call = this.readingCall;
      let b: MaybePromise<unknown>;
      try {
        b = codec.readResponseBody(call === undefined || this.readingError !== '' ? null : (call.replyType as SchemaOf<B>));
      } catch (err) {
        this.bodyFailed(err);
        return;
      }
      if (isPromise(b)) {
        b.then(this.onBody, this.onBodyError);
        return;
      }
      this.body(b);
    }
  }

  /** Re-enters the read loop after it yielded to the caller (see {@link body}). */
  private readonly resume = (): void => this.pump();

  private readonly onHeader = (h: ResponseHeader | null): void => {
    if (this.header(h)) this.pump();
  };
  private readonly onHeaderError = (err: unknown): void => this.finish(toRpcError(err, 'DECODE_FAILED'));
  private readonly onBody = (v: unknown): void => {
    this.body(v);
    this.pump();
  };
  private readonly onBodyError = (err: unknown): void => this.bodyFailed(err);

  /** A response header arrived: picks its call (undefined for an unknown Seq). False when the stream ended. */
  private header(h: ResponseHeader | null): boolean {
    if (h === null) {
      this.finish(undefined);
      return false;
    }
    const seq = h.seq;
    const call = typeof seq === 'number' ? this.take(seq) : undefined;
    this.reading = true;
    this.readingCall = call;
    this.readingError = h.error;
    return true;
  }

  /**
   * The body after the header was read (decoded, or discarded): settles its call. The loop
   * then goes on reading at once: re-arming the reader is cheap (with nothing buffered the
   * codec registers the wake-up without a decode attempt), so it needs no microtask of its own.
   */
  private body(value: unknown): void {
    const call = this.readingCall;
    const error = this.readingError;
    this.endReading();
    if (call === undefined) return;
    if (error !== '') this.settle(call, new RpcError('SERVER_ERROR', error, { serviceMethod: call.serviceMethod }), undefined);
    else this.settle(call, undefined, value);
  }

  private bodyFailed(err: unknown): void {
    const call = this.readingCall;
    const error = this.readingError;
    this.endReading();
    const e = toRpcError(err, 'DECODE_FAILED');
    if (call === undefined || error !== '') {
      // Unknown Seq, abandoned call or error reply: Go discards the body; failing to is fatal.
      if (call !== undefined) this.settle(call, new RpcError('SERVER_ERROR', error, { serviceMethod: call.serviceMethod }), undefined);
      this.finish(new RpcError(e.code, `reading error body: ${e.message}`, { cause: err }));
      return;
    }
    const code = e.code === 'UNEXPECTED_EOF' || e.code === 'CONNECTION_ERROR' ? e.code : 'DECODE_FAILED';
    this.settle(call, new RpcError(code, `reading body ${e.message}`, { serviceMethod: call.serviceMethod, cause: err }), undefined);
    this.finish(e);
  }

  private endReading(): void {
    this.reading = false;
    this.readingCall = undefined;
  }

  /** End of Go's `input` loop: shuts down and fails everything still pending. */
  private finish(failure: RpcError | undefined): void {
    this.shutdown = true;
    if (failure !== undefined && !this.closing) log('rpc: client protocol error: %s', failure.message);
    this.failAll(() => {
      if (this.closing) return shutdownError();
      if (failure === undefined) return new RpcError('UNEXPECTED_EOF', 'unexpected EOF');
      return failure;
    });
    this.codec.close();
    this.resolveDone();
  }
}
