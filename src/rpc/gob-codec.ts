/**
 * The gob codec for net/rpc: Go's `gobClientCodec` and `gobServerCodec` (net/rpc client.go /
 * server.go). One gob Encoder and one Decoder per connection, so each side sends a type
 * definition once per connection direction. The only rpc file that imports gob.
 *
 * Headers are Go's `rpc.Request{ServiceMethod string; Seq uint64}` and
 * `rpc.Response{ServiceMethod string; Seq uint64; Error string}`; an error response carries
 * Go's `invalidRequest` body, `struct{}{}`. Discarding a body (`readXBody(null)`) is gob
 * `Decode(nil)`: the value is skipped but its type definitions are recorded.
 *
 * Deviation from Go: header and body are encoded first, then handed to the transport back to
 * back, so a body that fails to encode writes nothing (Go's bufio codec leaves the header
 * behind and desynchronises the stream): gob's MessagePairEncoder, which also carries the
 * header's definitions of a failed pair into the next write, so the peer still receives them.
 */
import type { Duplex } from 'node:stream';
import {
  Decoder,
  Encoder,
  GobError,
  MessagePairEncoder,
  NEED_MORE,
  emptyStruct,
  string as gobString,
  struct,
  uintAuto,
  type Descriptor,
  type Infer,
  type Registry,
} from '../gob/index.js';
import { NOT_YET, type BodySchema, type ClientCodec, type MaybePromise, type RequestHeader, type ResponseHeader, type Seq, type ServerCodec, type WriteResult } from './codec.js';

import { isDuplexLike } from '../internal/duplex.js';
import { RpcError } from './errors.js';
import { MessageWriter } from './message-writer.js';
import { StreamSource } from './stream-source.js';

/**
 * The gob codec's body schema language: bodies are described by gob descriptors and have the
 * JS values gob's `Infer` gives them. The default of the rpc Client, Server and service types.
 */
export interface GobBody extends BodySchema {
  readonly schema: Descriptor;
  readonly value: this['input'] extends Descriptor ? Infer<this['input']> : never;
}

/** Go `rpc.Request` as a gob struct. */
export const RequestType = struct('Request', { ServiceMethod: gobString, Seq: uintAuto }, { pkgPath: 'net/rpc' });
/** Go `rpc.Response` as a gob struct. */
export const ResponseType = struct('Response', { ServiceMethod: gobString, Seq: uintAuto, Error: gobString }, { pkgPath: 'net/rpc' });

/** Options of the gob codec (passed to its gob Encoder and Decoder). */
export interface GobCodecOptions {
  /** Registry for interface values. Defaults to gob's default registry. */
  readonly registry?: Registry;
  /** Largest gob message accepted or produced, in bytes. Defaults to gob's 64 MiB. */
  readonly maxMessageBytes?: number;
  /** Maximum nesting depth while decoding. Defaults to gob's 10000. */
  readonly maxDepth?: number;
  /**
   * First type id our Encoder hands out: gob's default 64 (what Go ≥ 1.21 sends), or 65 to
   * reproduce Go ≤ 1.20 byte for byte. Peers accept either.
   */
  readonly firstTypeId?: number;
}

/** Strips gob's " (at byte N)" suffix so the text matches Go's message. */
function goText(err: GobError): string {
  const suffix = err.offset === undefined ? '' : ` (at byte ${err.offset})`;
  return suffix !== '' && err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
}

function encodeFailed(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  const text = err instanceof GobError ? goText(err) : String(err);
  return new RpcError('ENCODE_FAILED', text, { cause: err });
}

function decodeFailed(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  if (err instanceof GobError) {
    return new RpcError(err.code === 'UNEXPECTED_EOF' ? 'UNEXPECTED_EOF' : 'DECODE_FAILED', err.code === 'UNEXPECTED_EOF' ? 'unexpected EOF' : goText(err), { cause: err });
  }
  return new RpcError('DECODE_FAILED', String(err), { cause: err });
}

interface PendingRead {
  readonly attempt: () => unknown;
  readonly eofOk: boolean;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Shared read/write machinery of both codecs. */
class GobConn {
  protected readonly dec: Decoder;
  protected readonly source: StreamSource;
  protected readonly writer: MessageWriter;
  /** Callback of a promise-free read waiting for bytes (see pullNow). */
  private waiter: (() => void) | undefined;
  /** The last pullNow attempt needed more bytes. */
  private starved = false;
  /** The read waiting for bytes, retried on every chunk (no promise hop per chunk). */
  private pending: PendingRead | undefined;
  /** Header + body pairs, encoded atomically on the connection's gob Encoder. */
  private readonly pairs: MessagePairEncoder;
  private readonly requestHeader: { ServiceMethod: string; Seq: Seq } = { ServiceMethod: '', Seq: 0 };
  private readonly responseHeader: { ServiceMethod: string; Seq: Seq; Error: string } = { ServiceMethod: '', Seq: 0, Error: '' };

