/**
 * gob registries per rpc Server (`new Server({ registry })`, the default of its gob
 * connections) and per Client (`createClient` / `dial` option `registry`): two servers and two
 * clients in one process register one Go name for different types, and each decodes its own.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { createClient, defineService, describeService, Server } from '../../../src/rpc/index.js';
import { duplexPair } from '../../../src/testing/duplex-pair.js';

const Square = gob.struct('Shape', { Side: gob.float64 });
const Label = gob.struct('Shape', { Text: gob.string });
const methods = { Echo: { args: gob.interface, reply: gob.interface } } as const;
const Shapes = describeService('Shapes', methods);

function registryWith(type: gob.Descriptor): gob.Registry {
  return new gob.Registry().register('main.Shape', type);
}

/** A Server (with `serverRegistry`) and a Client (with `clientRegistry`) connected in memory. */
function connect(server: Server, clientRegistry: gob.Registry, serveOptions: { registry?: gob.Registry } = {}) {
  const [a, b] = duplexPair();
  void server.serveConn(b, serveOptions);
  return createClient(a, { registry: clientRegistry });
}

function shapesServer(registry?: gob.Registry): Server {
  const s = new Server(registry === undefined ? {} : { registry });
  s.register(defineService('Shapes', methods, { Echo: (v) => v }));
  return s;
}

describe('rpc registries per Server and Client', () => {
  it('two servers and clients with different types under one name do not interfere', async () => {
    const sa = shapesServer(registryWith(Square));
    const sb = shapesServer(registryWith(Label));
    const ca = connect(sa, registryWith(Square));
    const cb = connect(sb, registryWith(Label));
    try {
      const [ra, rb] = await Promise.all([
        ca.service(Shapes).Echo(gob.iface('main.Shape', { Side: 1.5 })),
        cb.service(Shapes).Echo(gob.iface('main.Shape', { Text: 't' })),
      ]);
      expect([ra?.type, ra?.value]).toEqual([Square, { Side: 1.5 }]);
      expect([rb?.type, rb?.value]).toEqual([Label, { Text: 't' }]);
      expect(gob.defaultRegistry.lookup('main.Shape')).toBeUndefined();
    } finally {
      await ca.close();
      await cb.close();
    }
  });

  it("the server decodes with its registry: another type under the name fails the call with gob's error", async () => {
    const c = connect(shapesServer(registryWith(Label)), registryWith(Square));
    try {
      await expect(c.service(Shapes).Echo(gob.iface('main.Shape', { Side: 1.5 }))).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: expect.stringMatching(/no fields matched/),
      });
    } finally {
      await c.close();
    }
  });

  it("serveConn's own registry option wins over the Server's", async () => {
    const c = connect(shapesServer(registryWith(Label)), registryWith(Square), { registry: registryWith(Square) });
    try {
      expect((await c.service(Shapes).Echo(gob.iface('main.Shape', { Side: 4 })))?.value).toEqual({ Side: 4 });
    } finally {
      await c.close();
    }
  });

  it('without any registry the name is unknown (default registry), as in Go', async () => {
    const c = connect(shapesServer(), registryWith(Square));
    try {
      await expect(c.service(Shapes).Echo(gob.iface('main.Shape', { Side: 4 }))).rejects.toMatchObject({
        message: expect.stringMatching(/name not registered for interface: "main.Shape"/),
      });
    } finally {
      await c.close();
    }
  });
});
