/**
 * net/rpc with the msgpack codec, typed by msgpack descriptors: go-netrpc/rpc's Client/Server
 * with the body schema language {@link MsgpackBody} (the rpc codec seam is generic in it).
 * Mirrors Packer's rpc/client.go + rpc/server.go use of `codec.GoRpc` over a broker stream.
 */
import type { Duplex } from 'node:stream';
import type { Infer, MsgpackType } from '../msgpack/index.js';
import { Client, Server, servicesFor, type AnyServiceDefinition, type CallContext, type CallOptions } from '../rpc/index.js';
import { MsgpackClientCodec, MsgpackServerCodec, type MsgpackBody, type MsgpackCodecOptions } from '../rpc/index.js';

const { defineService } = servicesFor<MsgpackBody>();

/** A net/rpc service definition whose bodies are msgpack-typed. */
export type MsgpackServiceDefinition = AnyServiceDefinition<MsgpackType>;

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
export function msgpackService(name: string, methods: Readonly<Record<string, MsgpackMethod<never, never> | MsgpackMethod>>): MsgpackServiceDefinition {
  return defineService(name, methods as never) as MsgpackServiceDefinition;
}

/** A net/rpc client over one stream with the msgpack codec. */
export class MsgpackRpcClient {
  readonly client: Client<MsgpackBody>;

  constructor(stream: Duplex, options: MsgpackCodecOptions = {}) {
    this.client = new Client(new MsgpackClientCodec(stream, options));
  }

  /** Go `Client.Call`: resolves with the reply, rejects with RpcError (`SERVER_ERROR` carries Go's text). */
  call<A extends MsgpackType, R extends MsgpackType>(serviceMethod: string, argsType: A, args: Infer<A>, replyType: R, options?: CallOptions): Promise<Infer<R>> {
    return this.client.call(serviceMethod, args as never, argsType, replyType, options) as Promise<Infer<R>>;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** Serves `services` on `stream` with the msgpack codec until it ends (one Go `rpc.Server` per stream). */
export function serveMsgpack(stream: Duplex, services: readonly MsgpackServiceDefinition[], options: MsgpackCodecOptions = {}): { server: Server<MsgpackBody>; done: Promise<void> } {
  const server = new Server<MsgpackBody>();
  for (const s of services) server.register(s);
  const done = server.serveCodec(new MsgpackServerCodec(stream, options));
  return { server, done };
}
