/**
 * `serve()`: run this Node process as a go-plugin netrpc plugin (go-plugin `Serve`, `server.go`,
 * `rpc_server.go`).
 *
 * Order, as Go: cookie check (Go's text on stderr, exit 1), version negotiation, listen (unix
 * socket, TCP on Windows or on request), AutoMTLS when PLUGIN_CLIENT_CERT is set, then the
 * handshake line as the only write ever made to the real stdout. Each accepted connection gets a
 * yamux server session whose first three streams are control, stdout and stderr; control serves
 * `Control` and `Dispenser`; each Dispense builds a fresh implementation and serves it as
 * `Plugin` on a broker id. After the handshake, `process.stdout.write` (console.log) is routed to
 * the stdout stream (Go swaps `os.Stdout`); `context.stderr` is Go's swapped `os.Stderr`.
 * SIGINT is ignored (Go's plugins do); SIGTERM keeps Node's default. `stop()` (or the end of
 * serving) restores `process.stdout.write` and the SIGINT handling.
 *
 * Deviation from Go: a Go plugin lives on after its host dies (until SIGPIPE); this plugin exits
 * when a connection ends and its parent process is gone (reparented), so no orphan is left.
 * Deviation from Go: with TLS, a connection that has not completed its TLS handshake within
 * `tlsHandshakeTimeoutMs` (default 10 s) is closed; Go's `tls.NewListener` waits forever.
 */
import { writeSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Registry } from '../gob/index.js';
import { createServer as createYamuxServer } from '../yamux/index.js';
import { COOKIE_MISMATCH_TEXT, DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS, MISCONFIGURED_COOKIE_TEXT } from './constants.js';
import { readPluginEnv } from './env.js';
import { formatHandshake, negotiateVersion } from './handshake.js';
import { createJsonLogger, writeFd2, type JsonLogger, type LogLevel } from './hclog.js';
import { listen, type ServerTls } from './listen.js';
import { serveConnection } from './serve-connection.js';
import type { PluginSet, VersionedHandshakeConfig } from './types.js';

/** Options of {@link serve} (Go `ServeConfig`). */
export interface ServeConfig {
  readonly handshake: VersionedHandshakeConfig;
  /** Go `Plugins` (served as version `handshake.protocolVersion`, default 1). */
  readonly plugins?: PluginSet;
  /** Go `VersionedPlugins`. */
  readonly versionedPlugins?: Readonly<Record<number, PluginSet>>;
  /** Go `TLSProvider`: user TLS (disables AutoMTLS, as Go). */
  readonly tls?: ServerTls;
  /** Force TCP (Go: only on Windows). */
  readonly network?: 'unix' | 'tcp';
  /** Logger level of the default hclog JSON logger (Go default: trace). */
  readonly logLevel?: LogLevel | 'off';
  /** Exit the process when serving ends (default true, like a Go plugin's main returning). */
  readonly exitProcess?: boolean;
  /** Environment to read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * With TLS (AutoMTLS or `tls`): close a connection whose TLS handshake has not completed within
   * this many milliseconds (default 10 000). Deviation from Go: Go waits forever.
   */
  readonly tlsHandshakeTimeoutMs?: number;
  /**
   * gob registry for the interface values of this plugin's net/rpc connections (control,
   * dispensed plugins, broker connections). Default: gob's default registry.
   */
  readonly registry?: Registry;
}

/** A running plugin server (resolved by {@link serve} once the handshake is printed). */
export interface ServedPlugin {
  readonly logger: JsonLogger;
  readonly version: number;
  readonly network: 'unix' | 'tcp';
  readonly address: string;
  /** Go's swapped `os.Stdout` / `os.Stderr`: bytes go to the host's SyncStdout / SyncStderr. */
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  /** Resolves when serving ended (Quit, host gone). */
  readonly done: Promise<void>;
  /** Stops serving: closes the connections and the listener, restores `process.stdout.write`. */
  stop(): Promise<void>;
}

function pluginSets(cfg: ServeConfig): Map<number, PluginSet> {
  const sets = new Map<number, PluginSet>();
  for (const [k, v] of Object.entries(cfg.versionedPlugins ?? {})) sets.set(Number(k), v);
  if (cfg.plugins !== undefined) sets.set(cfg.handshake.protocolVersion ?? 1, cfg.plugins);
  return sets;
}

/**
 * Serves this process as a go-plugin netrpc plugin. When run by hand (cookie missing) prints
 * Go's message and exits with status 1.
 */
