/**
 * gob registries per plugin connection (serve()'s and PluginClient's `registry`, plumbed through
 * serveConnection, PluginRpcClient, the MuxBroker and every net/rpc connection they open): two
 * host/plugin pairs in one process register the same Go name for different types and each
 * decodes its own, through the control connection's dispense and a broker-dialled callback.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { createJsonLogger, PluginClient, PluginRpcClient, serveConnection } from '../../../src/plugin/index.js';
import { describeService, implementService } from '../../../src/rpc/index.js';
import { duplexPair } from '../../../src/testing/duplex-pair.js';
import { createClient, createServer } from '../../../src/yamux/index.js';
import { LabelShape, ShapeEcho } from '../../helpers/plugins/rpc-registry-plugin.js';
import { TESTBED_HANDSHAKE } from '../../helpers/plugins/testbed-contract.js';
import { tsPluginCommand } from '../../helpers/plugins/upstream.js';

const Square = gob.struct('Shape', { Side: gob.float64 });
const Label = gob.struct('Shape', { Text: gob.string, Size: gob.int });
const Echo = describeService('Plugin', { Echo: { args: gob.interface, reply: gob.interface } });

function registryWith(type: gob.Descriptor): gob.Registry {
  return new gob.Registry().register('main.Shape', type);
}

/**
 * A host and a plugin in memory, each side with its own registry. The plugin's Echo returns
 * its argument; given `callback:<id>` it dials that broker id on the host and returns what the
 * host's service there answers to `sample`.
 */
async function pair(hostRegistry: gob.Registry, pluginRegistry: gob.Registry, sample?: unknown) {
  const [hostEnd, pluginEnd] = duplexPair();
  const session = createServer(pluginEnd);
  const served = serveConnection(session, {
    plugins: {
      echo: ({ broker }) =>
        implementService(Echo, {
          Echo: async (v) => {
            if (typeof v?.value === 'string' && v.value.startsWith('callback:')) {
              const c = await broker.dialClient(Number(v.value.slice(9)));
              try {
                return await c.service(Echo).Echo(gob.iface('main.Shape', sample));
              } finally {
                await c.close();
              }
            }
            return v;
          },
        }),
    },
    version: 1,
    logger: createJsonLogger({ level: 'off' }),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    registry: pluginRegistry,
    onQuit: () => void session.close(),
  });
  const client = await PluginRpcClient.open(createClient(hostEnd), { plugins: { echo: Echo }, registry: hostRegistry });
  return {
    client,
    close: async () => {
      await client.close();
      await served;
    },
  };
}

describe('per-connection gob registries', () => {
  it('two pairs with different types under one name do not interfere', async () => {
    const a = await pair(registryWith(Square), registryWith(Square));
    const b = await pair(registryWith(Label), registryWith(Label));
    try {
      const ea = await a.client.dispense('echo');
      const eb = await b.client.dispense('echo');
      const [ra, rb] = await Promise.all([ea.Echo(gob.iface('main.Shape', { Side: 2.5 })), eb.Echo(gob.iface('main.Shape', { Text: 'x', Size: 3 }))]);
      expect(ra?.type).toBe(Square);
      expect(ra?.value).toEqual({ Side: 2.5 });
      expect(rb?.type).toBe(Label);
      expect(rb?.value).toEqual({ Text: 'x', Size: 3 });
      // gob's default registry was never involved.
      expect(gob.defaultRegistry.lookup('main.Shape')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the plugin decodes with its own registry (a mismatched one fails the call)', async () => {
    const p = await pair(registryWith(Square), registryWith(Label));
    try {
      const e = await p.client.dispense('echo');
      await expect(e.Echo(gob.iface('main.Shape', { Side: 2.5 }))).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    } finally {
      await p.close();
    }
  });

  it('broker connections use them too, both ways', async () => {
    const run = async (host: gob.Registry, plugin: gob.Registry, sample: unknown) => {
      const p = await pair(host, plugin, sample);
      try {
        const id = p.client.broker.nextId();
        void p.client.broker.acceptAndServe(id, implementService(Echo, { Echo: (v) => v }));
        const e = await p.client.dispense('echo');
        return await e.Echo(gob.iface(gob.string, `callback:${id}`));
      } finally {
        await p.close();
      }
    };
    const ok = await run(registryWith(Label), registryWith(Label), { Text: 'cb', Size: 1 });
    expect(ok?.type).toBe(Label);
    expect(ok?.value).toEqual({ Text: 'cb', Size: 1 });
    // The host's broker service decodes with the host's registry: a different type there fails.
    await expect(run(registryWith(Square), registryWith(Label), { Text: 'cb', Size: 1 })).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
  });
});

describe('serve({ registry }) and new PluginClient({ registry }) across a real plugin process', () => {
  it('the plugin process and the host each use their own registry', { timeout: 120_000 }, async () => {
    const { cmd, args } = tsPluginCommand('rpc-registry-plugin.ts');
    const host = new PluginClient({ cmd, args, handshake: TESTBED_HANDSHAKE, plugins: { shapes: ShapeEcho }, registry: registryWith(LabelShape), startTimeoutMs: 60_000 });
    try {
      const s = await host.dispense<(typeof ShapeEcho)['methods']>('shapes');
      const r = await s.Echo(gob.iface('main.Shape', { Text: 'hi' }));
      expect([r?.name, r?.type, r?.value]).toEqual(['main.Shape', LabelShape, { Text: 'hi!' }]);
      // The plugin resolves the name with its own registry: a Square sent under it does not match
      // its Shape (with gob's default registry the error would be "name not registered").
      await expect(s.Echo(gob.iface(Square, { Side: 1 }, 'main.Shape'))).rejects.toMatchObject({
        code: 'REMOTE_ERROR',
        message: expect.stringMatching(/no fields matched/),
      });
    } finally {
      await host.kill();
    }
  });
});
