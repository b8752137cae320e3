/**
 * A Packer datasource written in TS (HCL2 `data "NAME" "LABEL" { … }`, Packer ≥ 1.7), served as
 * Packer's `Datasource` RPC service (packer-plugin-sdk rpc/datasource.go `DatasourceServer`, the
 * gob variant that Packer 1.7–1.11 hosts use): ConfigSpec, Configure(configs), OutputSpec (a gob
 * `hcldec.ObjectSpec`), Execute (a gob `cty.Value` of the output spec's object type), Cancel.
 *
 * As in Go, a Configure or Execute failure is the RPC error itself (its text is what Packer
 * prints; for Execute Packer prefixes "Datasource.Execute failed: ").
 */
import type { AnyValue } from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { decodeConfigs, encodeConfigSpec, impliedType, type ConfigSpec } from './config-spec.js';
import { Endpoint } from './constants.js';
import { encodeCtyValue } from './cty-gob.js';
import { mpMethod, msgpackService } from './rpc.js';
import { ConfigSpecResponse, DatasourceConfigureArgs, DatasourceConfigureResponse, ExecuteResponse, Nothing, OutputSpecResponse } from './wire-types.js';

/** A Packer datasource (Go `packersdk.Datasource`). */
export interface Datasource {
  /** The HCL2 configuration of the `data` block. */
  readonly configSpec: ConfigSpec;
  /** The attributes `execute` returns (Go `OutputSpec`); templates read them as `data.NAME.LABEL.ATTR`. */
  readonly outputSpec: ConfigSpec;
  /** Validates the configuration (`configs[0]` is the `data` block); throw to reject it. */
  configure(configs: AnyValue[]): void | Promise<void>;
  /**
   * Produces the output: an object with the `outputSpec` attributes (missing ones are null);
   * numbers may be bigints. Throw to fail the build with that message.
   */
  execute(signal: AbortSignal): { readonly [attr: string]: unknown } | Promise<{ readonly [attr: string]: unknown }>;
}

/** The `Datasource` service serving `d`. */
export function datasourceService(d: Datasource): MsgpackServiceDefinition {
  const abort = new AbortController();
  return msgpackService(Endpoint.Datasource, {
    ConfigSpec: mpMethod(Nothing, ConfigSpecResponse, () => ({ ConfigSpec: encodeConfigSpec(d.configSpec) })),
    Configure: mpMethod(DatasourceConfigureArgs, DatasourceConfigureResponse, async (args) => {
      await d.configure(decodeConfigs(args.Configs ?? []));
      return { Error: null };
    }),
    OutputSpec: mpMethod(Nothing, OutputSpecResponse, () => ({ OutputSpec: encodeConfigSpec(d.outputSpec) })),
    Execute: mpMethod(Nothing, ExecuteResponse, async () => {
      const value = await d.execute(abort.signal);
      return { Value: encodeCtyValue(impliedType(d.outputSpec), value), Error: null };
    }),
    Cancel: mpMethod(Nothing, Nothing, () => {
      abort.abort(new Error('datasource cancelled'));
      return null;
    }),
  });
}
