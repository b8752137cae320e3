/**
 * The msgpack codec for net/rpc, as Packer uses it: ugorji's `codec.GoRpc.ClientCodec` /
 * `ServerCodec` with `MsgpackHandle{WriteExt: true}` (ugorji rpc.go; Packer rpc/common.go and
 * packer-plugin-sdk rpc). A call is msgpack(`rpc.Request`) then msgpack(argument); a reply is
 * msgpack(`rpc.Response`) then msgpack(reply), or an empty map (Go `invalidRequest{}`) after an
 * error. No framing beyond the values themselves. Bodies are described by msgpack type
 * descriptors (go-netrpc/msgpack); the dialect option picks the ugorji byte rules for writes,
 * reads accept both. Only the wire format lives here (MsgpackFormat); the connection plumbing
 * is codec-connection.ts.
 *
 * Kept thin on the rpc codec interface (typed by gob descriptors in client.ts/server.ts today):
 * Packer code passes these codecs to `new Client(…)` / `Server.serveCodec(…)` through a cast.
 *
 * Deviation from Go: header and body are encoded before anything is written, so a body that
 * fails to encode writes nothing (Go's bufio writer would leave the header behind).
 */
import type { Duplex } from 'node:stream';
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
import type { BodySchema, ClientCodec, RequestHeader, ResponseHeader, Seq, ServerCodec } from './codec.js';
import { CodecClient, CodecServer, type WireFormat } from './codec-connection.js';
import { RpcError } from './errors.js';

/** Go `rpc.Request` as a msgpack struct. */
export const MsgpackRequestType = struct('Request', { ServiceMethod: mpString, Seq: uint64n });
/** Go `rpc.Response` as a msgpack struct. */
export const MsgpackResponseType = struct('Response', { ServiceMethod: mpString, Seq: uint64n, Error: mpString });
/** Go's `invalidRequest struct{}`, the body after an error header (`80`). */
export const MsgpackEmptyStruct = struct('invalidRequest', {});

/**
 * The msgpack body schema language for go-netrpc/rpc: bodies are described by go-netrpc/msgpack
 * descriptors and decode to their `Infer<>` types (`new Client<MsgpackBody>(codec)`,
 * `servicesFor<MsgpackBody>()`).
 */
export interface MsgpackBody extends BodySchema {
  readonly schema: MsgpackType;
  readonly value: this['input'] extends MsgpackType ? Infer<this['input']> : never;
}

/** Options of the msgpack codecs. */
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

/** Msgpack on one connection: one encoder (the write dialect) and one stream decoder. */
class MsgpackFormat implements WireFormat<MsgpackType> {
  readonly needMore = NEED_MORE;
  private readonly enc: MsgpackEncoder;
  readonly decoder: MsgpackStreamDecoder;

  constructor(options: MsgpackCodecOptions) {
    this.enc = new MsgpackEncoder({ dialect: options.dialect ?? DEFAULT_DIALECT });
    this.decoder = new MsgpackStreamDecoder({
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    });
  }

  decodeRequestHeader(): RequestHeader | typeof NEED_MORE {
    const r = this.decoder.decode(MsgpackRequestType) as { ServiceMethod: string; Seq: bigint } | typeof NEED_MORE;
    return r === NEED_MORE ? r : { serviceMethod: r.ServiceMethod, seq: toSeq(r.Seq) };
  }

  decodeResponseHeader(): ResponseHeader | typeof NEED_MORE {
    const r = this.decoder.decode(MsgpackResponseType) as { ServiceMethod: string; Seq: bigint; Error: string } | typeof NEED_MORE;
    return r === NEED_MORE ? r : { serviceMethod: r.ServiceMethod, seq: toSeq(r.Seq), error: r.Error };
  }

  encodeRequest(header: RequestHeader, body: unknown, bodyType: MsgpackType): readonly Uint8Array[] {
    return this.encodePair({ ServiceMethod: header.serviceMethod, Seq: BigInt(header.seq) }, MsgpackRequestType, body, bodyType);
  }

  encodeResponse(header: ResponseHeader, body: unknown, bodyType: MsgpackType): readonly Uint8Array[] {
    return this.encodePair({ ServiceMethod: header.serviceMethod, Seq: BigInt(header.seq), Error: header.error }, MsgpackResponseType, body, bodyType);
  }

  decodeFailed(err: unknown): RpcError {
    return failed('DECODE_FAILED', err);
  }

  private encodePair(header: Record<string, unknown>, headerType: MsgpackType, body: unknown, bodyType: MsgpackType): readonly Uint8Array[] {
    try {
      return [
        this.enc.encodeAll([
          [headerType, header],
          [bodyType, body],
        ]),
      ];
    } catch (err) {
      throw failed('ENCODE_FAILED', err);
    }
  }
}

/** ugorji `goRpcCodec`, client side: msgpack net/rpc over one connection. */
export class MsgpackClientCodec extends CodecClient<MsgpackType> implements ClientCodec<MsgpackBody> {
  constructor(stream: Duplex, options: MsgpackCodecOptions = {}) {
    super(stream, new MsgpackFormat(options));
  }

  /** Flushes what was written and ends the connection (FIN, as Go's Close). Idempotent. */
  override close(): void {
    this.flushAndEnd();
  }
}

/** ugorji `goRpcCodec`, server side. */
export class MsgpackServerCodec extends CodecServer<MsgpackType> implements ServerCodec<MsgpackBody> {
  readonly errorBodyType: MsgpackType = MsgpackEmptyStruct;
  readonly errorBodyValue: unknown = {};

  constructor(stream: Duplex, options: MsgpackCodecOptions = {}) {
    super(stream, new MsgpackFormat(options));
  }
}