  constructor(protected readonly stream: Duplex, options: GobCodecOptions) {
    if (!isDuplexLike(stream)) throw new RpcError('INVALID_ARGUMENT', 'rpc: the connection must be a Node Duplex (net.Socket, a yamux stream, …)');
    const common = {
      ...(options.registry === undefined ? {} : { registry: options.registry }),
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    };
    this.pairs = new MessagePairEncoder(new Encoder({ ...common, ...(options.firstTypeId === undefined ? {} : { firstTypeId: options.firstTypeId }) }));
    this.dec = new Decoder({ ...common, ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }) });
    this.source = new StreamSource(stream, () => this.onActivity());
    this.writer = new MessageWriter(stream);
  }

  /**
   * Encodes header then body; writes both (plus any definitions owed from a failed pair) or
   * nothing. The header is `{ServiceMethod, Seq}` plus `Error` for responses (`error`
   * defined); `urgent` as for {@link MessageWriter.write}.
   */
  protected writePair(serviceMethod: string, seq: Seq, error: string | undefined, body: unknown, bodyType: Descriptor, urgent: boolean): WriteResult {
    let parts: readonly Uint8Array[];
    try {
      // One scratch header object per connection: encoding is synchronous and keeps no reference.
      if (error === undefined) {
        const h = this.requestHeader;
        h.ServiceMethod = serviceMethod;
        h.Seq = seq;
        parts = this.pairs.encode(h, RequestType, body as never, bodyType);
      } else {
        const h = this.responseHeader;
        h.ServiceMethod = serviceMethod;
        h.Seq = seq;
        h.Error = error;
        parts = this.pairs.encode(h, ResponseType, body as never, bodyType);
      }
    } catch (err) {
      throw encodeFailed(err);
    }
    return this.writer.write(parts, urgent);
  }

  /**
   * Runs `attempt` (a decoder call) until it produces a value, feeding buffered bytes; when it
   * needs more, returns a promise settled from the stream's 'data' handler. `null` on a clean
   * end of stream when `eofOk`.
   */
  protected pull<T>(attempt: () => T | typeof NEED_MORE, eofOk: boolean): MaybePromise<T | null> {
    const v = this.tryPull(attempt, eofOk);
    if (v !== NEED_MORE) return v;
    return new Promise<T | null>((resolve, reject) => {
      this.pending = { attempt, eofOk, resolve: resolve as (v: unknown) => void, reject };
    });
  }

  /** Promise-free pull (the codecs' `…HeaderNow`): `NOT_YET` and one `wake` call when it must wait. */
  protected pullNow<T>(attempt: () => T | typeof NEED_MORE, eofOk: boolean, wake: () => void): T | null | typeof NOT_YET {
    // After a wake-up nothing was consumed since the last attempt: feed the new bytes first.
    const v = this.tryPull(attempt, eofOk, this.starved);
    this.starved = false;
    if (v !== NEED_MORE) return v;
    this.starved = true;
    this.waiter = wake;
    return NOT_YET;
  }

  private onActivity(): void {
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      w();
      return;
    }
    const p = this.pending;
    if (p === undefined) return;
    let v: unknown;
    try {
      // The last attempt needed more bytes and nothing was consumed since: feed them first.
      v = this.tryPull(p.attempt, p.eofOk, true);
    } catch (err) {
      this.pending = undefined;
      p.reject(err);
      return;
    }
    if (v === NEED_MORE) return;
    this.pending = undefined;
    p.resolve(v);
  }

  private tryPull<T>(attempt: () => T | typeof NEED_MORE, eofOk: boolean, feedFirst = false): T | null | typeof NEED_MORE {
    for (;;) {
      if (!feedFirst) {
        let v: T | typeof NEED_MORE;
        try {
          v = attempt();
        } catch (err) {
          throw decodeFailed(err);
        }
        if (v !== NEED_MORE) return v;
      }
      feedFirst = false;
      let chunk = this.source.read();
      if (chunk === null) return this.source.done ? this.atEnd(eofOk) : NEED_MORE;
      do this.dec.push(chunk);
      while ((chunk = this.source.read()) !== null);
    }
  }

  private atEnd(eofOk: boolean): null {
    const failure = this.source.error;
    if (failure !== undefined) {
      throw new RpcError('CONNECTION_ERROR', `connection failed: ${failure.message}`, { cause: failure });
    }
    try {
      this.dec.end();
    } catch (err) {
      throw decodeFailed(err);
    }
    // Go: Decode at a clean message boundary returns io.EOF ("EOF").
    if (!eofOk) throw new RpcError('UNEXPECTED_EOF', 'EOF');
    return null;
  }

  /** Type of the body being read (read by the pre-bound attempt functions below). */
  private bodyType: Descriptor = emptyStruct;
  private readonly skipAttempt = (): true | typeof NEED_MORE => (this.dec.skip() ? true : NEED_MORE);
  private readonly bodyAttempt = (): unknown => this.dec.decode(this.bodyType);

  protected readBody(bodyType: Descriptor | null): MaybePromise<unknown> {
    if (bodyType === null) return this.pull(this.skipAttempt, false);
    this.bodyType = bodyType;
    return this.pull(this.bodyAttempt, false);
  }
}