export async function serve(cfg: ServeConfig): Promise<ServedPlugin> {
  const env = cfg.env ?? process.env;
  if (cfg.handshake.magicCookieKey === '' || cfg.handshake.magicCookieValue === '') {
    writeFd2(MISCONFIGURED_COOKIE_TEXT);
    process.exit(1);
  }
  const launch = readPluginEnv(cfg.handshake, env);
  if (!launch.cookieOk) {
    writeFd2(COOKIE_MISMATCH_TEXT);
    process.exit(1);
  }
  const logger = createJsonLogger({ level: cfg.logLevel ?? 'trace' });
  const sets = pluginSets(cfg);
  const { version, invalid } = negotiateVersion([...sets.keys()], launch.protocolVersions);
  for (const bad of invalid) writeFd2(`server sent invalid plugin version ${JSON.stringify(bad)}`);
  const plugins = sets.get(version) ?? {};

  let tls: ServerTls | undefined = cfg.tls;
  let serverCertDer: Uint8Array | undefined;
  if (tls === undefined && launch.clientCertPem !== undefined) {
    logger.debug('configuring server automatic mTLS');
    const { generateCert } = await import('./automtls.js'); // rarely used: loaded on demand
    const cert = generateCert();
    tls = { cert: cert.certPem, key: cert.keyPem, ca: launch.clientCertPem };
    serverCertDer = cert.certDer;
  }

  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const sessions = new Set<{ close(): Promise<void> }>();
  const parentPid = process.ppid;
  let connections = 0;

  const listener = await listen({
    network: cfg.network ?? (process.platform === 'win32' ? 'tcp' : 'unix'),
    tls,
    tlsHandshakeTimeoutMs: cfg.tlsHandshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS,
    onTlsClientError: (err) => logger.debug('plugin TLS handshake failed', { error: err.message }),
    unixSocketDir: launch.unixSocketDir,
    unixSocketGroup: launch.unixSocketGroup,
    env,
    onConnection: (socket) => {
      connections++;
      socket.on('error', (err) => logger.debug('plugin connection error', { error: err.message }));
      const session = createYamuxServer(socket);
      sessions.add(session);
      const onDispenseError = (name: string, e: unknown): void =>
        writeFd2(`[ERR] go-plugin: plugin dispense error: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      void serveConnection(session, { plugins, version, logger, stdout, stderr, onQuit: () => finish(), onDispenseError, ...(cfg.registry === undefined ? {} : { registry: cfg.registry }) }).finally(() => {
        sessions.delete(session);
        connections--;
        // Host gone (we were reparented) and nobody else attached: exit instead of lingering.
        if (connections === 0 && process.ppid !== parentPid) finish();
      });
    },
  });
  logger.debug('plugin address', { network: listener.network, address: listener.address });

  const line = formatHandshake({
    appVersion: version,
    network: listener.network,
    address: listener.address,
    serverCertDer,
    multiplex: launch.multiplexGrpc,
  });
  writeSync(1, line);
  const restoreStdout = routeConsoleStdout(stdout);

  const onSigint = (): void => logger.trace('plugin received interrupt signal, ignoring');
  process.on('SIGINT', onSigint);

  const stopped = done.then(async () => {
    process.off('SIGINT', onSigint);
    restoreStdout();
    await Promise.allSettled([...sessions].map((s) => s.close()));
    await listener.close().catch(() => undefined);
    if (cfg.exitProcess !== false) process.exit(0);
  });
  const stop = async (): Promise<void> => {
    finish();
    await stopped;
  };
  return { logger, version, network: listener.network, address: listener.address, stdout, stderr, done, stop };
}

/**
 * After the handshake, console.log & co. go to the stdout stream (Go swaps os.Stdout). Returns
 * the function that puts the original `process.stdout.write` back.
 */
function routeConsoleStdout(stdout: PassThrough): () => void {
  const original = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  const write = (chunk: unknown, encOrCb?: unknown, cb?: unknown): boolean => {
    const callback = typeof encOrCb === 'function' ? encOrCb : cb;
    const enc = typeof encOrCb === 'string' ? (encOrCb as BufferEncoding) : 'utf8';
    const data = typeof chunk === 'string' ? Buffer.from(chunk, enc) : (chunk as Uint8Array);
    return stdout.write(data, callback as (err?: Error | null) => void);
  };
  process.stdout.write = write as typeof process.stdout.write;
  return () => {
    if (original === undefined) delete (process.stdout as { write?: unknown }).write;
    else Object.defineProperty(process.stdout, 'write', original);
  };
}
