/**
 * The gob codec for net/rpc: Go's `gobClientCodec` and `gobServerCodec` (net/rpc client.go /
 * server.go). One gob Encoder and one Decoder per connection, so each side sends a type
 * definition once per connection direction. The only rpc file that imports gob.
 *
 * Headers are Go's `rpc.Request{ServiceMethod string; Seq uint64}` and
 * `rpc.Response{ServiceMethod string; Seq uint64; Error string}`; an error response carries
 * Go's `invalidRequest` body, `struct{}{}`. Discarding a body (`readXBody(null)`) is gob
 * `Decode(nil)`: the value is skipped but its type definitions are recorded. Only the wire
 * format lives here (GobFormat); the connection plumbing is codec-connection.ts.
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
  GobValue,
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
import type { BodySchema, ClientCodec, RequestHeader, ResponseHeader, Seq, ServerCodec } from './codec.js';
import { CodecClient, CodecServer, type StreamDecoder, type WireFormat } from './codec-connection.js';
import { RpcError } from './errors.js';

/** The schema of a schemaless gob body: see {@link schemaless}. */
export interface SchemalessBody {
  readonly kind: 'schemaless';
}

/**
 * A gob body schema without a descriptor: the body decodes to a `GobValue` (the value with
 * the descriptor built from the peer's own type definitions, as gob's `Decoder.decodeValue`),
 * and a `GobValue` is encoded with its own descriptor. For handlers that take or return any Go
 * value (proxies, recorders, generic tools): `{ args: rpc.schemaless, reply: rpc.schemaless }`.
 */
export const schemaless: SchemalessBody = Object.freeze({ kind: 'schemaless' });

/**
 * The gob codec's body schema language: bodies are described by gob descriptors and have the
 * JS values gob's `Infer` gives them, or are {@link schemaless} (a `GobValue`). The default of
 * the rpc Client, Server and service types.
 */
export interface GobBody extends BodySchema {
  readonly schema: Descriptor | SchemalessBody;
  readonly value: this['input'] extends Descriptor ? Infer<this['input']> : this['input'] extends SchemalessBody ? GobValue : unknown;
}

type GobSchema = Descriptor | SchemalessBody;

/** The gob Decoder seen through the codec's schemas: {@link schemaless} bodies decode schemaless. */
class BodyDecoder implements StreamDecoder<GobSchema> {
  constructor(private readonly d: Decoder) {}
  get buffered(): number {
    return this.d.buffered;
  }
  push(chunk: Uint8Array): void {
    this.d.push(chunk);
  }
  end(): void {
    this.d.end();
  }
  decode(schema: GobSchema): unknown {
    return schema === schemaless ? this.d.decodeValue() : this.d.decode(schema as Descriptor);
  }
  skip(): boolean {
    return this.d.skip();
  }
}

/** Encodes header `h` of type `headerType` and a body of `bodyType` as one pair. */
function encodePair(pairs: MessagePairEncoder, h: object, headerType: Descriptor, body: unknown, bodyType: GobSchema): readonly Uint8Array[] {
  if (bodyType !== schemaless) return pairs.encode(h as never, headerType, body as never, bodyType as Descriptor);
  if (!(body instanceof GobValue)) {
    throw new RpcError('ENCODE_FAILED', 'rpc: a schemaless body must be a gob.GobValue (a decoded one, or new GobValue(descriptor, value))');
  }
  return pairs.encode(h as never, headerType, body.value as never, body.type);
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
  /**
   * Keep struct fields a body descriptor does not declare and send them back when the object is
   * encoded again (gob's Decoder and Encoder option of that name). Default true.
   */
  readonly preserveUnknownFields?: boolean;
  /** Interface values of unregistered names: `'error'` (default, as Go) or `'schemaless'` (gob's Decoder option). */
  readonly unregisteredInterfaces?: 'error' | 'schemaless';
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

/**
 * Gob on one connection: one Encoder (wrapped as a MessagePairEncoder, so a header + body pair is
 * encoded atomically) and one Decoder.
 */
class GobFormat implements WireFormat<GobSchema> {
  readonly needMore = NEED_MORE;
  /** The connection's gob Decoder (headers are read from it directly). */
  private readonly gob: Decoder;
  readonly decoder: BodyDecoder;
  private readonly pairs: MessagePairEncoder;
  // One scratch header object per direction: encoding is synchronous and keeps no reference.
  private readonly requestHeader: { ServiceMethod: string; Seq: Seq } = { ServiceMethod: '', Seq: 0 };
  private readonly responseHeader: { ServiceMethod: string; Seq: Seq; Error: string } = { ServiceMethod: '', Seq: 0, Error: '' };

  constructor(options: GobCodecOptions) {
    const common = {
      ...(options.registry === undefined ? {} : { registry: options.registry }),
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
      ...(options.preserveUnknownFields === undefined ? {} : { preserveUnknownFields: options.preserveUnknownFields }),
    };
    this.pairs = new MessagePairEncoder(new Encoder({ ...common, ...(options.firstTypeId === undefined ? {} : { firstTypeId: options.firstTypeId }) }));
    this.gob = new Decoder({
      ...common,
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.unregisteredInterfaces === undefined ? {} : { unregisteredInterfaces: options.unregisteredInterfaces }),
    });
    this.decoder = new BodyDecoder(this.gob);
  }

  decodeRequestHeader(): RequestHeader | typeof NEED_MORE {
    const r = this.gob.decode(RequestType);
    return r === NEED_MORE ? r : { serviceMethod: r.ServiceMethod ?? '', seq: r.Seq ?? 0 };
  }

  decodeResponseHeader(): ResponseHeader | typeof NEED_MORE {
    const r = this.gob.decode(ResponseType);
    return r === NEED_MORE ? r : { serviceMethod: r.ServiceMethod ?? '', seq: r.Seq ?? 0, error: r.Error ?? '' };
  }

  encodeRequest(header: RequestHeader, body: unknown, bodyType: GobSchema): readonly Uint8Array[] {
    const h = this.requestHeader;
    h.ServiceMethod = header.serviceMethod;
    h.Seq = header.seq;
    try {
      return encodePair(this.pairs, h, RequestType, body, bodyType);
    } catch (err) {
      throw encodeFailed(err);
    }
  }

  encodeResponse(header: ResponseHeader, body: unknown, bodyType: GobSchema): readonly Uint8Array[] {
    const h = this.responseHeader;
    h.ServiceMethod = header.serviceMethod;
    h.Seq = header.seq;
    h.Error = header.error;
    try {
      return encodePair(this.pairs, h, ResponseType, body, bodyType);
    } catch (err) {
      throw encodeFailed(err);
    }
  }

  decodeFailed(err: unknown): RpcError {
    return decodeFailed(err);
  }
}

/** Go `gobClientCodec`: gob over one connection, client side. `close()` destroys it at once. */
export class GobClientCodec extends CodecClient<GobSchema> implements ClientCodec<GobBody> {
  constructor(stream: Duplex, options: GobCodecOptions = {}) {
    super(stream, new GobFormat(options));
  }
}

/** Go `gobServerCodec`: gob over one connection, server side. */
export class GobServerCodec extends CodecServer<GobSchema> implements ServerCodec<GobBody> {
  readonly errorBodyType: GobSchema = emptyStruct;
  readonly errorBodyValue: unknown = {};

  constructor(stream: Duplex, options: GobCodecOptions = {}) {
    super(stream, new GobFormat(options));
  }
}