/** Go `gobClientCodec`: gob over one connection, client side. */
export class GobClientCodec extends GobConn implements ClientCodec<GobBody> {
  /** Requests written minus response headers read: replies still expected. */
  private inFlight = 0;
  private readonly headerAttempt = (): ResponseHeader | typeof NEED_MORE => {
    const r = this.dec.decode(ResponseType);
    if (r === NEED_MORE) return r;
    if (this.inFlight > 0) this.inFlight--;
    return toResponse(r);
  };
  constructor(stream: Duplex, options: GobCodecOptions = {}) {
    super(stream, options);
  }

  writeRequest(header: RequestHeader, body: unknown, bodyType: Descriptor): WriteResult {
    // A lone call (no other reply awaited) is written at once; calls made while others are in
    // flight are batched per tick.
    const w = this.writePair(header.serviceMethod, header.seq, undefined, body, bodyType, this.inFlight === 0);
    this.inFlight++;
    return w;
  }

  readResponseHeader(): MaybePromise<ResponseHeader | null> {
    return this.pull(this.headerAttempt, true);
  }

  readResponseHeaderNow(wake: () => void): ResponseHeader | null | typeof NOT_YET {
    return this.pullNow(this.headerAttempt, true, wake);
  }

  readResponseBody(bodyType: Descriptor | null): MaybePromise<unknown> {
    return this.readBody(bodyType);
  }

  /** Closes the connection at once (Go `gobClientCodec.Close`). */
  close(): void {
    this.stream.destroy();
  }
}

type RawResponse = { ServiceMethod: string; Seq: number | bigint; Error: string };
type RawRequest = { ServiceMethod: string; Seq: number | bigint };

function toResponse(r: RawResponse): ResponseHeader {
  return { serviceMethod: r.ServiceMethod ?? '', seq: r.Seq ?? 0, error: r.Error ?? '' };
}

function toRequest(r: RawRequest): RequestHeader {
  return { serviceMethod: r.ServiceMethod ?? '', seq: r.Seq ?? 0 };
}

/** Go `gobServerCodec`: gob over one connection, server side. */
export class GobServerCodec extends GobConn implements ServerCodec<GobBody> {
  /** Request headers read minus responses written: replies still owed. */
  private owed = 0;
  private readonly headerAttempt = (): RequestHeader | typeof NEED_MORE => {
    const r = this.dec.decode(RequestType);
    if (r === NEED_MORE) return r;
    this.owed++;
    return toRequest(r);
  };
  readonly errorBodyType: Descriptor = emptyStruct;
  readonly errorBodyValue: unknown = {};
  private closed = false;

  constructor(stream: Duplex, options: GobCodecOptions = {}) {
    super(stream, options);
  }

  readRequestHeader(): MaybePromise<RequestHeader | null> {
    return this.pull(this.headerAttempt, true);
  }

  readRequestHeaderNow(wake: () => void): RequestHeader | null | typeof NOT_YET {
    return this.pullNow(this.headerAttempt, true, wake);
  }

  readRequestBody(bodyType: Descriptor | null): MaybePromise<unknown> {
    return this.readBody(bodyType);
  }

  writeResponse(header: ResponseHeader, body: unknown, bodyType: Descriptor): WriteResult {
    // The last reply owed, with no further request buffered, is written at once; otherwise
    // replies finishing in the same tick share one write.
    const urgent = this.owed <= 1 && !this.source.hasData && this.dec.buffered === 0;
    const w = this.writePair(header.serviceMethod, header.seq, header.error, body, bodyType, urgent);
    if (this.owed > 0) this.owed--;
    return w;
  }

  onClose(listener: () => void): void {
    if (this.stream.destroyed) queueMicrotask(listener);
    else this.stream.once('close', listener);
  }

  /** Flushes what was written, then closes the connection (Go `gobServerCodec.Close`). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const s = this.stream;
    if (s.destroyed) return;
    // Replies batched for the next tick go out first (an error reply answered just before a
    // request that ends the connection, as Go's ServeCodec does).
    this.writer.flush();
    if (s.writableEnded) s.destroy();
    else s.end(() => s.destroy());
  }
}
