/**
 * Host side of a datasource (packer-plugin-sdk rpc/datasource.go `datasource`, the gob variant
 * Packer 1.7–1.11 uses): ConfigSpec and OutputSpec as TS specs, Configure, and Execute's gob
 * `cty.Value` as plain JS (bigints for integers a float64 would round).
 *
 * As with Go's client, a Configure failure is the plugin's text (RpcError SERVER_ERROR) and an
 * Execute failure reads "Datasource.Execute failed: TEXT" (PackerError COMPONENT_ERROR, with the
 * RpcError as `cause`).
 */
import type { AnyValue } from '../msgpack/index.js';
import { decodeConfigSpec, type ConfigSpec } from './config-spec.js';
import { Endpoint } from './constants.js';
import { decodeCtyValue, type CtyType } from './cty-gob.js';
import { PackerError } from './errors.js';
import type { MsgpackRpcClient } from './rpc.js';
import { ConfigSpecResponse, DatasourceConfigureArgs, DatasourceConfigureResponse, ExecuteResponse, Nothing, OutputSpecResponse } from './wire-types.js';

/** What {@link DatasourceClient.execute} returns. */
export interface DatasourceOutput {
  /** The value's cty type (an object type for well-behaved datasources). */
  readonly type: CtyType;
  /** The value as plain JS: objects, arrays, strings, booleans, numbers or bigints, null. */
  readonly value: unknown;
}

/** A datasource living in a plugin process. */
export class DatasourceClient {
  constructor(private readonly rpc: MsgpackRpcClient) {}

  /** Go `ConfigSpec()`: the attributes the `data` block takes. */
  async configSpec(): Promise<ConfigSpec> {
    const r = await this.rpc.call(`${Endpoint.Datasource}.ConfigSpec`, Nothing, null, ConfigSpecResponse);
    return decodeConfigSpec(r.ConfigSpec ?? new Uint8Array(0));
  }

  /** Go `Configure(configs...)`: plain maps, or cty JSON as bytes (what Packer sends for HCL2). */
  async configure(...configs: AnyValue[]): Promise<void> {
    const r = await this.rpc.call(`${Endpoint.Datasource}.Configure`, DatasourceConfigureArgs, { Configs: configs }, DatasourceConfigureResponse);
    if (r.Error !== null) throw new PackerError('COMPONENT_ERROR', r.Error.Message);
  }

  /** Go `OutputSpec()`: the attributes `execute` returns. */
  async outputSpec(): Promise<ConfigSpec> {
    const r = await this.rpc.call(`${Endpoint.Datasource}.OutputSpec`, Nothing, null, OutputSpecResponse);
    return decodeConfigSpec(r.OutputSpec ?? new Uint8Array(0));
  }

  /** Go `Execute()`. */
  async execute(): Promise<DatasourceOutput> {
    let r: { Value: Uint8Array | null; Error: { Message: string } | null };
    try {
      r = await this.rpc.call(`${Endpoint.Datasource}.Execute`, Nothing, null, ExecuteResponse);
    } catch (err) {
      throw new PackerError('COMPONENT_ERROR', `Datasource.Execute failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (r.Error !== null) throw new PackerError('COMPONENT_ERROR', r.Error.Message);
    return decodeCtyValue(r.Value ?? new Uint8Array(0));
  }
}
