/**
 * A Packer provisioner written in TS, served as Packer's `Provisioner` RPC service
 * (packer-plugin-sdk rpc/provisioner.go `ProvisionerServer`): Prepare, Provision{GeneratedData,
 * StreamID} (the host's Communicator+Ui broker id), Cancel.
 */
import type { AnyValue } from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { decodeConfigs, encodeConfigSpec, type ConfigSpec } from './config-spec.js';
import { Endpoint } from './constants.js';
import { CommunicatorClient } from './communicator-client.js';
import { mpMethod, msgpackService } from './rpc.js';
import type { PackerSession } from './session.js';
import { UiClient, type Ui } from './ui.js';
import { ConfigSpecResponse, Nothing, ProvisionerPrepareArgs, ProvisionerProvisionArgs } from './wire-types.js';

/** What `provision` gets. */
export interface ProvisionContext {
  readonly ui: Ui;
  /** The build's generated data (`PackerRunUUID`, `ID`, the builder's variables, …). */
  readonly generatedData: { readonly [key: string]: AnyValue };
  /** The machine being built, through the host's Communicator. */
  readonly communicator: CommunicatorClient;
  /** Aborted when Packer cancels (`Provisioner.Cancel`). */
  readonly signal: AbortSignal;
}

/** A Packer provisioner (Go `packersdk.Provisioner`). */
export interface Provisioner {
  /** The HCL2 configuration it accepts (needed for HCL2 templates; JSON templates do without). */
  readonly configSpec?: ConfigSpec;
  /** Validates the configuration (`configs[0]` is the template's block); throw to reject it. */
  prepare(configs: AnyValue[]): void | Promise<void>;
  /** Provisions; throw to fail the build with that message. */
  provision(ctx: ProvisionContext): Promise<void>;
}

/** The `Provisioner` service serving `p` on `session`. */
export function provisionerService(p: Provisioner, session: PackerSession): MsgpackServiceDefinition {
  const abort = new AbortController();
  return msgpackService(Endpoint.Provisioner, {
    Prepare: mpMethod(ProvisionerPrepareArgs, Nothing, async (args) => {
      await p.prepare(decodeConfigs(args.Configs ?? []));
      return null;
    }),
    Provision: mpMethod(ProvisionerProvisionArgs, Nothing, async (args) => {
      const rpc = await session.client(args.StreamID);
      try {
        const communicator = new CommunicatorClient(session, rpc);
        await p.provision({ ui: new UiClient(rpc), generatedData: (args.GeneratedData ?? {}) as { [key: string]: AnyValue }, communicator, signal: abort.signal });
        return null;
      } finally {
        void rpc.close();
      }
    }),
    ConfigSpec: mpMethod(Nothing, ConfigSpecResponse, () => ({ ConfigSpec: encodeConfigSpec(p.configSpec ?? {}) })),
    Cancel: mpMethod(Nothing, Nothing, () => {
      abort.abort(new Error('provisioning cancelled'));
      return null;
    }),
  });
}
