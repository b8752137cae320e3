/**
 * `PluginClient`: launch (or reattach to) a go-plugin netrpc plugin and call it — the counterpart
 * of go-plugin `NewClient` / `Client.Start` / `Client.Client` / `Client.Kill` (`client.go`).
 * The connection itself (control stream, broker, dispense) is {@link PluginRpcClient}.
 *
 * Start: optional SecureConfig checksum, spawn with Go's environment, first stdout line within
 * the start timeout, strict handshake parse + version selection, dial (TLS with AutoMTLS), yamux
 * client, then the RPC client. Kill: Control.Quit, close the session, wait ≤ 2 s for the exit,
 * then SIGKILL; never leaves a zombie. Lifecycle is logged at debug through `logger`, as Go's
 * host does ("starting plugin", "plugin started", "using plugin", "plugin process exited").
 *
 * Deviation from Go: Control.Quit itself is bounded by the grace period (Go's `Kill` waits on the
 * Quit reply until yamux keepalive gives up, ~40 s, for a hung plugin); failures surface as
 * PluginError (see call-errors.ts).
 */
import { EventEmitter } from 'node:events';
import { raceAbortTimeout, unrefTimeout } from '../internal/deferred.js';
import type { CallOptions, Client as RpcClient, MethodSpecs, ServiceClient } from '../rpc/index.js';
import { createClient as createYamuxClient } from '../yamux/index.js';
import { wrapCallError } from './call-errors.js';
import { dialPlugin, type ClientTls } from './connect.js';
import { DEFAULT_START_TIMEOUT_MS, KILL_GRACE_MS } from './constants.js';
import { createPluginEnv } from './env.js';
import { PluginError } from './errors.js';
import { describeExit, ExitWatch, type ExitStatus } from './exit-watch.js';
import { parseHandshake, type Handshake } from './handshake.js';
import type { LogEntry } from './hclog.js';
import { appVersions, pluginSetFor, validateOptions, type PluginClientOptions, type ReattachConfig } from './host-options.js';
import { debugHostLogger, pluginLogName, stderrLineHandler } from './host-logging.js';
import { register, unregister } from './managed.js';
import type { MuxBroker } from './mux-broker.js';
import { watchPid } from './pid-watch.js';
import { PluginProcess } from './process.js';
import { PluginRpcClient } from './rpc-client.js';
import { verifyChecksum } from './secure.js';
import type { DispensedPlugin, HostPluginSet, PluginName } from './types.js';

/** Options of `start()` / `kill()`. */
export interface LifecycleOptions {
  /** start(): abandons the start (the process is killed, ABORTED). kill(): skip the grace period and SIGKILL now. */
  readonly signal?: AbortSignal | undefined;
}

/** Events of {@link PluginClient}: `'exit'` once the plugin process is gone. */
export interface PluginClientEvents {
  exit: [status: ExitStatus];
}

/** A go-plugin host-side client for one plugin process; `P` (the plugin set) types `dispense`. */
export class PluginClient<P extends HostPluginSet = HostPluginSet> extends EventEmitter<PluginClientEvents> {
  readonly #opts: PluginClientOptions<P>;
  #start: Promise<PluginRpcClient<P>> | undefined;
  /** Aborts a start in progress: the first caller's signal, or kill(). */
  readonly #startAbort = new AbortController();
  #kill: Promise<void> | undefined;
  #proc: PluginProcess | undefined;
  #handshake: Handshake | undefined;
  readonly #exit = new ExitWatch();

  constructor(opts: PluginClientOptions<P>) {
    super();
    validateOptions(opts);
    this.#opts = opts;
    if (opts.managed === true) register(this);
  }

  /** Go `Client.Start` + `Client.Client`: launches and connects (idempotent). */
  start(options: LifecycleOptions = {}): Promise<void> {
    const started = this.#connection(options.signal);
    return raceAbortTimeout(started, {
      signal: options.signal,
      onAbort: (reason) => new PluginError('ABORTED', 'plugin start aborted', { cause: reason }),
      onTimeout: () => undefined,
    }).then(() => undefined);
  }

  /** The pid of the plugin process (Go `ID()`), once started. */
  get pid(): number | undefined {
    return this.#proc?.pid ?? this.#opts.reattach?.pid;
  }

  /** Go `NegotiatedVersion()`. */
  get negotiatedVersion(): number | undefined {
    return this.#handshake?.appVersion ?? this.#opts.reattach?.protocolVersion;
  }

  /** Go `Exited()`: true once the plugin process is gone (also after a failed start). */
  exited(): boolean {
    return this.#exit.status !== undefined;
  }

