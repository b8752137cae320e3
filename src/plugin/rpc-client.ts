/**
 * The host side of one plugin connection (go-plugin `RPCClient`, `rpc_client.go`): on a yamux
 * client session, open the control, stdout and stderr streams in Go's order, run the MuxBroker,
 * and offer Ping, Dispense (typed stubs of `Plugin.<Method>` on a brokered stream) and Close.
 * Process lifecycle is not here (see PluginClient); failures are mapped by the owner's
 * `mapError`, so the same code serves a real process and go-netrpc/testing's in-memory pair.
 */
import type { Duplex, Writable } from 'node:stream';
import type { Registry } from '../gob/index.js';
import type { CallOptions, Client as RpcClient } from '../rpc/index.js';
import { wrapCallError } from './call-errors.js';
import { PLUGIN_SERVICE_NAME } from './constants.js';
import { controlClient, type ControlClient } from './control-services.js';
import { PluginError } from './errors.js';
import { MuxBroker, type BrokerSession } from './mux-broker.js';
import { openRpcClient } from './rpc-conn.js';
import type { DispensedPlugin, HostPluginSet, PluginName } from './types.js';

/** The client side of a yamux session, as the host uses it. */
export interface ClientSession extends BrokerSession {
  close(): Promise<void>;
}

/** Options of {@link PluginRpcClient.open}. */
export interface PluginRpcClientOptions<P extends HostPluginSet> {
  /** The negotiated version's plugin set (name → method types). */
  readonly plugins: P;
  /** Default `timeoutMs` of every call (stubs, ping, dispense) that sets none; none when undefined. */
  readonly callTimeoutMs?: number | undefined;
  /** Where the plugin's swapped stdout / stderr go (drained when unset). */
  readonly syncStdout?: Writable | undefined;
  readonly syncStderr?: Writable | undefined;
  /**
   * Maps a failed call to the PluginError its caller sees (default: the mapping of call-errors.ts
   * for a connection without a process: REMOTE_ERROR, ABORTED, TIMEOUT, CLIENT_CLOSED, CALL_FAILED).
   */
  readonly mapError?: (err: unknown, serviceMethod?: string) => Promise<PluginError>;
  /** gob registry of every net/rpc connection to the plugin (default: gob's default registry). */
  readonly registry?: Registry | undefined;
}

/** Go `RPCClient`: one connection to a plugin. */
export class PluginRpcClient<P extends HostPluginSet = HostPluginSet> {
  readonly broker: MuxBroker;
  readonly #session: ClientSession;
  readonly #rpc: RpcClient;
  readonly #control: ControlClient;
  readonly #opts: PluginRpcClientOptions<P>;
  readonly #dispensed = new Set<RpcClient>();
  readonly #mapError: (err: unknown, serviceMethod?: string) => Promise<PluginError>;
  #closed = false;

  private constructor(session: ClientSession, rpc: RpcClient, opts: PluginRpcClientOptions<P>) {
    this.#session = session;
    this.#rpc = rpc;
    this.#control = controlClient(rpc);
    this.#opts = opts;
    this.#mapError =
      opts.mapError ?? ((err, sm) => wrapCallError(err, { closedByHost: () => this.#closed, exitStatus: () => undefined, stderrTail: () => '' }, sm));
    this.broker = new MuxBroker(session, opts.registry === undefined ? {} : { registry: opts.registry });
    void this.broker.run();
  }

  /** Go `NewRPCClient`: opens streams 1 (control), 3 (stdout), 5 (stderr) in that order. */
  static async open<P extends HostPluginSet>(session: ClientSession, opts: PluginRpcClientOptions<P>): Promise<PluginRpcClient<P>> {
    const controlStream = await session.open();
    const stdoutStream = await session.open();
    const stderrStream = await session.open();
    pipeOrDrain(stdoutStream, opts.syncStdout);
    pipeOrDrain(stderrStream, opts.syncStderr);
    return new PluginRpcClient(session, openRpcClient(controlStream, opts.registry), opts);
  }

  /** Go `RPCClient.Ping`. */
  ping(options?: CallOptions): Promise<void> {
    return this.#mapped('Control.Ping', this.#control.ping(this.#callOptions(options)));
  }

  /** Go `RPCClient.Close`'s Control.Quit (the plugin exits after replying). */
  quit(options?: CallOptions): Promise<void> {
    return this.#mapped('Control.Quit', this.#control.quit(options));
  }

  /** Go `RPCClient.Dispense`: typed stubs calling `Plugin.<Method>` on a brokered stream. */
  async dispense<K extends PluginName<P>>(name: K, options?: CallOptions): Promise<DispensedPlugin<P, K>> {
    const rpc = await this.dispenseClient(name, options);
    const stubs = rpc.service({ name: PLUGIN_SERVICE_NAME, methods: this.#opts.plugins[name]?.methods ?? {} });
    const wrapped: Record<string, unknown> = {};
    for (const [method, stub] of Object.entries(stubs as Record<string, (a: unknown, o?: CallOptions) => Promise<unknown>>)) {
      const sm = `${PLUGIN_SERVICE_NAME}.${method}`;
      wrapped[method] = (args: unknown, o?: CallOptions) => this.#mapped(sm, stub(args, this.#callOptions(o)));
    }
    return Object.freeze(wrapped) as DispensedPlugin<P, K>;
  }

  /** Like {@link dispense} but returns the raw net/rpc client of the brokered stream. */
  async dispenseClient(name: PluginName<P>, options?: CallOptions): Promise<RpcClient> {
    if (!Object.hasOwn(this.#opts.plugins, name)) {
      const known = Object.keys(this.#opts.plugins);
      throw new PluginError('UNKNOWN_PLUGIN', `unknown plugin type: ${name} (the host's plugins map has: ${known.length === 0 ? 'none' : known.join(', ')})`);
    }
    const opts = this.#callOptions(options);
    const id = await this.#mapped('Dispenser.Dispense', this.#control.dispense(name, opts));
    let stream: Duplex;
    try {
      stream = await this.broker.dial(id, opts.signal === undefined ? {} : { signal: opts.signal });
    } catch (err) {
      throw await this.#mapError(err);
    }
    const client = openRpcClient(stream, this.#opts.registry);
    this.#dispensed.add(client);
    void client.closed.then(() => this.#dispensed.delete(client));
    return client;
  }

  /** Closes the dispensed clients, the control client, the broker and the session. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const c of this.#dispensed) void c.close();
    void this.#rpc.close();
    this.broker.close();
    await this.#session.close().catch(() => undefined);
  }

  #callOptions(o: CallOptions | undefined): CallOptions {
    const timeoutMs = o?.timeoutMs ?? this.#opts.callTimeoutMs;
    return { ...(o?.signal === undefined ? {} : { signal: o.signal }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
  }

  #mapped<T>(serviceMethod: string, p: Promise<T>): Promise<T> {
    return p.catch(async (err: unknown) => {
      throw await this.#mapError(err, serviceMethod);
    });
  }
}

function pipeOrDrain(stream: Duplex, sink: Writable | undefined): void {
  stream.on('error', () => undefined);
  if (sink === undefined) stream.resume();
  else stream.pipe(sink, { end: false });
}
