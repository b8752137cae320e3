/**
 * go-netrpc/testing's pluginPair (Go `TestPluginRPCConn`): a plugin set served and dispensed in
 * memory through the real gob / net/rpc / yamux / MuxBroker path, with typed stubs.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { describeService, implementService } from '../../../src/rpc/index.js';
import { pluginPair } from '../../../src/testing/index.js';
import { AdderService, NameService, Testbed } from '../../helpers/plugins/testbed-contract.js';

const Greeter = describeService('Plugin', { Greet: { args: gob.string, reply: gob.string } });

describe('pluginPair()', () => {
  it('dispenses a typed plugin, maps remote errors, and runs broker callbacks both ways', async () => {
    const pair = await pluginPair({
      plugins: {
        greeter: ({ broker, version }) =>
          implementService(Greeter, {
            Greet: async (name) => {
              if (name === '') throw new Error('empty name');
              if (name === 'callback') {
                const id = broker.nextId();
                void broker.acceptAndServe(id, implementService(AdderService, { Add: ({ A, B }) => A + B }));
                return String(id);
              }
              return `Hello, ${name}! (v${version})`;
            },
          }),
      },
      hostPlugins: { greeter: Greeter },
      version: 3,
    });
    try {
      await pair.client.ping();
      const g = await pair.client.dispense('greeter');
      expectTypeOf(g.Greet).returns.resolves.toEqualTypeOf<string>();
      expect(await g.Greet('memory')).toBe('Hello, memory! (v3)');
      await expect(g.Greet('')).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: 'empty name' });
      const adder = await pair.client.broker.dialClient(Number(await g.Greet('callback')));
      expect(await adder.service(AdderService).Add({ A: 40, B: 2 })).toBe(42);
      await adder.close();
      // @ts-expect-error -- not a plugin of hostPlugins
      await expect(pair.client.dispense('nope')).rejects.toMatchObject({ code: 'UNKNOWN_PLUGIN' });
    } finally {
      await pair.close();
    }
  });

  it('a call after close() is CLIENT_CLOSED; an unanswered call times out with TIMEOUT', async () => {
    const pair = await pluginPair({
      plugins: { testbed: () => implementService(NameService, { Name: () => new Promise<string>(() => undefined) }) },
      hostPlugins: { testbed: NameService },
      callTimeoutMs: 200,
    });
    const n = await pair.client.dispense('testbed');
    await expect(n.Name('never')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await pair.close();
    await expect(n.Name('late')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(pair.client.ping()).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });

  it('carries the plugin side stdout to the host syncStdout and ends serving on Control.Quit', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const pair = await pluginPair({ plugins: {}, hostPlugins: { testbed: Testbed }, syncStdout: out });
    pair.pluginStdout.write('from the plugin\n');
    await pair.client.quit();
    await pair.served;
    expect(text).toBe('from the plugin\n');
    await pair.close();
  });
});
