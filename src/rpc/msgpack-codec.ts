/**
 * The msgpack codec for net/rpc, as Packer uses it: ugorji's `codec.GoRpc.ClientCodec` /
 * `ServerCodec` with `MsgpackHandle{WriteExt: true}` (ugorji rpc.go; Packer rpc/common.go and
 * packer-plugin-sdk rpc). A call is msgpack(`rpc.Request`) then msgpack(argument); a reply is
 * msgpack(`rpc.Response`) then msgpack(reply), or an empty map (Go `invalidRequest{}`) after an
 * error. No framing beyond the values themselves. Bodies are described by msgpack type
 * descriptors (go-netrpc/msgpack); the dialect option picks the ugorji byte rules for writes,
 * reads accept both.
 *
 * Kept thin on the rpc codec interface (typed by gob descriptors in client.ts/server.ts today):
 * Packer code passes these codecs to `new Client(…)` / `Server.serveCodec(…)` through a cast.
 *
 * Deviation from Go: header and body are encoded before anything is written, so a body that
 * fails to encode writes nothing (Go's bufio writer would leave the header behind).
 */
import type { Duplex } from 'node:stream';
import { isDuplexLike } from '../internal/duplex.js';
import {
  DEFAULT_DIALECT,
  MsgpackEncoder,
  MsgpackError,
  MsgpackStreamDecoder,
  NEED_MORE,
  string as mpString,
  struct,
  uint64n,
  type Infer,
  type MsgpackDialect,
  type MsgpackType,
} from '../msgpack/index.js';
import { NOT_YET, type BodySchema, type ClientCodec, type MaybePromise, type RequestHeader, type ResponseHeader, type Seq, type ServerCodec, type WriteResult } from './codec.js';
import { RpcError } from './errors.js';
import { MessageWriter } from './message-writer.js';
import { StreamSource } from './stream-source.js';

/** Go `rpc.Request` as a msgpack struct. */
export const MsgpackRequestType = struct('Request', { ServiceMethod: mpString, Seq: uint64n });
/** Go `rpc.Response` as a msgpack struct. */
export const MsgpackResponseType = struct('Response', { ServiceMethod: mpString, Seq: uint64n, Error: mpString });
/** Go's `invalidRequest struct{}`, the body after an error header (`80`). */
export const MsgpackEmptyStruct = struct('invalidRequest', {});

/** Options of the msgpack codecs. */
/**
 * The msgpack body schema language for go-netrpc/rpc: bodies are described by go-netrpc/msgpack
 * descriptors and decode to their `Infer<>` types (`new Client<MsgpackBody>(codec)`,
 * `servicesFor<MsgpackBody>()`).
 */
export interface MsgpackBody extends BodySchema {
  readonly schema: MsgpackType;
  readonly value: this['input'] extends MsgpackType ? Infer<this['input']> : never;
}

export interface MsgpackCodecOptions {
  /** Dialect of the bytes written (default `ugorji-1.2`; reads accept either). */
  readonly dialect?: MsgpackDialect;
  /** Largest single value accepted, in bytes (default 64 MiB). */
  readonly maxMessageBytes?: number;
  /** Deepest nesting accepted (default 1024, as ugorji). */
  readonly maxDepth?: number;
}

function failed(code: 'ENCODE_FAILED' | 'DECODE_FAILED', err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  if (err instanceof MsgpackError && err.code === 'UNEXPECTED_EOF') return new RpcError('UNEXPECTED_EOF', 'unexpected EOF', { cause: err });
  return new RpcError(code, err instanceof Error ? err.message : String(err), { cause: err });
}

const toSeq = (s: bigint): Seq => (s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s);

interface Pending {
  readonly attempt: () => unknown;
  readonly eofOk: boolean;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Shared read/write machinery of both codecs. */
class MsgpackConn {
  protected readonly enc: MsgpackEncoder;
  protected readonly dec: MsgpackStreamDecoder;
  protected readonly source: StreamSource;
  protected readonly writer: MessageWriter;
  private waiter: (() => void) | undefined;
  private pending: Pending | undefined;

  constructor(protected readonly stream: Duplex, options: MsgpackCodecOptions) {
    if (!isDuplexLike(stream)) throw new RpcError('INVALID_ARGUMENT', 'rpc: the connection must be a Node Duplex (net.Socket, a yamux stream, …)');
    this.enc = new MsgpackEncoder({ dialect: options.dialect ?? DEFAULT_DIALECT });
    this.dec = new MsgpackStreamDecoder({
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    });
    this.source = new StreamSource(stream, () => this.onActivity());
    this.writer = new MessageWriter(stream);
  }

  protected writePair(header: Record<string, unknown>, headerType: MsgpackType, body: unknown, bodyType: MsgpackType, urgent: boolean): WriteResult {
    let bytes: Uint8Array;
    try {
      bytes = this.enc.encodeAll([
        [headerType, header],
        [bodyType, body],
      ]);
    } catch (err) {
      throw failed('ENCODE_FAILED', err);
    }
    return this.writer.write([bytes], urgent);
  }

  protected pull<T>(attempt: () => T | typeof NEED_MORE, eofOk: boolean): MaybePromise<T | null> {
    const v = this.tryPull(attempt, eofOk);
    if (v !== NEED_MORE) return v;
    return new Promise<T | null>((resolve, reject) => {
      this.pending = { attempt, eofOk, resolve: resolve as (v: unknown) => void, reject };
    });
  }

  protected pullNow<T>(attempt: () => T | typeof NEED_MORE, eofOk: boolean, wake: () => void): T | null | typeof NOT_YET {
    const v = this.tryPull(attempt, eofOk);
    if (v !== NEED_MORE) return v;
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
      v = this.tryPull(p.attempt, p.eofOk);
    } catch (err) {
      this.pending = undefined;
      p.reject(err);
      return;
    }
    if (v === NEED_MORE) return;
    this.pending = undefined;
    p.resolve(v);
  }

