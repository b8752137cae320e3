/**
 * The codec seam between net/rpc's call machinery and a wire format: Go's `rpc.ClientCodec`
 * and `rpc.ServerCodec` plus the `rpc.Request` / `rpc.Response` headers. The gob codec
 * (gob-codec.ts) is one implementation; any other (Packer's msgpack) plugs in as its equal.
 * This file must not import gob: a codec declares its body schema language as a
 * {@link BodySchema} (gob: `GobBody`, whose schemas are gob descriptors); the client and server
 * pass schemas through without looking inside, and type call arguments and replies with
 * {@link BodyValue}.
 *
 * Deviation from Go: reads are promise-based pulls (Node has no blocking reads); a codec may
 * return a value directly instead of a promise when it already has the bytes buffered, which
 * saves a microtask per message on hot paths. Writes encode synchronously (throwing before
 * anything is written when encoding fails) and hand the bytes to the transport in one go, so
 * a failed encode can never leave half a request on the wire (the Go bufio desync bug).
 */

/**
 * Request sequence number (Go `uint64`). A `number` up to `Number.MAX_SAFE_INTEGER`; codecs
 * deliver larger values read from the wire as `bigint`, so a server echoes them exactly.
 */
export type Seq = number | bigint;

/** Go `rpc.Request`: the header written before every call's argument. */
export interface RequestHeader {
  /** "Service.Method". */
  readonly serviceMethod: string;
  /** Chosen by the client; echoed in the response. */
  readonly seq: Seq;
}

/** Go `rpc.Response`: the header written before every reply body. */
export interface ResponseHeader {
  /** Echoes the request. */
  readonly serviceMethod: string;
  /** Echoes the request. */
  readonly seq: Seq;
  /** Empty on success; otherwise the error text, and the body is a placeholder to discard. */
  readonly error: string;
}

/** Returned by a codec's optional `…HeaderNow` reads when the header has not arrived yet. */
export const NOT_YET: unique symbol = Symbol('rpc.notYet');

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Result of a codec write: `undefined` when the transport can take more at once, otherwise a
 * promise that resolves when it can (Node's 'drain'), or rejects when the transport fails.
 * The bytes have been handed to the transport either way.
 */
export type WriteResult = undefined | Promise<void>;

/**
 * A codec's body schema language, for typing only (no runtime value): `schema` is the type of
 * its schema objects (gob: `Descriptor`) and `value` the JS value of the schema `input`, which
 * {@link BodyValue} sets; an implementation refers to it as `this['input']`:
 * ```ts
 * interface GobBody extends BodySchema {
 *   readonly schema: Descriptor;
 *   readonly value: this['input'] extends Descriptor ? Infer<this['input']> : never;
 * }
 * ```
 */
export interface BodySchema {
  /** Type of the schema objects that describe bodies. */
  readonly schema: unknown;
  /** The schema being read (set by {@link BodyValue}). */
  readonly input: unknown;
  /** The JS value a body of schema `input` decodes to and encodes from. */
  readonly value: unknown;
}

/** Type of the schema objects of a body schema language. */
export type SchemaOf<B extends BodySchema> = B['schema'];

/** The JS value of a body of schema `S` in the language `B`. */
export type BodyValue<B extends BodySchema, S> = (B & { readonly input: S })['value'];

/** Go `rpc.ClientCodec`: writes requests, reads responses, for one connection. */
export interface ClientCodec<B extends BodySchema = BodySchema> {
  /**
   * Encodes `header` and `body` and hands both to the transport as one contiguous unit.
   * Throws (an RpcError) without writing anything when encoding fails.
   */
  writeRequest(header: RequestHeader, body: unknown, bodyType: SchemaOf<B>): WriteResult;
  /** Next response header; `null` at a clean end of stream (Go `io.EOF`). */
  readResponseHeader(): MaybePromise<ResponseHeader | null>;
  /**
   * Optional promise-free form of {@link readResponseHeader}: the header, `null` at a clean end
   * of stream, or {@link NOT_YET}, after which the codec calls `wake` once, synchronously from
   * its transport's data handler, when bytes arrive or the stream ends or fails (call again
   * then). Throws what readResponseHeader would reject with.
   */
  readResponseHeaderNow?(wake: () => void): ResponseHeader | null | typeof NOT_YET;
  /** Reads the body following the last header: decodes it as `bodyType`, or discards it for `null`. */
  readResponseBody(bodyType: SchemaOf<B> | null): MaybePromise<unknown>;
  /** Closes the transport; pending reads then end. Idempotent. */
  close(): void;
}

/** Go `rpc.ServerCodec`: reads requests, writes responses, for one connection. */
export interface ServerCodec<B extends BodySchema = BodySchema> {
  /** Next request header; `null` at a clean end of stream (Go `io.EOF`). */
  readRequestHeader(): MaybePromise<RequestHeader | null>;
  /** Optional promise-free form of {@link readRequestHeader}, as {@link ClientCodec.readResponseHeaderNow}. */
  readRequestHeaderNow?(wake: () => void): RequestHeader | null | typeof NOT_YET;
  /** Reads the body following the last header: decodes it as `bodyType`, or discards it for `null`. */
  readRequestBody(bodyType: SchemaOf<B> | null): MaybePromise<unknown>;
  /**
   * Encodes `header` and `body` and hands both to the transport as one contiguous unit; throws
   * without writing anything when encoding fails. Responses may be written in any order.
   */
  writeResponse(header: ResponseHeader, body: unknown, bodyType: SchemaOf<B>): WriteResult;
  /**
   * Body type of the placeholder sent after an error header (Go sends `struct{}{}`,
   * `invalidRequest`); its value is `errorBodyValue`.
   */
  readonly errorBodyType: SchemaOf<B>;
  /** The value sent as the error-response body (Go `invalidRequest`). */
  readonly errorBodyValue: unknown;
  /** Registers a callback run once when the transport has closed (either side). */
  onClose(listener: () => void): void;
  /** Closes the transport. Idempotent. */
  close(): void;
}

/**
 * True if a codec returned a promise rather than a value. Codecs must return native promises
 * (as async functions do): a decoded value that merely has a `then` member is still a value.
 */
export function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return v instanceof Promise;
}
