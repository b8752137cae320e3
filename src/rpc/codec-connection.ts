/**
 * The connection plumbing every net/rpc codec shares, whatever its wire format (gob-codec.ts,
 * msgpack-codec.ts): transport wiring (StreamSource in, MessageWriter out), pulling a header
 * with or without a promise, reading or discarding a body, the urgent/batched decision for a
 * header + body pair, onClose, close() that flushes then ends, and the end-of-stream errors.
 * Mirrors what Go's `gobClientCodec`/`gobServerCodec` (net/rpc client.go / server.go) and
 * ugorji's `goRpcCodec` (rpc.go) each do around their encoder and decoder.
 *
 * A format supplies a {@link WireFormat}: its stream decoder and pair encoder. It knows the bytes;
 * this file knows the connection.
 */
import type { Duplex } from 'node:stream';
import { isDuplexLike } from '../internal/duplex.js';
import { NOT_YET, type MaybePromise, type RequestHeader, type ResponseHeader, type WriteResult } from './codec.js';
import { RpcError } from './errors.js';
import { MessageWriter } from './message-writer.js';
import { StreamSource } from './stream-source.js';

/**
 * An incremental decoder fed with the bytes received (gob's Decoder, msgpack's
 * MsgpackStreamDecoder). A decode call returns the format's `needMore` marker, consuming
 * nothing, while the bytes buffered do not hold a whole value.
 */
export interface StreamDecoder<Schema> {
  /** Bytes received but not yet consumed by a decode. */
  readonly buffered: number;
  /** Appends received bytes. */
  push(chunk: Uint8Array): void;
  /** The stream has ended: throws when a value was cut short. */
  end(): void;
  /** Next value, decoded as `schema`. */
  decode(schema: Schema): unknown;
  /** Discards the next value: `true` once done, `false` while it has not fully arrived. */
  skip(): boolean;
}

/**
 * One wire format of net/rpc on one connection: its stream decoder, how it reads the two Go
 * headers, and its encoder of header + body pairs.
 */
export interface WireFormat<Schema> {
  /** The decoder's "not enough bytes yet" marker. */
  readonly needMore: symbol;
  readonly decoder: StreamDecoder<Schema>;
  /** Next Go `rpc.Request`, or `needMore`. */
  decodeRequestHeader(): RequestHeader | symbol;
  /** Next Go `rpc.Response`, or `needMore`. */
  decodeResponseHeader(): ResponseHeader | symbol;
  /** Encodes a request header and its body; throws an RpcError and encodes nothing on failure. */
  encodeRequest(header: RequestHeader, body: unknown, bodyType: Schema): readonly Uint8Array[];
  /** Encodes a response header and its body; throws an RpcError and encodes nothing on failure. */
  encodeResponse(header: ResponseHeader, body: unknown, bodyType: Schema): readonly Uint8Array[];
  /** The RpcError for what a decoder call threw (Go's error text). */
  decodeFailed(err: unknown): RpcError;
}

/** What a read decodes: the next header, the body after it, or that body discarded. */
const READ_HEADER = 0;
const READ_BODY = 1;
const READ_SKIP = 2;
type ReadKind = typeof READ_HEADER | typeof READ_BODY | typeof READ_SKIP;

interface PendingRead {
  readonly kind: ReadKind;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Read/write machinery of one codec connection, either side. */
abstract class CodecConnection<Schema> {
  protected readonly source: StreamSource;
  protected readonly writer: MessageWriter;
  protected readonly dec: StreamDecoder<Schema>;
  protected readonly needMore: symbol;
  /** Callback of a promise-free read waiting for bytes (see pullNow). */
  private waiter: (() => void) | undefined;
  /** The last pullNow attempt needed more bytes. */
  private starved = false;
  /** The read waiting for bytes, retried on every chunk (no promise hop per chunk). */
  private pending: PendingRead | undefined;
  /** A decoder call threw: from then on every read attempts a decode, even with nothing buffered. */
  private decodeThrew = false;
  /** Type of the body being read (READ_BODY). */
  private bodyType: Schema | undefined;

  constructor(
    protected readonly stream: Duplex,
    protected readonly format: WireFormat<Schema>,
  ) {
    if (!isDuplexLike(stream)) throw new RpcError('INVALID_ARGUMENT', 'rpc: the connection must be a Node Duplex (net.Socket, a yamux stream, …)');
    this.dec = format.decoder;
    this.needMore = format.needMore;
    this.source = new StreamSource(stream, () => this.onActivity());
    this.writer = new MessageWriter(stream);
  }

  /** Next header of this side (response or request), or `needMore`. */
  protected abstract decodeHeader(): unknown;

  /**
   * Runs the decoder until it produces a value of `kind`, feeding buffered bytes; when it needs
   * more, returns a promise settled from the stream's 'data' handler. `null` on a clean end of
   * stream before a header.
   */
  protected pull(kind: ReadKind): MaybePromise<unknown> {
    const v = this.tryPull(kind, false);
    if (!this.isNeedMore(v)) return v;
    return new Promise<unknown>((resolve, reject) => {
      this.pending = { kind, resolve, reject };
    });
  }

  /** Promise-free header pull (the codecs' `…HeaderNow`): `NOT_YET` and one `wake` call when it must wait. */
  protected pullNow(wake: () => void): unknown {
    // After a wake-up nothing was consumed since the last attempt: feed the new bytes first.
    const v = this.tryPull(READ_HEADER, this.starved);
    this.starved = false;
    if (!this.isNeedMore(v)) return v;
    this.starved = true;
    this.waiter = wake;
    return NOT_YET;
  }

