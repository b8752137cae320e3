/**
 * go-netrpc/plugin/serve: the plugin side alone — {@link serve} and the types its config and
 * factories use — for a TS plugin that wants the fastest start (issue 14.8). It loads only what
 * `serve()` runs (yamux, rpc, gob and the plugin's serve path), not the host side of
 * go-netrpc/plugin (PluginClient, process launch, reattach, checksums). Everything here is the
 * same object as in go-netrpc/plugin. For the fastest start of all, bundle the plugin into one
 * file (README, "Plugin start-up").
 */
export { GoNetrpcError } from '../internal/errors.js';
export { serve } from './serve.js';
export type { ServeConfig, ServedPlugin } from './serve.js';
export { PluginError } from './errors.js';
export { PluginErrorCode } from './errors.js';
export type { PluginContext, PluginFactory, PluginSet, VersionedHandshakeConfig } from './types.js';
export type { HandshakeConfig } from './env.js';
export type { JsonLogger, LogLevel } from './hclog.js';
export type { MuxBroker } from './mux-broker.js';
export type { ServerTls } from './listen.js';
