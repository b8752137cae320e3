/**
 * go-netrpc/packer: Packer plugins in TypeScript over Packer's own plugin protocol (yamux +
 * MuxBroker + net/rpc with the ugorji msgpack codec; see packer-plugin-sdk/rpc).
 *
 * ```ts
 * await servePacker({ builder: { prepare(configs) { … }, async run({ ui, hook }) { … return artifact; } } });
 * ```
 * Save as an executable `packer-builder-NAME` on `PACKER_PLUGIN_PATH` (Packer ≤ 1.6).
 */
export { servePacker } from './serve.js';
export type { PackerComponent, ServePackerOptions, ServedPacker } from './serve.js';
export type { Builder, BuilderRunContext, PrepareResult } from './builder.js';
export type { Provisioner, ProvisionContext } from './provisioner.js';
export type { PostProcessor, PostProcessContext, PostProcessResult } from './post-processor.js';
export type { Datasource } from './datasource.js';
export type { Artifact } from './artifact.js';
export { ArtifactClient } from './artifact.js';
export type { Hook } from './hook.js';
export type { Ui } from './ui.js';
export { GoNetrpcError } from '../internal/errors.js';
export { PackerError } from './errors.js';
export type { PackerErrorCode } from './errors.js';
export { API_VERSION, HOOK_PROVISION, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, SDK_PROTOCOL_VERSION } from './constants.js';
export { MsgpackRpcClient, mpMethod, msgpackService, serveMsgpack } from './rpc.js';
export type { MsgpackMethod } from './rpc.js';
export { PackerPluginClient, DEFAULT_PACKER_START_TIMEOUT_MS } from './host.js';
export type { PackerPluginOptions } from './host.js';
export { BuilderClient } from './builder-client.js';
export type { BuilderRunOptions, PrepareOutcome } from './builder-client.js';
export { PostProcessorClient, ProvisionerClient } from './component-clients.js';
export { DatasourceClient } from './datasource-client.js';
export type { DatasourceOutput } from './datasource-client.js';
export type { PostProcessOutcome } from './component-clients.js';
export type { HostHook, HostHookContext } from './host-hook.js';
export { parsePackerHandshake } from './handshake.js';
export type { PackerHandshake } from './handshake.js';
export { decodeConfigSpec, decodeConfigs, encodeConfigSpec, impliedType, mergeConfigs } from './config-spec.js';
export { decodeCtyValue, encodeCtyValue } from './cty-gob.js';
export type { AttrSpec, ConfigSpec, CtyType } from './config-spec.js';
export { describeSet, servePackerSet } from './serve-set.js';
export type { PackerSetOptions } from './serve-set.js';
export type { Communicator, RemoteCommand, UploadFileInfo } from './communicator.js';
export { localCommunicator } from './local-communicator.js';
export { CommunicatorClient } from './communicator-client.js';
export type { StartOptions } from './communicator-client.js';
