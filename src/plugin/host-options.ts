/**
 * Options of PluginClient (go-plugin `ClientConfig`, `client.go`), their validation with our
 * option names, and the plugin-set / app-version choices derived from them.
 */
import type { Writable } from 'node:stream';
import type { Registry } from '../gob/index.js';
import type { ClientTls } from './connect.js';
import { PluginError } from './errors.js';
import type { HostLogger, LogLevel } from './hclog.js';
import type { SecureConfig } from './secure.js';
import type { HostPluginSet, VersionedHandshakeConfig } from './types.js';

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

/** Options of PluginClient (Go `ClientConfig`). `P` is the plugin set, inferred from `plugins`. */
export interface PluginClientOptions<P extends HostPluginSet = HostPluginSet> {
  readonly handshake: VersionedHandshakeConfig;
  /** name → service description (method types); `dispense(name)` is typed from it. */
  readonly plugins?: P;
  /** Go `VersionedPlugins`: app protocol version → plugin set. */
  readonly versionedPlugins?: Readonly<Record<number, P>>;
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
  /** How long the plugin may take to print its handshake line (Go `StartTimeout`: 1 min). */
  readonly startTimeoutMs?: number;
  /**
   * Default timeout of every call (dispensed stubs, ping, dispense) that passes no `timeoutMs`;
   * a call past it rejects with TIMEOUT. Default: none, as Go (a hung plugin holds a call until
   * yamux keepalive fails, ~40 s, or forever if it still answers pings).
   */
  readonly callTimeoutMs?: number;
  readonly minPort?: number;
  readonly maxPort?: number;
  readonly unixSocketGroup?: string;
  readonly unixSocketDir?: string;
  /** Go `SyncStdout` / `SyncStderr`: what the plugin writes to its (swapped) stdout/stderr. */
  readonly syncStdout?: Writable;
  readonly syncStderr?: Writable;
  /** Go `Stderr`: a raw copy of the plugin's real stderr. */
  readonly stderr?: Writable;
  /**
   * Receives the host's lifecycle entries (debug) and the plugin's stderr log lines
   * (default: NODE_DEBUG=gonetrpc:plugin). A logger that throws is reported once as a warning.
   */
  readonly logger?: HostLogger;
  readonly logLevel?: LogLevel | 'off';
  /**
   * The name plugin log lines are re-emitted under (Go: the executable's base name). Default:
   * the executable's base name, or the script's for a plugin run by node/tsx/bun/deno.
   */
  readonly logName?: string;
  /** Go `Managed`: killed by cleanupClients() and on host exit. */
  readonly managed?: boolean;
  /** Grace period after Control.Quit before SIGKILL (Go: 2 s). */
  readonly killGraceMs?: number;
  /**
   * gob registry for the interface values of this plugin's net/rpc connections (control,
   * dispensed plugins, broker connections). Default: gob's default registry.
   */
  readonly registry?: Registry;
}

/** Throws INVALID_CONFIG for an option combination go-plugin refuses (worded with our option names). */
export function validateOptions(opts: PluginClientOptions<HostPluginSet>): void {
  if ((opts.cmd === undefined) === (opts.reattach === undefined)) {
    throw new PluginError('INVALID_CONFIG', 'exactly one of `cmd` (launch a plugin) or `reattach` (attach to a running one) must be set');
  }
  if (opts.reattach !== undefined && opts.secure !== undefined) {
    throw new PluginError('INVALID_CONFIG', '`secure` cannot be combined with `reattach` (there is no executable to check)');
  }
  if (opts.reattach !== undefined && opts.autoMtls === true) {
    throw new PluginError('INVALID_CONFIG', '`autoMtls` cannot be combined with `reattach` (certificates are exchanged at launch)');
  }
  if (opts.plugins === undefined && opts.versionedPlugins === undefined) {
    throw new PluginError(
      'INVALID_CONFIG',
      'no plugins to dispense: set `plugins` (plugin name → describeService(...) of its methods) or `versionedPlugins` (version → such a map)',
    );
  }
}

/** The app protocol versions the host offers (Go `ClientConfig.VersionedPlugins` keys + ProtocolVersion). */
export function appVersions(opts: PluginClientOptions<HostPluginSet>): number[] {
  const keys = Object.keys(opts.versionedPlugins ?? {}).map(Number);
  const pv = opts.handshake.protocolVersion ?? 1;
  if (opts.plugins !== undefined && !keys.includes(pv)) keys.push(pv);
  return keys;
}

/** The plugin set of the negotiated version. */
export function pluginSetFor<P extends HostPluginSet>(opts: PluginClientOptions<P>, version: number | undefined): P {
  const versioned = version === undefined ? undefined : opts.versionedPlugins?.[version];
  return versioned ?? opts.plugins ?? ({} as P);
}
