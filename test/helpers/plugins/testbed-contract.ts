/**
 * The TypeScript side of go-testbed/internal/pluginshared: method types of the testbed plugin
 * ("Plugin" service on the dispensed stream), the host's callback service and the plugin's
 * adder service. Shared by the TS test plugin, the TS host tests, the demo and the bench.
 */
import { iface } from '../../../src/gob/interface-value.js';
import type { GoInterface } from '../../../src/gob/types.js';
import * as gob from '../../../src/gob/types.js';
import { describeService } from '../../../src/rpc/service.js';

export const TESTBED_HANDSHAKE = {
  protocolVersion: 1,
  magicCookieKey: 'GONETRPC_TESTBED_PLUGIN',
  magicCookieValue: 'd1c6a0e2-testbed',
} as const;

export const AddArgs = gob.struct('AddArgs', { A: gob.int, B: gob.int });
export const RawArgs = gob.struct('RawArgs', { Id: gob.uint32, N: gob.int });

/** pluginshared.Server, served as "Plugin". */
export const Testbed = describeService('Plugin', {
  Greet: { args: gob.string, reply: gob.string },
  GreetWithCallback: { args: gob.uint32, reply: gob.string },
  OfferAdder: { args: gob.string, reply: gob.uint32 },
  RawWrite: { args: RawArgs, reply: gob.int },
  Echo: { args: gob.bytes, reply: gob.bytes },
  Fail: { args: gob.string, reply: gob.string },
  Print: { args: gob.string, reply: gob.string },
  Version: { args: gob.string, reply: gob.int },
  Env: { args: gob.string, reply: gob.string },
  Sleep: { args: gob.int, reply: gob.string },
  Crash: { args: gob.int, reply: gob.string },
  Freeze: { args: gob.int, reply: gob.string },
});

/** pluginshared.NameServer: the host's callback ("Plugin.Name"). */
export const NameService = describeService('Plugin', { Name: { args: gob.string, reply: gob.string } });

/** pluginshared.Adder: served by the plugin on a broker id it allocates. */
export const AdderService = describeService('Plugin', { Add: { args: AddArgs, reply: gob.int } });

/** Upstream examples/basic greeter: `Plugin.Greet(interface{}) string`, cookie BASIC_PLUGIN=hello. */
export const BASIC_HANDSHAKE = { protocolVersion: 1, magicCookieKey: 'BASIC_PLUGIN', magicCookieValue: 'hello' } as const;
export const Greeter = describeService('Plugin', { Greet: { args: gob.iface_, reply: gob.string } });

/** Upstream examples/grpc shared.KV over netrpc: Put(map[string]interface{}) interface{}, Get(string) []byte. */
export const KV = describeService('Plugin', {
  Put: { args: gob.map(gob.string, gob.iface_), reply: gob.iface_ },
  Get: { args: gob.string, reply: gob.bytes },
});

/** KV.Put's argument as the upstream grpc example host builds it: {"key": string, "value": []byte}. */
export function kvPutArgs(key: string, value: string): Map<string, GoInterface | null> {
  return new Map<string, GoInterface | null>([
    ['key', iface(gob.string, key)],
    ['value', iface(gob.bytes, new TextEncoder().encode(value))],
  ]);
}
