/**
 * The services go-plugin registers on the control stream (go-plugin `rpc_server.go`
 * `controlServer` and `dispenseServer`, `rpc_client.go` `RPCClient.Ping/Close/Dispense`):
 *
 *   Control.Ping(bool) struct{}     Control.Quit(bool) struct{}     Dispenser.Dispense(string) uint32
 */
import * as gob from '../gob/index.js';
import { describeService, implementService, type ServiceDefinition } from '../rpc/index.js';

/** Go `controlServer`: Ping and Quit, both `bool` → `struct{}`. */
export const ControlService = describeService('Control', {
  Ping: { args: gob.bool, reply: gob.emptyStruct },
  Quit: { args: gob.bool, reply: gob.emptyStruct },
});

/** Go `dispenseServer`: the plugin name → the broker id where its implementation is served. */
export const DispenserService = describeService('Dispenser', {
  Dispense: { args: gob.string, reply: gob.uint32 },
});

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
