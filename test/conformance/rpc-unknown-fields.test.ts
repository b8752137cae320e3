/**
 * Unknown-field preservation through net/rpc against Go (go-testbed rpcpeer): a TS handler
 * whose argument descriptor declares one field of Go's Big returns the object it received, and
 * Go's client gets its value back whole (reflect.DeepEqual); a TS client decodes Go's reply
 * with a two-field descriptor, changes one, sends it back, and Go echoes everything else as sent.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Client } from '../../src/rpc/client.js';
import { dial } from '../../src/rpc/connect.js';
import { Server } from '../../src/rpc/server.js';
import { defineService, type AnyServiceDefinition } from '../../src/rpc/service.js';
import { runGo } from '../helpers/go-peer.js';
import { Big, newBig, peerRegistry, plain, startGoServer, tcpTarget, tsServices, type GoServer } from './rpc-services.js';

/** Go's Big as a handler that only cares about S sees it. */
const PartialBig = gob.struct('Big', { S: gob.string });

describe('Go net/rpc client → TS handler with a partial descriptor', () => {
  it('returning the received object sends Go its whole value back', { timeout: 120_000 }, async () => {
    const sockets = new Set<Socket>();
    const hangup = (): void => {
      for (const s of sockets) s.destroy();
    };
    const rpc = new Server();
    for (const svc of tsServices(hangup)) {
      if (svc.name !== 'Echo') rpc.register(svc as AnyServiceDefinition);
    }
    let seen: unknown;
    rpc.register(
      defineService('Echo', { Big: { args: PartialBig, reply: PartialBig } }, {
        Big: (b) => {
          seen = b;
          return b;
        },
      }),
    );
    const net = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      void rpc.serveConn(socket, { registry: peerRegistry() });
    });
    await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
    const a = net.address();
    try {
      const res = await runGo('rpcpeer', ['client', '-net', 'tcp', '-addr', `127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`], undefined, 50_000);
      expect(res.code).toBe(0);
      const steps = new Map((JSON.parse(res.stdout.toString()) as { name: string; error?: string; reply?: unknown }[]).map((s) => [s.name, s]));
      expect(steps.get('echoBig')).toEqual({ name: 'echoBig', reply: 'equal' });
      // The handler saw only what it declared.
      expect(Object.keys(seen as object)).toEqual(['S']);
    } finally {
      hangup();
      net.close();
    }
  });
});

describe('TS client with a partial reply descriptor → Go', () => {
  let server: GoServer;
  let client: Client;
  beforeAll(async () => {
    server = await startGoServer('tcp', '127.0.0.1:0');
    client = await dial(tcpTarget(server.addr), { registry: peerRegistry() });
  });
  afterAll(async () => {
    await client?.close();
    server?.stop();
  });

  it('decode two fields, change one, send back: Go echoes the rest unchanged', async () => {
    const Two = gob.struct('Big', { S: gob.string, I: gob.int64 });
    const v = newBig();
    const r = await client.call('Echo.Big', v, Big, Two);
    expect(Object.keys(r)).toEqual(['S', 'I']);
    r.I = 12345;
    const back = await client.call('Echo.Big', r, Two, Big);
    expect(plain(back)).toEqual(plain({ ...v, I: 12345 }));
  });
});
