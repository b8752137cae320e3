/**
 * `PluginClient`: launch (or reattach to) a go-plugin netrpc plugin and call it — the counterpart
 * of go-plugin `NewClient` / `Client.Start` / `Client.Client` / `RPCClient` / `Client.Kill`
 * (`client.go`, `rpc_client.go`).
 *
 * Start: optional SecureConfig checksum, spawn with Go's environment, first stdout line within
 * the start timeout, strict handshake parse + version selection, dial (TLS with AutoMTLS), yamux
 * client, streams 1 (control), 3 (stdout), 5 (stderr) in that order, MuxBroker. Kill: Control.Quit,
 * close the session, wait ≤ 2 s for the exit, then SIGKILL; never leaves a zombie.
 *
 * Deviation from Go: Control.Quit itself is bounded by the grace period (Go's `Kill` waits on the
 * Quit reply until yamux keepalive gives up, ~40 s, for a hung plugin); RPC failures surface as
 * PluginError (REMOTE_ERROR for the plugin's error text, PROCESS_EXITED when the plugin died).
 */
import type { Duplex, Writable } from 'node:stream';
import * as gob from '../gob/index.js';
import { unrefTimeout } from '../internal/deferred.js';
import type { Client as RpcClient, MethodSpecs, ServiceClient, ServiceDescription } from '../rpc/index.js';
import { createClient as createYamuxClient } from '../yamux/index.js';
import { derToPem, generateCert } from './automtls.js';
import { dialPlugin, type ClientTls } from './connect.js';
import { DEFAULT_START_TIMEOUT_MS, KILL_GRACE_MS } from './constants.js';
import { createPluginEnv } from './env.js';
import { PluginError } from './errors.js';
import { parseHandshake, type Handshake } from './handshake.js';
import type { HostLogger, LogLevel } from './hclog.js';
import { debugHostLogger, stderrLineHandler } from './host-logging.js';
import { register, unregister } from './managed.js';
import { MuxBroker } from './mux-broker.js';
import { PluginProcess, tailSuffix, type ExitStatus } from './process.js';
import { openRpcClient } from './rpc-conn.js';
import { verifyChecksum, type SecureConfig } from './secure.js';
import type { HostPluginSet, VersionedHandshakeConfig } from './types.js';
import { wrapCallError } from './call-errors.js';
import { watchPid } from './pid-watch.js';

/** Go `ReattachConfig`. */
export interface ReattachConfig {
  readonly protocol?: string;
  readonly protocolVersion?: number;
  readonly network: 'unix' | 'tcp';
  readonly address: string;
  readonly pid: number;
  /** Go `Test`: kill() leaves the process alone. */
  readonly test?: boolean;
}

/** Options of {@link PluginClient} (Go `ClientConfig`). */
export interface PluginClientOptions {
  readonly handshake: VersionedHandshakeConfig;
  readonly plugins?: HostPluginSet;
  readonly versionedPlugins?: Readonly<Record<number, HostPluginSet>>;
  /** Executable to launch (Go `Cmd`); exactly one of `cmd` / `reattach`. */
  readonly cmd?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly skipHostEnv?: boolean;
  readonly reattach?: ReattachConfig;
  readonly secure?: SecureConfig;
  readonly autoMtls?: boolean;
  readonly tls?: ClientTls;
  readonly allowedProtocols?: readonly string[];
  readonly startTimeoutMs?: number;
  readonly minPort?: number;
  readonly maxPort?: number;
  readonly unixSocketGroup?: string;
  readonly unixSocketDir?: string;
  /** Go `SyncStdout` / `SyncStderr`: what the plugin writes to its (swapped) stdout/stderr. */
  readonly syncStdout?: Writable;
  readonly syncStderr?: Writable;
  /** Go `Stderr`: a raw copy of the plugin's real stderr. */
  readonly stderr?: Writable;
  /** Receives the plugin's stderr log lines (default: NODE_DEBUG=gonetrpc:plugin). */
  readonly logger?: HostLogger;
  readonly logLevel?: LogLevel | 'off';
  /** Go `Managed`: killed by {@link cleanupClients} and on host exit. */
  readonly managed?: boolean;
  /** Grace period after Control.Quit before SIGKILL (Go: 2 s). */
  readonly killGraceMs?: number;
}

