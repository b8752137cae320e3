/**
 * Public shapes shared by the host and plugin sides: plugin sets (Go `PluginSet` and
 * `VersionedPlugins`), the plugin factory context, and the host-side handshake config.
 */
import type { MethodSpecs, ServiceClient, ServiceDefinition, ServiceDescription } from '../rpc/index.js';
import type { HandshakeConfig } from './env.js';
import type { JsonLogger } from './hclog.js';
import type { MuxBroker } from './mux-broker.js';

/** What a plugin factory receives (Go `Plugin.Server(*MuxBroker)`). */
export interface PluginContext {
  /** The connection's MuxBroker (for callbacks in either direction). */
  readonly broker: MuxBroker;
  /** The plugin's hclog JSON logger (writes to the real stderr). */
  readonly logger: JsonLogger;
  /** The negotiated app protocol version. */
  readonly version: number;
}

/**
 * Plugin side: builds a fresh implementation per Dispense (Go `Plugin.Server`). The returned
 * service's name is ignored: go-plugin always serves it as `Plugin`.
 */
export type PluginFactory = (ctx: PluginContext) => ServiceDefinition<MethodSpecs> | Promise<ServiceDefinition<MethodSpecs>>;

/** Plugin side: name → factory (Go `PluginSet` with netrpc plugins). */
export type PluginSet = Readonly<Record<string, PluginFactory>>;

/** Host side: name → the service's method types (Go `Plugin.Client` stands in for the typed stub). */
export type HostPluginSet = Readonly<Record<string, ServiceDescription<MethodSpecs>>>;

/** Go `HandshakeConfig` with the app protocol version used with a plain `plugins` set. */
export interface VersionedHandshakeConfig extends HandshakeConfig {
  /** Go `ProtocolVersion` (used when `plugins` rather than `versionedPlugins` is given). */
  readonly protocolVersion?: number;
}

/** The plugin names of a host plugin set (what `dispense()` accepts). */
export type PluginName<P extends HostPluginSet> = keyof P & string;

/** The typed stubs `dispense(name)` returns for plugin `K` of set `P`. */
export type DispensedPlugin<P extends HostPluginSet, K extends keyof P> = ServiceClient<P[K]['methods']>;
