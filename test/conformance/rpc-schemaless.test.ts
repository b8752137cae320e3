/**
 * Schemaless rpc bodies (`rpc.schemaless`) against Go's net/rpc (go-testbed rpcpeer): a Go
 * client calls a TS server whose Arith.Add and Echo methods take and return gob.GobValue trees
 * (the Go side checks the replies, Echo.Big with reflect.DeepEqual), and a TS client reads
 * Go's replies schemaless and sends a schemaless value back.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Client } from '../../src/rpc/client.js';
import { dial } from '../../src/rpc/connect.js';
import { schemaless } from '../../src/rpc/gob-codec.js';
import { Server } from '../../src/rpc/server.js';
import type { AnyServiceDefinition } from '../../src/rpc/service.js';
import { runGo } from '../helpers/go-peer.js';
import { Args, Big, BuiltinDesc, Reply, newBig, peerRegistry, plain, startGoServer, tcpTarget, tsServices, type GoServer } from './rpc-services.js';

const S = { args: schemaless, reply: schemaless };

/** tsServices with Arith.Add and every Echo method schemaless. */
function services(hangup: () => void): AnyServiceDefinition[] {
  return tsServices(hangup).map((svc): AnyServiceDefinition => {
    if (svc.name === 'Arith') {
      return {
        name: svc.name,
        methods: { ...svc.methods, Add: S },
        handlers: {
          ...svc.handlers,
          Add: (a: gob.GobValue) => {
            const v = a.value as { A?: number; B?: number };
            return new gob.GobValue(Reply, { C: (v.A ?? 0) + (v.B ?? 0) });
          },
        },
      } as AnyServiceDefinition;
    }
    if (svc.name === 'Echo') {
      return {
        name: 'Echo',
        methods: { Big: S, Bytes: S, Len: { args: schemaless, reply: gob.int } },
        handlers: { Big: (v: gob.GobValue) => v, Bytes: (v: gob.GobValue) => v, Len: (v: gob.GobValue) => (v.value as Uint8Array).length },
      } as AnyServiceDefinition;
    }
    return svc as AnyServiceDefinition;
  });
}

describe('Go net/rpc client → TS server with schemaless methods', () => {
  it('Arith.Add and Echo answer from GobValue trees, as Go checks', { timeout: 120_000 }, async () => {
    const sockets = new Set<Socket>();
    const hangup = (): void => {
      for (const s of sockets) s.destroy();
    };
    const rpc = new Server();
    for (const svc of services(hangup)) rpc.register(svc);
    // An empty registry: schemaless bodies need no names (the interface values in Echo.Big keep theirs).
    const net = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      void rpc.serveConn(socket, { registry: new gob.Registry() });
    });
    await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
    const a = net.address();
    try {
      const res = await runGo('rpcpeer', ['client', '-net', 'tcp', '-addr', `127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`], undefined, 50_000);
      expect(res.code).toBe(0);
      const steps = new Map((JSON.parse(res.stdout.toString()) as { name: string; error?: string; reply?: unknown }[]).map((s) => [s.name, s]));
      expect(steps.get('add')).toEqual({ name: 'add', reply: { C: 15 } });
      expect(steps.get('echoBig')).toEqual({ name: 'echoBig', reply: 'equal' });
      expect(steps.get('echoBytes10MiB')).toEqual({ name: 'echoBytes10MiB', reply: 10 << 20 });
      expect(steps.get('concurrent')?.error).toBeUndefined();
      expect(steps.get('mul')).toEqual({ name: 'mul', reply: { C: 56 } });
    } finally {
      hangup();
      net.close();
    }
  });
});

describe('TS client → Go net/rpc server with schemaless replies', () => {
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

  it('a reply decodes to a GobValue with Go\'s wire types', async () => {
    const r = await client.call('Arith.Add', { A: 7, B: 8 }, Args, schemaless);
    expect(r).toBeInstanceOf(gob.GobValue);
    expect({ ...(r.value as object) }).toEqual({ C: 15 });
    expect(r.type.kind).toBe('struct');
    expect((r.type as gob.StructDescriptor).name).toBe('Reply');
    const m = await client.call('BuiltinTypes.Map', { A: 7, B: 8 }, BuiltinDesc.methods.Map.args, schemaless);
    expect(m.value).toEqual(new Map([[7, 8]]));
  });

  it('a schemaless reply sent back as schemaless args: Go echoes the same value', async () => {
    const v = newBig();
    const g = await client.call('Echo.Big', v, Big, schemaless);
    const back = await client.call('Echo.Big', g, schemaless, Big);
    expect(plain(back)).toEqual(plain(v));
    const again = await client.call('Echo.Big', g, schemaless, schemaless);
    expect(plain(again.value)).toEqual(plain(g.value));
  });

  it('a schemaless argument that is not a GobValue fails to encode and writes nothing', async () => {
    await expect(client.call('Echo.Big', { S: 'x' } as never, schemaless, Big)).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
    expect(await client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply)).toEqual({ C: 3 });
  });
});
