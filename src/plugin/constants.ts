/**
 * Protocol constants and Go defaults of go-plugin's netrpc flavour.
 *
 * Mirrors go-plugin `constants.go` (env var names), `client.go` (`CoreProtocolVersion`, default
 * `StartTimeout`, `MinPort`/`MaxPort`, Kill's 2 s grace period) and `mux_broker.go` (5 s accept
 * timeout).
 */

/** go-plugin `CoreProtocolVersion`: field 1 of the handshake line. */
export const CORE_PROTOCOL_VERSION = 1;

/** Environment variable names set by a go-plugin host (go-plugin `constants.go`, `client.go`). */
export const ENV = {
  minPort: 'PLUGIN_MIN_PORT',
  maxPort: 'PLUGIN_MAX_PORT',
  protocolVersions: 'PLUGIN_PROTOCOL_VERSIONS',
  clientCert: 'PLUGIN_CLIENT_CERT',
  unixSocketDir: 'PLUGIN_UNIX_SOCKET_DIR',
  unixSocketGroup: 'PLUGIN_UNIX_SOCKET_GROUP',
  multiplexGrpc: 'PLUGIN_MULTIPLEX_GRPC',
} as const;

/** go-plugin `ClientConfig.MinPort` default when both MinPort and MaxPort are 0. */
export const DEFAULT_MIN_PORT = 10000;
/** go-plugin `ClientConfig.MaxPort` default. */
export const DEFAULT_MAX_PORT = 25000;

/** go-plugin `ClientConfig.StartTimeout` default: 1 minute. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;

/** go-plugin `Client.Kill`: wait this long for a graceful exit after Control.Quit, then SIGKILL. */
export const KILL_GRACE_MS = 2_000;

/** go-plugin `MuxBroker.Accept` / unclaimed-stream timeout: 5 seconds. */
export const BROKER_ACCEPT_TIMEOUT_MS = 5_000;

/**
 * `serve()` with TLS: how long a connection may take to complete its TLS handshake.
 * Deviation from Go: Go has no such limit (a connection that never speaks is held forever).
 */
export const DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** go-plugin `PluginLogBufferSize` default (64 KiB): longest stderr line parsed as one entry. */
export const DEFAULT_LOG_LINE_BYTES = 64 * 1024;

/** bufio.Scanner max token in go-plugin's handshake reader: the handshake line limit. */
export const MAX_HANDSHAKE_LINE_BYTES = 64 * 1024;

/** How many bytes of plugin stderr are kept to explain early exits (PROCESS_EXITED messages). */
export const STDERR_TAIL_BYTES = 4 * 1024;

/** Field 6 shorter than this is not a certificate (go-plugin `client.go`: `len(parts[5]) > 50`). */
export const MIN_CERT_FIELD_CHARS = 50;

/** The name a dispensed implementation is registered under (go-plugin `MuxBroker.AcceptAndServe`). */
export const PLUGIN_SERVICE_NAME = 'Plugin';

/** Go's exact text when a plugin binary is run by hand (go-plugin `server.go`). */
export const COOKIE_MISMATCH_TEXT =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically\n';

/** Go's exact text for a plugin whose own config lacks a magic cookie (go-plugin `server.go`). */
export const MISCONFIGURED_COOKIE_TEXT =
  'Misconfigured ServeConfig given to serve this plugin: no magic cookie\n' +
  'key or value was set. Please notify the plugin author and report\n' +
  'this as a bug.\n';
