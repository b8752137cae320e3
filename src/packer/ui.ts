/**
 * Packer's Ui over RPC (packer-plugin-sdk rpc/ui.go, rpc/ui_progress_tracking.go): the `Ui`
 * a component talks to, a client calling a peer's `Ui` service, and a service serving a local
 * Ui. Progress tracking registers a dynamic service `Ui<id>` with `Add` and `Close`.
 */
import * as mp from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { Endpoint } from './constants.js';
import type { MsgpackRpcClient} from './rpc.js';
import { mpMethod, msgpackService } from './rpc.js';
import { Nothing, TrackProgressParameters, UiMachineArgs } from './wire-types.js';

/** Packer's user interface, as a component sees it. */
export interface Ui {
  say(message: string): Promise<void>;
  message(message: string): Promise<void>;
  error(message: string): Promise<void>;
  /** Machine-readable output (`-machine-readable`). */
  machine(category: string, ...args: string[]): Promise<void>;
  ask(query: string): Promise<string>;
}

/** A Ui implemented by calling a peer's `Ui` service (Go `rpc.Ui`). */
export class UiClient implements Ui {
  constructor(private readonly rpc: MsgpackRpcClient) {}

  async say(message: string): Promise<void> {
    await this.rpc.call(`${Endpoint.Ui}.Say`, mp.string, message, Nothing);
  }
  async message(message: string): Promise<void> {
    await this.rpc.call(`${Endpoint.Ui}.Message`, mp.string, message, Nothing);
  }
  async error(message: string): Promise<void> {
    await this.rpc.call(`${Endpoint.Ui}.Error`, mp.string, message, Nothing);
  }
  async machine(category: string, ...args: string[]): Promise<void> {
    await this.rpc.call(`${Endpoint.Ui}.Machine`, UiMachineArgs, { Category: category, Args: args }, Nothing);
  }
  ask(query: string): Promise<string> {
    return this.rpc.call(`${Endpoint.Ui}.Ask`, mp.string, query, mp.string);
  }
}

let trackCounter = 0;

/**
 * The `Ui` service for a local Ui (Go `UiServer`). `register` adds the per-upload progress
 * services (`Ui<src><suffix>`) on the same rpc server, as Go's `UiServer.register` does; when
 * relaying to a peer Ui, progress is relayed too.
 */
export function uiService(ui: Ui, register?: (service: MsgpackServiceDefinition) => void): MsgpackServiceDefinition {
  return msgpackService(Endpoint.Ui, {
    Say: mpMethod(mp.string, Nothing, async (m) => {
      await ui.say(m);
      return null;
    }),
    Message: mpMethod(mp.string, Nothing, async (m) => {
      await ui.message(m);
      return null;
    }),
    Error: mpMethod(mp.string, Nothing, async (m) => {
      await ui.error(m);
      return null;
    }),
    Machine: mpMethod(UiMachineArgs, Nothing, async (a) => {
      await ui.machine(a.Category, ...(a.Args ?? []));
      return null;
    }),
    Ask: mpMethod(mp.string, mp.string, (q) => ui.ask(q)),
    NewTrackProgress: mpMethod(TrackProgressParameters, mp.string, (p) => {
      // Go: Src + random.AlphaNum(6); any unique suffix serves.
      const id = `${p.Src}${(++trackCounter).toString(36).padStart(6, '0')}`;
      register?.(
        msgpackService(`${Endpoint.Ui}${id}`, {
          Add: mpMethod(mp.int, Nothing, () => null),
          Close: mpMethod(Nothing, Nothing, () => null),
        }),
      );
      return id;
    }),
  });
}
