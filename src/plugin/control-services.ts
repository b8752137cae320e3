/**
 * The services go-plugin registers on the control stream — the one description of that contract,
 * used by both sides (go-plugin `rpc_server.go` `controlServer` / `dispenseServer`, and
 * `rpc_client.go` `RPCClient.Ping/Close/Dispense`):
 *
 *   Control.Ping(bool) struct{}     Control.Quit(bool) struct{}     Dispenser.Dispense(string) uint32
 *
 * Go's host always sends `true` as the Ping/Quit argument.
 */
import * as gob from '../gob/index.js';
import { describeService, implementService, type CallOptions, type Client as RpcClient, type ServiceDefinition } from '../rpc/index.js';

/** Go `controlServer`: Ping and Quit, both `bool` → `struct{}`. */
export const ControlService = describeService('Control', {
  Ping: { args: gob.bool, reply: gob.emptyStruct },
  Quit: { args: gob.bool, reply: gob.emptyStruct },
});

/** Go `dispenseServer`: the plugin name → the broker id where its implementation is served. */
export const DispenserService = describeService('Dispenser', {
  Dispense: { args: gob.string, reply: gob.uint32 },
});

/** Host side: the control stream's calls, as Go's `RPCClient` makes them. */
export interface ControlClient {
  ping(options?: CallOptions): Promise<void>;
  quit(options?: CallOptions): Promise<void>;
  /** The broker id the plugin serves `name` on. */
  dispense(name: string, options?: CallOptions): Promise<number>;
}

/** Host side: typed calls on the control stream's net/rpc client. */
export function controlClient(rpc: RpcClient): ControlClient {
  const control = rpc.service(ControlService);
  const dispenser = rpc.service(DispenserService);
  return {
    ping: async (options) => void (await control.Ping(true, options)),
    quit: async (options) => void (await control.Quit(true, options)),
    dispense: (name, options) => dispenser.Dispense(name, options),
  };
}

/** Plugin side: Control with a Quit callback (Go: marks the server done, Serve returns). */
export function controlServer(onQuit: () => void): ServiceDefinition<(typeof ControlService)['methods']> {
  return implementService(ControlService, {
    Ping: () => ({}),
    Quit: () => {
      // Reply first; the callback runs after the response has been handed to the transport.
      setImmediate(onQuit);
      return {};
    },
  });
}

/** Plugin side: Dispenser with a function that allocates and serves the named plugin. */
export function dispenseServer(dispense: (name: string) => Promise<number>): ServiceDefinition<(typeof DispenserService)['methods']> {
  return implementService(DispenserService, {
    Dispense: (name) => dispense(name),
  });
}