  /** Called by the StreamSource whenever a chunk arrives or the stream ends or fails. */
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
      v = this.tryPull(p.kind, true);
    } catch (err) {
      this.pending = undefined;
      p.reject(err);
      return;
    }
    if (this.isNeedMore(v)) return;
    this.pending = undefined;
    p.resolve(v);
  }

  /** Decoded values are never symbols: a typeof test first keeps the comparison monomorphic. */
  private isNeedMore(v: unknown): boolean {
    return typeof v === 'symbol' && v === this.needMore;
  }

  private attempt(kind: ReadKind): unknown {
    try {
      if (kind === READ_HEADER) return this.decodeHeader();
      if (kind === READ_BODY) return this.dec.decode(this.bodyType as Schema);
      return this.dec.skip() ? true : this.needMore;
    } catch (err) {
      this.decodeThrew = true;
      throw this.format.decodeFailed(err);
    }
  }

  private tryPull(kind: ReadKind, feedFirst: boolean): unknown {
    for (;;) {
      // With no byte buffered no value can be decoded: skip the attempt (the common case of a
      // reader re-arming after it consumed everything), unless a decode failed before (the
      // decoder may hold that failure and must get to throw it again).
      if (!feedFirst && (this.dec.buffered > 0 || this.decodeThrew)) {
        const v = this.attempt(kind);
        if (!this.isNeedMore(v)) return v;
      }
      feedFirst = false;
      let chunk = this.source.read();
      if (chunk === null) return this.source.done ? this.atEnd(kind === READ_HEADER) : this.needMore;
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
      throw this.format.decodeFailed(err);
    }
    // Go: Decode at a clean message boundary returns io.EOF ("EOF").
    if (!eofOk) throw new RpcError('UNEXPECTED_EOF', 'EOF');
    return null;
  }

  /** Reads the body after the last header: decoded as `bodyType`, or discarded for `null`. */
  protected readBody(bodyType: Schema | null): MaybePromise<unknown> {
    if (bodyType === null) return this.pull(READ_SKIP);
    this.bodyType = bodyType;
    return this.pull(READ_BODY);
  }

  /** Flushes what was written, then ends the connection (FIN) and destroys it once ended. */
  protected flushAndEnd(): void {
    const s = this.stream;
    if (s.destroyed) return;
    // Messages batched for the next tick go out first (an error reply answered just before a
    // request that ends the connection, as Go's ServeCodec does).
    this.writer.flush();
    if (s.writableEnded) s.destroy();
    else s.end(() => s.destroy());
  }
}

/**
 * Client side (Go `rpc.ClientCodec`): writes requests, reads responses. `close()` destroys the
 * connection at once, as Go's `gobClientCodec.Close`; a format may override it.
 */
export class CodecClient<Schema> extends CodecConnection<Schema> {
  /** Requests written minus response headers read: replies still expected. */
  private inFlight = 0;

  protected decodeHeader(): unknown {
    const r = this.format.decodeResponseHeader();
    if (typeof r !== 'symbol' && this.inFlight > 0) this.inFlight--;
    return r;
  }

  writeRequest(header: RequestHeader, body: unknown, bodyType: Schema): WriteResult {
    // A lone call (no other reply awaited) is written at once; calls made while others are in
    // flight are batched per tick.
    const w = this.writer.write(this.format.encodeRequest(header, body, bodyType), this.inFlight === 0);
    this.inFlight++;
    return w;
  }

  readResponseHeader(): MaybePromise<ResponseHeader | null> {
    return this.pull(READ_HEADER) as MaybePromise<ResponseHeader | null>;
  }

  readResponseHeaderNow(wake: () => void): ResponseHeader | null | typeof NOT_YET {
    return this.pullNow(wake) as ResponseHeader | null | typeof NOT_YET;
  }

  readResponseBody(bodyType: Schema | null): MaybePromise<unknown> {
    return this.readBody(bodyType);
  }

  /** Closes the connection at once. */
  close(): void {
    this.stream.destroy();
  }
}

/** Server side (Go `rpc.ServerCodec`): reads requests, writes responses. */
export class CodecServer<Schema> extends CodecConnection<Schema> {
  /** Request headers read minus responses written: replies still owed. */
  private owed = 0;
  private closed = false;

  protected decodeHeader(): unknown {
    const r = this.format.decodeRequestHeader();
    if (typeof r !== 'symbol') this.owed++;
    return r;
  }

  readRequestHeader(): MaybePromise<RequestHeader | null> {
    return this.pull(READ_HEADER) as MaybePromise<RequestHeader | null>;
  }

  readRequestHeaderNow(wake: () => void): RequestHeader | null | typeof NOT_YET {
    return this.pullNow(wake) as RequestHeader | null | typeof NOT_YET;
  }

  readRequestBody(bodyType: Schema | null): MaybePromise<unknown> {
    return this.readBody(bodyType);
  }

  writeResponse(header: ResponseHeader, body: unknown, bodyType: Schema): WriteResult {
    // The last reply owed, with no further request buffered, is written at once; otherwise
    // replies finishing in the same tick share one write.
    const urgent = this.owed <= 1 && !this.source.hasData && this.dec.buffered === 0;
    const w = this.writer.write(this.format.encodeResponse(header, body, bodyType), urgent);
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
    this.flushAndEnd();
  }
}
