/**
 * Plugin side of one host connection (go-plugin `RPCServer.ServeConn`, `rpc_server.go`): accept
 * the control, stdout and stderr streams in that order, serve `Control` and `Dispenser` on the
 * control stream, run the MuxBroker, and build a fresh implementation per Dispense, served as
 * `Plugin` on a broker id. Used by `serve()` per accepted socket and by go-netrpc/testing's
 * in-memory plugin pair.
 */
import type { Duplex, PassThrough } from 'node:stream';
import type { Registry } from '../gob/index.js';
import { Server as RpcServer } from '../rpc/index.js';
import { controlServer, dispenseServer } from './control-services.js';
import { PluginError } from './errors.js';
import type { JsonLogger } from './hclog.js';
import { MuxBroker } from './mux-broker.js';
import { serveRpcStream } from './rpc-conn.js';
import type { PluginSet } from './types.js';

/** What a connection's plugin side needs (Go `RPCServer` fields). */
export interface ServeConnectionOptions {
  readonly plugins: PluginSet;
  readonly version: number;
  readonly logger: JsonLogger;
  /** Go's swapped os.Stdout / os.Stderr, piped to the connection's streams 3 and 5. */
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  /** Control.Quit was called (Go: the server's DoneCh). */
  readonly onQuit?: () => void;
  /** A dispensed implementation could not be served (Go logs `plugin dispense error`). */
  readonly onDispenseError?: (name: string, err: unknown) => void;
  /** gob registry of every net/rpc connection of this host connection (default: gob's default registry). */
  readonly registry?: Registry;
}

/** The server side of a yamux session, as the plugin uses it. */
export interface ServerSession {
  accept(opts?: { signal?: AbortSignal }): Promise<Duplex>;
  open(opts?: { signal?: AbortSignal }): Promise<Duplex>;
  close(): Promise<void>;
}

/** Go `RPCServer.ServeConn`: serves until the control stream ends, then closes the session. */
export async function serveConnection(session: ServerSession, ctx: ServeConnectionOptions): Promise<void> {
  let control: Duplex;
  let out: Duplex;
  let err: Duplex;
  try {
    control = await session.accept();
    out = await session.accept();
    err = await session.accept();
  } catch (e) {
    ctx.logger.error('error accepting plugin streams', { error: e });
    await session.close();
    return;
  }
  out.on('error', () => undefined);
  err.on('error', () => undefined);
  out.resume();
  err.resume();
  ctx.stdout.pipe(out);
  ctx.stderr.pipe(err);
  const broker = new MuxBroker(session, ctx.registry === undefined ? {} : { registry: ctx.registry });
  void broker.run();
  const rpc = new RpcServer();
  rpc.register(controlServer(() => ctx.onQuit?.()));
  rpc.register(
    dispenseServer(async (name) => {
      const factory = ctx.plugins[name];
      if (factory === undefined) throw new PluginError('UNKNOWN_PLUGIN', `unknown plugin type: ${name}`);
      const impl = await factory({ broker, logger: ctx.logger, version: ctx.version });
      const id = broker.nextId();
      void broker.acceptAndServe(id, impl).catch((e: unknown) => ctx.onDispenseError?.(name, e));
      return id;
    }),
  );
  await serveRpcStream(rpc, control, ctx.registry);
  ctx.stdout.unpipe(out);
  ctx.stderr.unpipe(err);
  broker.close();
  await session.close();
}
