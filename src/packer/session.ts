/**
 * One Packer plugin connection: a yamux session whose every stream goes through a MuxBroker
 * (go-plugin's wire, which Packer shares; the main RPC stream is broker id 0), with net/rpc over
 * msgpack on brokered streams (packer-plugin-sdk rpc/server.go `Serve`, rpc/client.go
 * `newClientWithMux`). Used by both the plugin side and the host side.
 */
import type { Duplex } from 'node:stream';
import type { MsgpackDialect } from '../msgpack/index.js';
import { MuxBroker } from '../plugin/index.js';
import type { MsgpackBody, Server } from '../rpc/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import type { YamuxSession } from '../yamux/index.js';
import { MsgpackRpcClient, serveMsgpack } from './rpc.js';

/** A broker plus the msgpack dialect this side writes. */
export class PackerSession {
  readonly broker: MuxBroker;

  constructor(
    readonly yamux: YamuxSession,
    readonly dialect: MsgpackDialect,
  ) {
    this.broker = new MuxBroker(yamux);
    void this.broker.run();
  }

  /**
   * Go `newServerWithMux(mux, id).Serve()`: accepts the peer's dial of `id` and serves the
   * services `make` returns on it until the stream ends. `make` gets the server's `register`,
   * for services added while serving (Packer's progress trackers).
   */
  async serve(id: number, make: (register: (s: MsgpackServiceDefinition) => void) => readonly MsgpackServiceDefinition[]): Promise<void> {
    const stream = await this.broker.accept(id);
    const holder: { server?: Server<MsgpackBody> } = {};
    const services = make((s) => holder.server?.register(s));
    const served = serveMsgpack(stream, services, { dialect: this.dialect });
    holder.server = served.server;
    await served.done;
  }

  /** Go `newClientWithMux(mux, id)`: dials `id` and returns a msgpack rpc client on it. */
  async client(id: number): Promise<MsgpackRpcClient> {
    const stream: Duplex = await this.broker.dial(id);
    return new MsgpackRpcClient(stream, { dialect: this.dialect });
  }

  close(): void {
    this.broker.close();
    void this.yamux.close();
  }
}
