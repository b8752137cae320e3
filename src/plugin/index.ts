/**
 * go-netrpc/plugin: HashiCorp go-plugin's netrpc protocol, both sides.
 *
 * - Host: {@link PluginClient} launches (or reattaches to) a Go or TS plugin, negotiates the
 *   handshake (`1|app|unix|addr|netrpc|cert`), AutoMTLS, yamux, and returns stubs from
 *   `dispense(name)`, typed from its `plugins` map; `kill()` follows Go's Quit → 2 s → SIGKILL
 *   sequence. {@link PluginRpcClient} is the connection part alone (Go `RPCClient`).
 * - {@link serveConnection}: the plugin side of one connection (Go `RPCServer.ServeConn`).
 * - Plugin: {@link serve} runs this process as a plugin that Go hosts load unchanged.
 * - {@link MuxBroker}: brokered streams for callbacks in both directions and raw bytes.
 *
 * Errors are {@link PluginError} with stable codes (HANDSHAKE_TIMEOUT, PROCESS_EXITED, TIMEOUT,
 * CLIENT_CLOSED, …). Debug output: NODE_DEBUG=gonetrpc:plugin (also gonetrpc:rpc, gonetrpc:yamux).
 */
export { GoNetrpcError } from '../internal/errors.js';
export { PluginClient } from './host.js';
export type { LifecycleOptions, PluginClientEvents } from './host.js';
export type { PluginClientOptions, ReattachConfig } from './host-options.js';
export { PluginRpcClient } from './rpc-client.js';
export type { ClientSession, PluginRpcClientOptions } from './rpc-client.js';
export { serve } from './serve.js';
export { serveConnection } from './serve-connection.js';
export type { ServeConnectionOptions, ServerSession } from './serve-connection.js';
export type { ServeConfig, ServedPlugin } from './serve.js';
export { MuxBroker } from './mux-broker.js';
export type { BrokerSession, MuxBrokerOptions } from './mux-broker.js';
export { PluginError } from './errors.js';
export { PluginErrorCode } from './errors.js';
export type { DispensedPlugin, HostPluginSet, PluginContext, PluginFactory, PluginName, PluginSet, VersionedHandshakeConfig } from './types.js';
export type { HandshakeConfig } from './env.js';
export { createPluginEnv } from './env.js';
export { formatHandshake, negotiateVersion, parseHandshake } from './handshake.js';
export type { Handshake, HandshakeExpectations, NegotiatedVersion } from './handshake.js';
export { createJsonLogger, StderrLineParser } from './hclog.js';
export type { HostLogger, JsonLogger, LogEntry, LogLevel } from './hclog.js';
export { generateCert } from './automtls.js';
export type { AutoMtlsCert } from './automtls.js';
export type { ClientTls } from './connect.js';
export type { ServerTls } from './listen.js';
export { discover, verifyChecksum } from './secure.js';
export type { SecureConfig } from './secure.js';
export { cleanupClients, clientsKilled } from './managed.js';
export type { ExitStatus } from './exit-watch.js';
export { BROKER_ACCEPT_TIMEOUT_MS, CORE_PROTOCOL_VERSION, DEFAULT_START_TIMEOUT_MS, KILL_GRACE_MS } from './constants.js';
