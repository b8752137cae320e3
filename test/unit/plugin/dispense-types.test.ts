/**
 * Type-level tests (checked by tsc; the async bodies are never run, so no process is started):
 * PluginClient infers its plugin set from `plugins` / `versionedPlugins`, so `dispense(name)`
 * checks the name and types the stubs' arguments and replies.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { PluginClient, type DispensedPlugin } from '../../../src/plugin/index.js';
import { describeService, type CallOptions } from '../../../src/rpc/index.js';
import { KV, TESTBED_HANDSHAKE, Testbed } from '../../helpers/plugins/testbed-contract.js';

const Greeter = describeService('Plugin', { Greet: { args: gob.string, reply: gob.string } });
const handshake = TESTBED_HANDSHAKE;

describe('PluginClient typing', () => {
  it('infers stubs and names from the plugins map', () => {
    const c = new PluginClient({ cmd: 'never-run', handshake, plugins: { greeter: Greeter, testbed: Testbed } });
    const typed = async (): Promise<void> => {
      const g = await c.dispense('greeter');
      expectTypeOf(g.Greet).parameters.toEqualTypeOf<[args: string, options?: CallOptions]>();
      expectTypeOf(g.Greet).returns.resolves.toEqualTypeOf<string>();
      expectTypeOf(g).toEqualTypeOf<DispensedPlugin<{ greeter: typeof Greeter }, 'greeter'>>();
      const tb = await c.dispense('testbed');
      expectTypeOf(tb.Echo).returns.resolves.toEqualTypeOf<Uint8Array>();
      // @ts-expect-error -- Gret is not a method of the greeter plugin
      await g.Gret('x');
      // @ts-expect-error -- Greet takes a string
      await g.Greet(42);
      // @ts-expect-error -- 'greter' is not a key of the plugins map
      await c.dispense('greter');
    };
    expect(typeof typed).toBe('function');
  });

  it('infers from versionedPlugins too', () => {
    const c = new PluginClient({ cmd: 'never-run', handshake, versionedPlugins: { 1: { kv: KV }, 2: { kv: KV } } });
    const typed = async (): Promise<void> => {
      const kv = await c.dispense('kv');
      expectTypeOf(kv.Get).returns.resolves.toEqualTypeOf<Uint8Array>();
      // @ts-expect-error -- 'kb' is not a plugin name
      await c.dispense('kb');
    };
    expect(typeof typed).toBe('function');
  });

  it('still accepts the explicit method-types form of existing code', () => {
    const c = new PluginClient({ cmd: 'never-run', handshake, plugins: { greeter: Greeter } });
    const typed = async (): Promise<void> => {
      const g = await c.dispense<(typeof Greeter)['methods']>('greeter');
      expectTypeOf(g.Greet).returns.resolves.toEqualTypeOf<string>();
    };
    expect(typeof typed).toBe('function');
  });
});
