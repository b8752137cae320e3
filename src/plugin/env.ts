/**
 * The launch environment a go-plugin host gives its plugin, and the plugin's reading of it.
 *
 * Host side mirrors go-plugin `Client.Start` (user env, then the host's environment unless
 * `SkipHostEnv`, then the go-plugin variables appended last so they win). Plugin side mirrors
 * `Serve`'s reads of PLUGIN_MIN_PORT/MAX_PORT (`serverListener_tcp`), PLUGIN_UNIX_SOCKET_DIR/GROUP
 * (`serverListener_unix`) and PLUGIN_CLIENT_CERT.
 */
import { DEFAULT_MAX_PORT, DEFAULT_MIN_PORT, ENV } from './constants.js';
import { PluginError } from './errors.js';

/** Go `HandshakeConfig`: the magic cookie shared by host and plugin. */
export interface HandshakeConfig {
  /** Go `MagicCookieKey`, e.g. `BASIC_PLUGIN`. */
  readonly magicCookieKey: string;
  /** Go `MagicCookieValue`, e.g. `hello`. */
  readonly magicCookieValue: string;
}

/** Inputs to {@link createPluginEnv}. */
export interface PluginEnvOptions {
  readonly handshake: HandshakeConfig;
  /** App protocol versions offered (PLUGIN_PROTOCOL_VERSIONS). */
  readonly appVersions: readonly number[];
  /** User variables (Go `cmd.Env`), applied first. */
  readonly env?: Readonly<Record<string, string>>;
  /** Go `SkipHostEnv`: do not inherit `process.env`. */
  readonly skipHostEnv?: boolean;
  /** Go `MinPort`/`MaxPort`; both 0 (default) means 10000/25000. */
  readonly minPort?: number;
  readonly maxPort?: number;
  /** AutoMTLS: the host certificate PEM for PLUGIN_CLIENT_CERT. */
  readonly clientCertPem?: string;
  /** Go `UnixSocketConfig.Group`. */
  readonly unixSocketGroup?: string;
  /** Go sets PLUGIN_UNIX_SOCKET_DIR only with a RunnerFunc; offered here as an option. */
  readonly unixSocketDir?: string;
  /** Go `GRPCBrokerMultiplex` (only affects the 7th handshake field). */
  readonly multiplexGrpc?: boolean;
  /** The host environment to inherit (default `process.env`). */
  readonly hostEnv?: NodeJS.ProcessEnv;
}

/** Builds the child environment exactly as go-plugin `Client.Start` does (later keys win). */
export function createPluginEnv(opts: PluginEnvOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env ?? {})) out[k] = v;
  if (opts.skipHostEnv !== true) {
    for (const [k, v] of Object.entries(opts.hostEnv ?? process.env)) if (v !== undefined) out[k] = v;
  }
  let min = opts.minPort ?? 0;
  let max = opts.maxPort ?? 0;
  if (min === 0 && max === 0) {
    min = DEFAULT_MIN_PORT;
    max = DEFAULT_MAX_PORT;
  }
  out[opts.handshake.magicCookieKey] = opts.handshake.magicCookieValue;
  out[ENV.minPort] = String(min);
  out[ENV.maxPort] = String(max);
  out[ENV.protocolVersions] = opts.appVersions.join(',');
  if (opts.multiplexGrpc === true) out[ENV.multiplexGrpc] = 'true';
  if (opts.clientCertPem !== undefined) out[ENV.clientCert] = opts.clientCertPem;
  if (opts.unixSocketGroup !== undefined) out[ENV.unixSocketGroup] = opts.unixSocketGroup;
  if (opts.unixSocketDir !== undefined) out[ENV.unixSocketDir] = opts.unixSocketDir;
  return out;
}

/** What a plugin reads from its environment. */
export interface PluginLaunchEnv {
  readonly cookieOk: boolean;
  readonly protocolVersions: string | undefined;
  readonly clientCertPem: string | undefined;
  readonly unixSocketDir: string | undefined;
  readonly unixSocketGroup: string | undefined;
  readonly multiplexGrpc: boolean;
}

/** Reads the go-plugin variables (plugin side). */
export function readPluginEnv(handshake: HandshakeConfig, env: NodeJS.ProcessEnv = process.env): PluginLaunchEnv {
  const nonEmpty = (k: string): string | undefined => {
    const v = env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    cookieOk: env[handshake.magicCookieKey] === handshake.magicCookieValue,
    protocolVersions: env[ENV.protocolVersions],
    clientCertPem: nonEmpty(ENV.clientCert),
    unixSocketDir: nonEmpty(ENV.unixSocketDir),
    unixSocketGroup: nonEmpty(ENV.unixSocketGroup),
    multiplexGrpc: nonEmpty(ENV.multiplexGrpc) !== undefined,
  };
}

/**
 * The TCP port range (go-plugin `serverListener_tcp`): unset → 0; errors use Go's texts.
 */
export function readPortRange(env: NodeJS.ProcessEnv = process.env): { min: number; max: number } {
  const read = (k: string): number => {
    const v = env[k];
    if (v === undefined || v === '') return 0;
    if (!/^[+-]?\d+$/.test(v)) {
      throw new PluginError('LISTEN_FAILED', `couldn't get value from ${k}: strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
    }
    return Number(v);
  };
  const min = read(ENV.minPort);
  const max = read(ENV.maxPort);
  if (min > max) {
    throw new PluginError('LISTEN_FAILED', `${ENV.minPort} value of ${min} is greater than ${ENV.maxPort} value of ${max}`);
  }
  return { min, max };
}