interface Connection {
  readonly session: { close(): Promise<void> };
  readonly control: RpcClient;
  readonly broker: MuxBroker;
}

/** A go-plugin host-side client for one plugin process. */
export class PluginClient {
  readonly #opts: PluginClientOptions;
  #start: Promise<Connection> | undefined;
  #kill: Promise<void> | undefined;
  #proc: PluginProcess | undefined;
  #handshake: Handshake | undefined;
  #exited = false;
  #exitWaiters: ((s: ExitStatus) => void)[] = [];
  #exitStatus: ExitStatus | undefined;
  readonly #dispensed = new Set<RpcClient>();

  constructor(opts: PluginClientOptions) {
    if ((opts.cmd === undefined) === (opts.reattach === undefined)) {
      throw new PluginError('INVALID_CONFIG', 'exactly one of Cmd, or Reattach, or RunnerFunc must be set');
    }
    if (opts.reattach !== undefined && opts.secure !== undefined) {
      throw new PluginError('INVALID_CONFIG', 'only one of Reattach or SecureConfig can be set');
    }
    if (opts.reattach !== undefined && opts.autoMtls === true) {
      throw new PluginError('INVALID_CONFIG', 'AutoMTLS cannot be combined with Reattach');
    }
    this.#opts = opts;
    if (opts.managed === true) register(this);
  }

  /** Go `Client.Start` + `Client.Client`: launches and connects (idempotent). */
  start(): Promise<void> {
    this.#start ??= this.#doStart();
    return this.#start.then(() => undefined);
  }

  /** The pid of the plugin process (Go `ID()`), once started. */
  get pid(): number | undefined {
    return this.#proc?.pid ?? this.#opts.reattach?.pid;
  }

  /** Go `NegotiatedVersion()`. */
  get negotiatedVersion(): number | undefined {
    return this.#handshake?.appVersion ?? this.#opts.reattach?.protocolVersion;
  }

  /** Go `Exited()`. */
  exited(): boolean {
    return this.#exited;
  }

