/**
 * Packer's Hook over RPC (packer-plugin-sdk rpc/hook.go), plugin side: a component runs a hook
 * (`packer_provision`) by serving Communicator+Ui on a new broker id and calling the host's
 * `Hook.Run{Name, Data, StreamId}`; the host dials that id and drives the provisioners through it.
 */
import type { AnyValue } from '../msgpack/index.js';
import { communicatorService, type Communicator } from './communicator.js';
import { log } from './log.js';
import { Endpoint } from './constants.js';
import type { MsgpackRpcClient } from './rpc.js';
import type { PackerSession } from './session.js';
import { uiService, type Ui } from './ui.js';
import { HookRunArgs, Nothing } from './wire-types.js';


/** Runs Packer hooks (Go `packersdk.Hook`). */
export interface Hook {
  /** Runs hook `name` (e.g. {@link HOOK_PROVISION}) with `data` (generated data); rejects with the hook's error. */
  run(name: string, data: AnyValue, communicator?: Communicator): Promise<void>;
}

/** A Hook implemented by calling the host's `Hook` service (Go `rpc.hook`). */
export class HookClient implements Hook {
  constructor(
    private readonly session: PackerSession,
    private readonly rpc: MsgpackRpcClient,
    private readonly ui: Ui,
  ) {}

  async run(name: string, data: AnyValue, communicator?: Communicator): Promise<void> {
    const id = this.session.broker.nextId();
    // Without a communicator (Go: nil), provisioners that need one fail on use.
    const serving = this.session
      .serve(id, (register) => [uiService(this.ui, register), ...(communicator === undefined ? [] : [communicatorService(communicator, this.session)])])
      .catch((err: unknown) => {
      log('hook %s: serving Communicator+Ui on %d ended: %s', name, id, err instanceof Error ? err.message : String(err));
    });
    try {
      await this.rpc.call(`${Endpoint.Hook}.Run`, HookRunArgs, { Name: name, Data: data, StreamId: id }, Nothing);
    } finally {
      void serving;
    }
  }
}
