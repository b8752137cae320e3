/**
 * Host side of Packer's Hook (packer-plugin-sdk rpc/hook.go `HookServer`): a component calls
 * `Hook.Run{Name, Data, StreamId}`; the host dials StreamId, where the component serves its
 * Ui (and Communicator), and runs the hook with them.
 */
import type { AnyValue } from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { CommunicatorClient } from './communicator-client.js';
import { Endpoint } from './constants.js';
import { mpMethod, msgpackService, type MsgpackRpcClient } from './rpc.js';
import type { PackerSession } from './session.js';
import { UiClient, type Ui } from './ui.js';
import { HookRunArgs, Nothing } from './wire-types.js';

/** What a host hook gets: the component's Ui and the rpc client of its Communicator+Ui stream. */
export interface HostHookContext {
  readonly ui: Ui;
  /** The component's Communicator (calls fail if it gave none). */
  readonly communicator: CommunicatorClient;
  readonly rpc: MsgpackRpcClient;
  readonly signal: AbortSignal;
}

/** Runs hook `name` for a component (Go `packersdk.Hook`); throw to fail the build. */
export type HostHook = (name: string, data: AnyValue, ctx: HostHookContext) => Promise<void>;

/** The `Hook` service a host serves to a component. */
export function hookService(session: PackerSession, hook: HostHook | undefined): MsgpackServiceDefinition {
  const abort = new AbortController();
  return msgpackService(Endpoint.Hook, {
    Run: mpMethod(HookRunArgs, Nothing, async (args) => {
      const rpc = await session.client(args.StreamId);
      try {
        await hook?.(args.Name, args.Data, { ui: new UiClient(rpc), communicator: new CommunicatorClient(session, rpc), rpc, signal: abort.signal });
        return null;
      } finally {
        void rpc.close();
      }
    }),
    Cancel: mpMethod(Nothing, Nothing, () => {
      abort.abort(new Error('hook cancelled'));
      return null;
    }),
  });
}