  /** Resolves with the exit status once the plugin process is gone. */
  waitExited(): Promise<ExitStatus> {
    if (this.#exitStatus !== undefined) return Promise.resolve(this.#exitStatus);
    return new Promise((r) => this.#exitWaiters.push(r));
  }

  /** Go `ReattachConfig()`: what another host needs to attach to this plugin. */
  reattachConfig(): ReattachConfig | undefined {
    const h = this.#handshake;
    if (h === undefined || this.#proc === undefined) return this.#opts.reattach;
    return { protocol: h.protocol, protocolVersion: h.appVersion, network: h.network, address: h.address, pid: this.#proc.pid };
  }

  /** The connection's MuxBroker (for callbacks), once started. */
  async broker(): Promise<MuxBroker> {
    return (await this.#connection()).broker;
  }

  /** Go `RPCClient.Ping`: Control.Ping. */
  async ping(): Promise<void> {
    const c = await this.#connection();
    await this.#wrap('Control.Ping', c.control.call('Control.Ping', true, gob.bool, gob.emptyStruct));
  }

  /**
   * Go `RPCClient.Dispense`: asks the plugin for `name` and returns typed stubs calling
   * `Plugin.<Method>` on the brokered stream.
   */
  async dispense<M extends MethodSpecs>(name: string): Promise<ServiceClient<M>> {
    const client = await this.dispenseClient(name);
    const description = this.#pluginSet()[name] as ServiceDescription<M>;
    const stubs: Record<string, unknown> = {};
    for (const [method, spec] of Object.entries(description.methods)) {
      const sm = `Plugin.${method}`;
      stubs[method] = (args: unknown, options?: { signal?: AbortSignal; timeoutMs?: number }) =>
        this.#wrap(sm, client.call(sm, args as never, spec.args, spec.reply, options));
    }
    return Object.freeze(stubs) as ServiceClient<M>;
  }

  /** Like {@link dispense} but returns the raw net/rpc client of the brokered stream. */
  async dispenseClient(name: string): Promise<RpcClient> {
    const c = await this.#connection();
    if (!Object.hasOwn(this.#pluginSet(), name)) throw new PluginError('UNKNOWN_PLUGIN', `unknown plugin type: ${name}`);
    const id = await this.#wrap('Dispenser.Dispense', c.control.call('Dispenser.Dispense', name, gob.string, gob.uint32));
    let stream: Duplex;
    try {
      stream = await c.broker.dial(id);
    } catch (err) {
      throw await this.#exitAware(err);
    }
    const client = openRpcClient(stream);
    this.#dispensed.add(client);
    void client.closed.then(() => this.#dispensed.delete(client));
    return client;
  }

  /** Go `Client.Kill`: Quit, close, wait ≤ 2 s, SIGKILL; resolves when the process is gone. */
  kill(): Promise<void> {
    this.#kill ??= this.#doKill();
    return this.#kill;
  }

  #pluginSet(): HostPluginSet {
    const v = this.negotiatedVersion;
    const versioned = v === undefined ? undefined : this.#opts.versionedPlugins?.[v];
    return versioned ?? this.#opts.plugins ?? {};
  }

  #appVersions(): number[] {
    const keys = Object.keys(this.#opts.versionedPlugins ?? {}).map(Number);
    const pv = this.#opts.handshake.protocolVersion ?? 1;
    if (this.#opts.plugins !== undefined && !keys.includes(pv)) keys.push(pv);
    return keys;
  }

  async #connection(): Promise<Connection> {
    if (this.#kill !== undefined) throw new PluginError('CLIENT_CLOSED', 'plugin client was killed');
    this.#start ??= this.#doStart();
    return this.#start;
  }

  #onExit(status: ExitStatus): void {
    this.#exited = true;
    this.#exitStatus = status;
    for (const w of this.#exitWaiters.splice(0)) w(status);
  }

  async #doStart(): Promise<Connection> {
    const o = this.#opts;
    if (o.reattach !== undefined) return this.#doReattach(o.reattach);
    const cmd = o.cmd as string;
    if (o.secure !== undefined) await verifyChecksum(cmd, o.secure);
    const cert = o.autoMtls === true ? generateCert() : undefined;
    const env = createPluginEnv({
      handshake: o.handshake,
      appVersions: this.#appVersions(),
      ...(o.env === undefined ? {} : { env: o.env }),
      ...(o.skipHostEnv === undefined ? {} : { skipHostEnv: o.skipHostEnv }),
      ...(o.minPort === undefined ? {} : { minPort: o.minPort }),
      ...(o.maxPort === undefined ? {} : { maxPort: o.maxPort }),
      ...(cert === undefined ? {} : { clientCertPem: cert.certPem }),
      ...(o.unixSocketGroup === undefined ? {} : { unixSocketGroup: o.unixSocketGroup }),
      ...(o.unixSocketDir === undefined ? {} : { unixSocketDir: o.unixSocketDir }),
    });
    const { proc, line } = await PluginProcess.launch({
      command: cmd,
      ...(o.args === undefined ? {} : { args: o.args }),
      env,
      ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
      startTimeoutMs: o.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      onStderrLine: stderrLineHandler(cmd, o.logger ?? debugHostLogger, o.logLevel ?? 'trace'),
      ...(o.stderr === undefined ? {} : { stderr: o.stderr }),
    });
    this.#proc = proc;
    void proc.exited.then((s) => this.#onExit(s));
    try {
      const h = parseHandshake(line, { appVersions: this.#appVersions(), allowedProtocols: o.allowedProtocols ?? ['netrpc'] });
      this.#handshake = h;
      let tls: ClientTls | undefined = o.tls;
      if (cert !== undefined) {
        tls = { cert: cert.certPem, key: cert.keyPem, servername: 'localhost', ...(h.serverCertDer === undefined ? {} : { ca: derToPem(h.serverCertDer) }) };
      }
      return await this.#connect(h.network, h.address, tls);
    } catch (err) {
      proc.sigkill();
      await proc.exited;
      throw err;
    }
  }

  async #doReattach(r: ReattachConfig): Promise<Connection> {
    if (!pidAlive(r.pid)) throw new PluginError('REATTACH_FAILED', `reattachment process not found: pid ${r.pid}`);
    void watchPid(r.pid).then(() => this.#onExit({ code: null, signal: null }));
    try {
      return await this.#connect(r.network, r.address, this.#opts.tls);
    } catch (err) {
      throw new PluginError('REATTACH_FAILED', `reattachment failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async #connect(network: 'unix' | 'tcp', address: string, tls: ClientTls | undefined): Promise<Connection> {
    const socket = await dialPlugin(network, address, tls);
    const session = createYamuxClient(socket);
    const controlStream = await session.open();
    const stdoutStream = await session.open();
    const stderrStream = await session.open();
    pipeOrDrain(stdoutStream, this.#opts.syncStdout);
    pipeOrDrain(stderrStream, this.#opts.syncStderr);
    const control = openRpcClient(controlStream);
    const broker = new MuxBroker(session);
    void broker.run();
    return { session, control, broker };
  }

  async #doKill(): Promise<void> {
    const start = this.#start;
    if (start === undefined) return;
    let conn: Connection | undefined;
    try {
      conn = await start;
    } catch {
      conn = undefined; // start failed: the process was already killed
    }
    if (this.#opts.reattach?.test === true || (this.#proc === undefined && this.#opts.reattach === undefined)) {
      unregister(this);
      return;
    }
    let graceful = false;
    if (conn !== undefined && !this.#exited) {
      try {
        await conn.control.call('Control.Quit', true, gob.bool, gob.emptyStruct, { timeoutMs: this.#opts.killGraceMs ?? KILL_GRACE_MS });
        graceful = true;
      } catch {
        graceful = false;
      }
    }
    let closing: Promise<void> | undefined;
    if (conn !== undefined) {
      for (const c of this.#dispensed) void c.close();
      void conn.control.close();
      conn.broker.close();
      // Not awaited before the exit wait: a hung plugin must not delay the SIGKILL.
      closing = conn.session.close().catch(() => undefined);
    }
    if (!this.#exited) {
      const grace = graceful ? (this.#opts.killGraceMs ?? KILL_GRACE_MS) : 0;
      const timedOut = await Promise.race([
        this.waitExited().then(() => false),
        new Promise<boolean>((r) => unrefTimeout(() => r(true), grace)),
      ]);
      if (timedOut) {
        if (this.#proc !== undefined) this.#proc.sigkill();
        else if (this.#opts.reattach !== undefined) killPid(this.#opts.reattach.pid);
      }
      await this.waitExited();
    }
    await closing;
    unregister(this);
  }

  /** Maps rpc failures to PluginError; a failure caused by the plugin dying is PROCESS_EXITED. */
  #wrap<T>(serviceMethod: string, p: Promise<T>): Promise<T> {
    return p.catch(async (err: unknown) => {
      throw await this.#exitAware(err, serviceMethod);
    });
  }

  async #exitAware(err: unknown, serviceMethod?: string): Promise<PluginError> {
    return wrapCallError(err, {
      ...(serviceMethod === undefined ? {} : { serviceMethod }),
      exited: () => this.#exited,
      waitExited: () => this.waitExited(),
      describeExit: () => tailSuffix(this.#proc?.stderrTail ?? ''),
      stderrTail: () => this.#proc?.stderrTail ?? '',
    });
  }
}

function pipeOrDrain(stream: Duplex, sink: Writable | undefined): void {
  stream.on('error', () => undefined);
  if (sink === undefined) stream.resume();
  else stream.pipe(sink, { end: false });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