  private tryPull<T>(attempt: () => T | typeof NEED_MORE, eofOk: boolean): T | null | typeof NEED_MORE {
    for (let chunk = this.source.read(); chunk !== null; chunk = this.source.read()) this.dec.push(chunk);
    let v: T | typeof NEED_MORE;
    try {
      v = attempt();
    } catch (err) {
      throw failed('DECODE_FAILED', err);
    }
    if (v !== NEED_MORE) return v;
    return this.source.done ? this.atEnd(eofOk) : NEED_MORE;
  }

  private atEnd(eofOk: boolean): null {
    const failure = this.source.error;
    if (failure !== undefined) throw new RpcError('CONNECTION_ERROR', `connection failed: ${failure.message}`, { cause: failure });
    try {
      this.dec.end();
    } catch (err) {
      throw failed('DECODE_FAILED', err);
    }
    if (!eofOk) throw new RpcError('UNEXPECTED_EOF', 'EOF');
    return null;
  }

  private bodyType: MsgpackType = MsgpackEmptyStruct;
  private readonly skipAttempt = (): true | typeof NEED_MORE => (this.dec.skip() ? true : NEED_MORE);
  private readonly bodyAttempt = (): unknown => this.dec.decode(this.bodyType);

  protected readBody(bodyType: MsgpackType | null): MaybePromise<unknown> {
    if (bodyType === null) return this.pull(this.skipAttempt, false);
    this.bodyType = bodyType;
    return this.pull(this.bodyAttempt, false);
  }
}

/** ugorji `goRpcCodec`, client side: msgpack net/rpc over one connection. */
export class MsgpackClientCodec extends MsgpackConn implements ClientCodec<MsgpackBody> {
  private inFlight = 0;
  private readonly headerAttempt = (): ResponseHeader | typeof NEED_MORE => {
    const r = this.dec.decode(MsgpackResponseType) as { ServiceMethod: string; Seq: bigint; Error: string } | typeof NEED_MORE;
    if (r === NEED_MORE) return r;
    if (this.inFlight > 0) this.inFlight--;
    return { serviceMethod: r.ServiceMethod, seq: toSeq(r.Seq), error: r.Error };
  };

  constructor(stream: Duplex, options: MsgpackCodecOptions = {}) {
    super(stream, options);
  }

  writeRequest(header: RequestHeader, body: unknown, bodyType: MsgpackType): WriteResult {
    const w = this.writePair({ ServiceMethod: header.serviceMethod, Seq: BigInt(header.seq) }, MsgpackRequestType, body, bodyType, this.inFlight === 0);
    this.inFlight++;
    return w;
  }

  readResponseHeader(): MaybePromise<ResponseHeader | null> {
    return this.pull(this.headerAttempt, true);
  }

  readResponseHeaderNow(wake: () => void): ResponseHeader | null | typeof NOT_YET {
    return this.pullNow(this.headerAttempt, true, wake);
  }

  readResponseBody(bodyType: MsgpackType | null): MaybePromise<unknown> {
    return this.readBody(bodyType);
  }

  /** Flushes what was written and ends the connection (FIN, as Go's Close). Idempotent. */
  close(): void {
    const s = this.stream;
    if (s.destroyed) return;
    // Messages batched for the next tick go out first (an error reply answered just before the end).
    this.writer.flush();
    if (s.writableEnded) s.destroy();
    else s.end(() => s.destroy());
  }
}

/** ugorji `goRpcCodec`, server side. */
export class MsgpackServerCodec extends MsgpackConn implements ServerCodec<MsgpackBody> {
  private owed = 0;
  private closed = false;
  private readonly headerAttempt = (): RequestHeader | typeof NEED_MORE => {
    const r = this.dec.decode(MsgpackRequestType) as { ServiceMethod: string; Seq: bigint } | typeof NEED_MORE;
    if (r === NEED_MORE) return r;
    this.owed++;
    return { serviceMethod: r.ServiceMethod, seq: toSeq(r.Seq) };
  };
  readonly errorBodyType: MsgpackType = MsgpackEmptyStruct;
  readonly errorBodyValue: unknown = {};

  constructor(stream: Duplex, options: MsgpackCodecOptions = {}) {
    super(stream, options);
  }

  readRequestHeader(): MaybePromise<RequestHeader | null> {
    return this.pull(this.headerAttempt, true);
  }

  readRequestHeaderNow(wake: () => void): RequestHeader | null | typeof NOT_YET {
    return this.pullNow(this.headerAttempt, true, wake);
  }

  readRequestBody(bodyType: MsgpackType | null): MaybePromise<unknown> {
    return this.readBody(bodyType);
  }

  writeResponse(header: ResponseHeader, body: unknown, bodyType: MsgpackType): WriteResult {
    const urgent = this.owed <= 1 && !this.source.hasData && this.dec.buffered === 0;
    const w = this.writePair({ ServiceMethod: header.serviceMethod, Seq: BigInt(header.seq), Error: header.error }, MsgpackResponseType, body, bodyType, urgent);
    if (this.owed > 0) this.owed--;
    return w;
  }

  onClose(listener: () => void): void {
    if (this.stream.destroyed) queueMicrotask(listener);
    else this.stream.once('close', listener);
  }

  /** Flushes what was written, then closes the connection. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const s = this.stream;
    if (s.destroyed) return;
    // Messages batched for the next tick go out first (an error reply answered just before the end).
    this.writer.flush();
    if (s.writableEnded) s.destroy();
    else s.end(() => s.destroy());
  }
}
