/**
 * An in-memory go-plugin host + plugin pair, like go-plugin's `TestPluginRPCConn` (`testing.go`):
 * the plugin side serves a plugin set exactly as `serve()` does per connection, the host side is
 * the same `PluginRpcClient` a `PluginClient` uses, joined by a yamux session over
 * {@link duplexPair}. No process, socket or handshake: for unit tests of a plugin's
 * implementation (and of host code) through the real wire path (gob, net/rpc, yamux, MuxBroker).
 */
import { PassThrough, type Writable } from 'node:stream';
import {
  createJsonLogger,
  PluginRpcClient,
  serveConnection,
  type HostPluginSet,
  type JsonLogger,
  type PluginSet,
} from '../plugin/index.js';
import { createClient, createServer } from '../yamux/index.js';
import { duplexPair } from './duplex-pair.js';

/** Options of {@link pluginPair}. */
export interface PluginPairOptions<P extends HostPluginSet> {
  /** Plugin side: name → factory, as given to `serve({ plugins })`. */
  readonly plugins: PluginSet;
  /** Host side: name → service description, as given to `new PluginClient({ plugins })`; types `dispense`. */
  readonly hostPlugins: P;
  /** The app protocol version the factories see (default 1). */
  readonly version?: number;
  /** The plugin's logger (default: discards everything). */
  readonly logger?: JsonLogger;
  /** Host-side default call timeout (PluginClient's `callTimeoutMs`). */
  readonly callTimeoutMs?: number;
  /** Where the plugin side's `stdout` / `stderr` streams arrive on the host (drained when unset). */
  readonly syncStdout?: Writable;
  readonly syncStderr?: Writable;
}

/** A connected in-memory host + plugin. */
export interface PluginPair<P extends HostPluginSet> {
  /** The host side (Go `RPCClient`): `dispense(name)`, `ping()`, `broker`. */
  readonly client: PluginRpcClient<P>;
  /** The plugin side's swapped stdout / stderr (what a served plugin writes to reach the host). */
  readonly pluginStdout: PassThrough;
  readonly pluginStderr: PassThrough;
  /** Resolves once the plugin side stopped serving (Control.Quit, or the pair closed). */
  readonly served: Promise<void>;
  /** Closes the host side; the plugin side follows. */
  close(): Promise<void>;
}

/** Go `TestPluginRPCConn`: a host and a plugin connected in memory. */
export async function pluginPair<P extends HostPluginSet>(opts: PluginPairOptions<P>): Promise<PluginPair<P>> {
  const [hostEnd, pluginEnd] = duplexPair();
  const pluginStdout = new PassThrough();
  const pluginStderr = new PassThrough();
  const session = createServer(pluginEnd);
  const served = serveConnection(session, {
    plugins: opts.plugins,
    version: opts.version ?? 1,
    logger: opts.logger ?? createJsonLogger({ level: 'off' }),
    stdout: pluginStdout,
    stderr: pluginStderr,
    onQuit: () => void session.close(), // as serve(): Quit ends serving
  });
  const client = await PluginRpcClient.open(createClient(hostEnd), {
    plugins: opts.hostPlugins,
    ...(opts.callTimeoutMs === undefined ? {} : { callTimeoutMs: opts.callTimeoutMs }),
    ...(opts.syncStdout === undefined ? {} : { syncStdout: opts.syncStdout }),
    ...(opts.syncStderr === undefined ? {} : { syncStderr: opts.syncStderr }),
  });
  return {
    client,
    pluginStdout,
    pluginStderr,
    served,
    close: async () => {
      await client.close();
      await served;
    },
  };
}
