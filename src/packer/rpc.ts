/**
 * net/rpc with the msgpack codec, typed by msgpack descriptors: the glue between go-netrpc/rpc's
 * Client/Server (whose codec seam is typed by gob descriptors today, but never looks inside a
 * body type) and go-netrpc/msgpack. Every cast between the two lives in this file.
 * Mirrors Packer's rpc/client.go + rpc/server.go use of `codec.GoRpc` over a broker stream.
 */
import type { Duplex } from 'node:stream';
import type { Descriptor } from '../gob/index.js';
import type { Infer, MsgpackType } from '../msgpack/index.js';
import { Client, Server, defineService, type AnyServiceDefinition, type CallContext, type CallOptions, type ClientCodec, type ServerCodec } from '../rpc/index.js';
import { MsgpackClientCodec, MsgpackServerCodec, type MsgpackCodecOptions } from '../rpc/msgpack-codec.js';

/** One method of a msgpack-typed service. */
export interface MsgpackMethod<A extends MsgpackType = MsgpackType, R extends MsgpackType = MsgpackType> {
  readonly args: A;
  readonly reply: R;
  readonly handler: (args: Infer<A>, ctx: CallContext) => Infer<R> | Promise<Infer<R>>;
}

/** A method with its handler, typed from its descriptors. */
export function mpMethod<A extends MsgpackType, R extends MsgpackType>(args: A, reply: R, handler: (args: Infer<A>, ctx: CallContext) => Infer<R> | Promise<Infer<R>>): MsgpackMethod<A, R> {
  return { args, reply, handler };
}

/** A net/rpc service whose bodies are msgpack-typed. */
export function msgpackService(name: string, methods: Readonly<Record<string, MsgpackMethod<never, never> | MsgpackMethod>>): AnyServiceDefinition {
  const defs: Record<string, { args: Descriptor; reply: Descriptor; handler: (a: never, ctx: CallContext) => unknown }> = {};
  for (const [m, d] of Object.entries(methods)) {
    defs[m] = { args: d.args as unknown as Descriptor, reply: d.reply as unknown as Descriptor, handler: d.handler as (a: never, ctx: CallContext) => unknown };
  }
  return defineService(name, defs as never) as unknown as AnyServiceDefinition;
}

/** A net/rpc client over one stream with the msgpack codec. */
export class MsgpackRpcClient {
  readonly client: Client;

  constructor(stream: Duplex, options: MsgpackCodecOptions = {}) {
    this.client = new Client(new MsgpackClientCodec(stream, options) as unknown as ClientCodec<Descriptor>);
  }

  /** Go `Client.Call`: resolves with the reply, rejects with RpcError (`SERVER_ERROR` carries Go's text). */
  call<A extends MsgpackType, R extends MsgpackType>(serviceMethod: string, argsType: A, args: Infer<A>, replyType: R, options?: CallOptions): Promise<Infer<R>> {
    return this.client.call(serviceMethod, args as never, argsType as unknown as Descriptor, replyType as unknown as Descriptor, options) as Promise<Infer<R>>;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** Serves `services` on `stream` with the msgpack codec until it ends (one Go `rpc.Server` per stream). */
export function serveMsgpack(stream: Duplex, services: readonly AnyServiceDefinition[], options: MsgpackCodecOptions = {}): { server: Server; done: Promise<void> } {
  const server = new Server();
  for (const s of services) server.register(s);
  const done = server.serveCodec(new MsgpackServerCodec(stream, options) as unknown as ServerCodec<Descriptor>);
  return { server, done };
}
