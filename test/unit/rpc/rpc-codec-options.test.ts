/**
 * The gob codec's pass-through options for the features of gob's Decoder and Encoder:
 * `unregisteredInterfaces: 'schemaless'` (a server echoes interface values of types it never
 * registered) and `preserveUnknownFields` (default on: a handler with a partial descriptor
 * returns the whole value; off: the undeclared fields are gone).
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { createClient, defineService, Server, type GobCodecOptions } from '../../../src/rpc/index.js';
import { duplexPair } from '../../../src/testing/duplex-pair.js';

const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
const Full = gob.struct('Rec', { ID: gob.int, Name: gob.string, Where: Point });
const Partial = gob.struct('Rec', { ID: gob.int });

function connect(server: Server, serverOptions: GobCodecOptions, clientRegistry: gob.Registry) {
  const [a, b] = duplexPair();
  void server.serveConn(b, serverOptions);
  return createClient(a, { registry: clientRegistry });
}

describe('gob codec options', () => {
  const echo = new Server();
  echo.register(defineService('Echo', { Any: { args: gob.interface, reply: gob.interface } }, { Any: (v) => v }));
  const clientRegistry = new gob.Registry().register('main.Point', Point);

  it("unregisteredInterfaces: 'schemaless' lets a server echo a type it never registered", async () => {
    const c = connect(echo, { registry: new gob.Registry(), unregisteredInterfaces: 'schemaless' }, clientRegistry);
    try {
      const r = await c.call('Echo.Any', gob.iface(Point, { X: 3, Y: 4 }), gob.interface, gob.interface);
      expect([r?.name, r?.type, r?.value]).toEqual(['main.Point', Point, { X: 3, Y: 4 }]);
    } finally {
      await c.close();
    }
  });

  it('by default the server fails such a call with Go\'s error', async () => {
    const c = connect(echo, { registry: new gob.Registry() }, clientRegistry);
    try {
      await expect(c.call('Echo.Any', gob.iface(Point, { X: 3, Y: 4 }), gob.interface, gob.interface)).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: 'gob: name not registered for interface: "main.Point"',
      });
    } finally {
      await c.close();
    }
  });

  const partial = new Server();
  partial.register(defineService('Rec', { Touch: { args: Partial, reply: Partial } }, { Touch: (r) => Object.assign(r, { ID: r.ID + 1 }) }));
  const v = { ID: 1, Name: 'n', Where: { X: 1, Y: 2 } };

  it('preserveUnknownFields (default on): a handler with a partial descriptor returns the whole value', async () => {
    const c = connect(partial, {}, clientRegistry);
    try {
      expect(await c.call('Rec.Touch', v, Full, Full)).toEqual({ ...v, ID: 2 });
    } finally {
      await c.close();
    }
  });

  it('preserveUnknownFields: false drops the undeclared fields, as Go does', async () => {
    const c = connect(partial, { preserveUnknownFields: false }, clientRegistry);
    try {
      expect(await c.call('Rec.Touch', v, Full, Full)).toEqual({ ID: 2, Name: '', Where: { X: 0, Y: 0 } });
    } finally {
      await c.close();
    }
  });
});