  /** Resolves with the exit status once the plugin process is gone. */
  waitExited(): Promise<ExitStatus> {
    return this.#exit.promise;
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
  async ping(options?: CallOptions): Promise<void> {
    await (await this.#connection(options?.signal)).ping(options);
  }

  /**
   * Go `RPCClient.Dispense`: asks the plugin for `name` (a key of `plugins`) and returns typed
   * stubs calling `Plugin.<Method>` on the brokered stream.
   */
  dispense<K extends PluginName<P>>(name: K, options?: CallOptions): Promise<DispensedPlugin<P, K>>;
  /** @deprecated Let the `plugins` map type the stubs: `dispense('name')`. */
  dispense<M extends MethodSpecs>(name: PluginName<P>, options?: CallOptions): Promise<ServiceClient<M>>;
  async dispense(name: PluginName<P>, options?: CallOptions): Promise<unknown> {
    return (await this.#connection(options?.signal)).dispense(name, options);
  }

  /** Like {@link dispense} but returns the raw net/rpc client of the brokered stream. */
  async dispenseClient(name: PluginName<P>, options?: CallOptions): Promise<RpcClient> {
    return (await this.#connection(options?.signal)).dispenseClient(name, options);
  }

  /**
   * Go `Client.Kill`: Quit, close, wait ≤ `killGraceMs` (2 s), SIGKILL; resolves when the process
   * is gone. Aborting `signal` skips what is left of the grace period. Keeps the event loop
   * alive until it resolves (a script's `await client.kill()` completes).
   */
  kill(options: LifecycleOptions = {}): Promise<void> {
    this.#kill ??= this.#doKill(options.signal);
    return this.#kill;
  }

  #connection(signal?: AbortSignal): Promise<PluginRpcClient<P>> {
    if (this.#kill !== undefined) return Promise.reject(new PluginError('CLIENT_CLOSED', 'plugin client was closed by kill()'));
    if (this.#start === undefined) {
      if (signal?.aborted === true) this.#startAbort.abort(signal.reason);
      else signal?.addEventListener('abort', () => this.#startAbort.abort(signal.reason), { once: true });
      this.#start = this.#doStart(this.#startAbort.signal);
    }
    return this.#start;
  }

  #log(message: string, fields: Record<string, unknown> = {}): void {
    if (this.#opts.logLevel === 'off' || this.#opts.logLevel === 'info' || this.#opts.logLevel === 'warn' || this.#opts.logLevel === 'error') return;
    const entry: LogEntry = { level: 'debug', message, fields, json: false, module: 'plugin' };
    try {
      (this.#opts.logger ?? debugHostLogger).log(entry);
    } catch {
      // Reported once by the stderr handler; lifecycle logging never fails the client.
    }
  }

  #followExit(p: Promise<ExitStatus>, path: string, pid: number): void {
    void p.then((status) => {
      if (!this.#exit.settle(status)) return;
      this.#log(status.code === 0 ? 'plugin exited' : 'plugin process exited', { path, pid, status: describeExit(status) });
      try {
        this.emit('exit', status);
      } catch (err) {
        process.emitWarning(`an 'exit' listener of PluginClient threw: ${err instanceof Error ? err.message : String(err)}`, { code: 'GONETRPC_LISTENER_THREW' });
      }
    });
  }

  async #doStart(signal: AbortSignal): Promise<PluginRpcClient<P>> {
    const o = this.#opts;
    if (o.reattach !== undefined) return this.#doReattach(o.reattach);
    const cmd = o.cmd as string;
    if (o.secure !== undefined) await verifyChecksum(cmd, o.secure);
    // AutoMTLS is loaded on demand: certificate generation costs import time nobody else needs.
    const mtls = o.autoMtls === true ? await import('./automtls.js') : undefined;
    const cert = mtls?.generateCert();
    const env = createPluginEnv({
      handshake: o.handshake,
      appVersions: appVersions(o),
      ...(o.env === undefined ? {} : { env: o.env }),
      ...(o.skipHostEnv === undefined ? {} : { skipHostEnv: o.skipHostEnv }),
      ...(o.minPort === undefined ? {} : { minPort: o.minPort }),
      ...(o.maxPort === undefined ? {} : { maxPort: o.maxPort }),
      ...(cert === undefined ? {} : { clientCertPem: cert.certPem }),
      ...(o.unixSocketGroup === undefined ? {} : { unixSocketGroup: o.unixSocketGroup }),
      ...(o.unixSocketDir === undefined ? {} : { unixSocketDir: o.unixSocketDir }),
    });
    this.#log('starting plugin', { path: cmd, args: [cmd, ...(o.args ?? [])] });
    const logName = o.logName ?? pluginLogName(cmd, o.args);
    const proc = PluginProcess.spawn({
      command: cmd,
      ...(o.args === undefined ? {} : { args: o.args }),
      env,
      ...(o.cwd === undefined ? {} : { cwd: o.cwd }),
      onStderrLine: stderrLineHandler(logName, o.logger ?? debugHostLogger, o.logLevel ?? 'trace'),
      ...(o.stderr === undefined ? {} : { stderr: o.stderr }),
    });
    this.#proc = proc;
    this.#followExit(proc.exited, cmd, proc.pid);
    try {
      if (proc.pid !== 0) this.#log('plugin started', { path: cmd, pid: proc.pid });
      this.#log('waiting for RPC address', { plugin: cmd });
      const line = await proc.readHandshakeLine({ startTimeoutMs: o.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, signal });
      const h = parseHandshake(line, { appVersions: appVersions(o), allowedProtocols: o.allowedProtocols ?? ['netrpc'] });
      this.#handshake = h;
      this.#log('using plugin', { version: h.appVersion });
      let tls: ClientTls | undefined = o.tls;
      if (mtls !== undefined && cert !== undefined) {
        const ca = h.serverCertDer === undefined ? {} : { ca: mtls.derToPem(h.serverCertDer) };
        tls = { cert: cert.certPem, key: cert.keyPem, servername: 'localhost', ...ca };
      }
      return await raceAbortTimeout(this.#connect(h.network, h.address, tls), {
        signal,
        onAbort: (reason) => new PluginError('ABORTED', 'plugin start aborted', { cause: reason }),
        onTimeout: () => undefined,
      });
    } catch (err) {
      // The process is dead when start rejects: exited() is true and waitExited() resolves.
      proc.sigkill();
      await this.#exit.promise;
      if (this.#kill !== undefined) throw new PluginError('CLIENT_CLOSED', 'plugin client was closed by kill() during start', { cause: err });
      throw err;
    }
  }

  async #doReattach(r: ReattachConfig): Promise<PluginRpcClient<P>> {
    if (!pidAlive(r.pid)) throw new PluginError('REATTACH_FAILED', `reattachment process not found: pid ${r.pid}`);
    this.#followExit(
      watchPid(r.pid).then(() => ({ code: null, signal: null })),
      'reattached',
      r.pid,
    );
    try {
      return await this.#connect(r.network, r.address, this.#opts.tls);
    } catch (err) {
      throw new PluginError('REATTACH_FAILED', `reattachment failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async #connect(network: 'unix' | 'tcp', address: string, tls: ClientTls | undefined): Promise<PluginRpcClient<P>> {
    const socket = await dialPlugin(network, address, tls, () => this.#kill !== undefined);
    const o = this.#opts;
    return PluginRpcClient.open(createYamuxClient(socket), {
      plugins: pluginSetFor(o, this.negotiatedVersion),
      callTimeoutMs: o.callTimeoutMs,
      syncStdout: o.syncStdout,
      syncStderr: o.syncStderr,
      registry: o.registry,
      mapError: (err, serviceMethod) =>
        wrapCallError(
          err,
          {
            closedByHost: () => this.#kill !== undefined,
            exitStatus: () => this.#exit.status,
            waitExited: () => this.#exit.promise,
            stderrTail: () => this.#proc?.stderrTail ?? '',
          },
          serviceMethod,
        ),
    });
  }

  async #doKill(signal: AbortSignal | undefined): Promise<void> {
    // A reattached plugin is watched with unref'd timers only: hold the loop open until done.
    const hold = setInterval(() => undefined, 60_000);
    try {
      await this.#killSequence(signal);
    } finally {
      clearInterval(hold);
      unregister(this);
    }
  }

  async #killSequence(signal: AbortSignal | undefined): Promise<void> {
    const start = this.#start;
    if (start === undefined) return;
    this.#startAbort.abort(new PluginError('CLIENT_CLOSED', 'plugin client was closed by kill()')); // a start in progress ends now
    const conn = await start.catch(() => undefined); // a failed start already killed the process
    if (this.#opts.reattach?.test === true || (this.#proc === undefined && this.#opts.reattach === undefined)) return;
    const grace = this.#opts.killGraceMs ?? KILL_GRACE_MS;
    let graceful = false;
    if (conn !== undefined && !this.exited() && signal?.aborted !== true) {
      graceful = await conn.quit({ timeoutMs: grace, ...(signal === undefined ? {} : { signal }) }).then(
        () => true,
        () => false,
      );
    }
    // Not awaited before the exit wait: a hung plugin must not delay the SIGKILL.
    const closing = conn?.close();
    if (!this.exited()) {
      const timedOut = await raceAbortTimeout(
        Promise.race([this.#exit.promise.then(() => false), new Promise<boolean>((r) => unrefTimeout(() => r(true), graceful ? grace : 0))]),
        { signal, onAbort: () => true, onTimeout: () => true },
      ).catch((v: unknown) => v === true);
      if (timedOut) {
        if (this.#proc !== undefined) this.#proc.sigkill();
        else if (this.#opts.reattach !== undefined) killPid(this.#opts.reattach.pid);
      }
      await this.#exit.promise;
    }
    await closing;
  }
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
