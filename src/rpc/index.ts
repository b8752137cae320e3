/**
 * go-netrpc/rpc: Go's net/rpc (client and server) for Node.js, codec-agnostic, with the gob
 * codec that talks to real Go `net/rpc` peers.
 *
 * ## Wire protocol (Go net/rpc with gobClientCodec / gobServerCodec)
 * Each connection carries one gob stream per direction. A call is a gob-encoded
 * `Request{ServiceMethod, Seq}` header followed by the gob-encoded argument; each reply is a
 * `Response{ServiceMethod, Seq, Error}` header followed by the reply value, or by an empty
 * struct when `Error` is set. Seq numbers start at 0; replies come back in completion order
 * and are matched by Seq. The HTTP variant first exchanges `CONNECT /_goRPC_ HTTP/1.0` and
 * `HTTP/1.0 200 Connected to Go RPC`.
 *
 * ## Usage
 * ```ts
 * const Args = gob.struct('Args', { A: gob.int, B: gob.int });
 * const Arith = defineService('Arith', { Add: { args: Args, reply: gob.int } }, { Add: (a) => a.A + a.B });
 * const server = new Server(); server.register(Arith); server.accept(net.createServer().listen(1234));
 * const client = await dial({ port: 1234 });
 * await client.service(Arith).Add({ A: 1, B: 2 }); // 3
 * ```
 *
 * ## Codecs
 * Client, Server and the service functions are generic in the codec's body schema language
 * ({@link BodySchema}; gob's {@link GobBody} by default): another codec (Packer's msgpack)
 * implements {@link ClientCodec} / {@link ServerCodec} for its own schemas and uses
 * `servicesFor<ItsBody>()`, `new Client(codec)`, `new Server<ItsBody>().serveCodec(codec)`.
 *
 * ## Errors
 * Everything rejects/throws {@link RpcError} with a stable `code` (see {@link RpcErrorCode}).
 */
export { GoNetrpcError } from '../internal/errors.js';
export { Client } from './client.js';
export type { CallOptions, ServiceClient } from './client.js';
export { Server, DEFAULT_MAX_CONCURRENT_CALLS_PER_CONN } from './server.js';
export type { ServerOptions } from './server.js';
export { defineService, describeService, implementService, method, servicesFor } from './service.js';
export type {
  AnyMethodDefinition,
  AnyServiceDefinition,
  CallContext,
  Handler,
  Handlers,
  MethodDefinition,
  MethodSpec,
  MethodSpecs,
  ServiceDefinition,
  ServiceDescription,
  ServiceFunctions,
  SpecsOf,
} from './service.js';
export { RpcError, RpcErrorCode } from './errors.js';
export type { RpcErrorOptions } from './errors.js';
export type { BodySchema, BodyValue, ClientCodec, ServerCodec, RequestHeader, ResponseHeader, SchemaOf, Seq, MaybePromise, WriteResult } from './codec.js';
export { NOT_YET } from './codec.js';
export { GobClientCodec, GobServerCodec, RequestType, ResponseType, schemaless } from './gob-codec.js';
export type { GobBody, GobCodecOptions, SchemalessBody } from './gob-codec.js';
export { MsgpackClientCodec, MsgpackServerCodec, MsgpackRequestType, MsgpackResponseType, MsgpackEmptyStruct } from './msgpack-codec.js';
export type { MsgpackBody, MsgpackCodecOptions } from './msgpack-codec.js';
export { createClient, dial, dialHTTP } from './connect.js';
export type { DialOptions, DialTarget } from './connect.js';
export { httpConnect, acceptHTTPConnect, DEFAULT_RPC_PATH, CONNECTED_STATUS, DEFAULT_MAX_HEADER_BYTES } from './http-connect.js';
export type { HttpConnectOptions } from './http-connect.js';
