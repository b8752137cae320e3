/**
 * Conformance: TS net/rpc client → real Go net/rpc server (go-testbed rpcpeer), over TCP, a unix
 * socket and HTTP CONNECT. Mirrors Go's server_test.go TestRPC/TestHTTP/TestBuiltinTypes plus
 * big structs, 10 MiB arguments, concurrency, out-of-order replies and the server dying mid-call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Client } from '../../src/rpc/client.js';
import { dial, dialHTTP } from '../../src/rpc/connect.js';
import { RpcError } from '../../src/rpc/errors.js';
import { Server } from '../../src/rpc/server.js';
import { ArithDesc, Args, SleepArgs, BuiltinDesc, DottedArithDesc, EchoDesc, Reply, newBig, peerRegistry, plain, startGoServer, tcpTarget, type GoServer } from './rpc-services.js';

const dir = mkdtempSync(join(tmpdir(), 'rpc-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<RpcError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RpcError);
  return e as RpcError;
}

const transports = [
  { name: 'tcp', net: 'tcp' as const, addr: '127.0.0.1:0', connect: (a: string) => dial(tcpTarget(a), { registry: peerRegistry() }) },
  { name: 'unix', net: 'unix' as const, addr: join(dir, 'rpc.sock'), connect: (a: string) => dial({ path: a }, { registry: peerRegistry() }) },
  { name: 'http', net: 'http' as const, addr: '127.0.0.1:0', connect: (a: string) => dialHTTP(tcpTarget(a), { registry: peerRegistry() }) },
];

describe.each(transports)('TS client → Go net/rpc server over $name', ({ net, addr, connect }) => {
  let server: GoServer;
  let client: Client;
  beforeAll(async () => {
    server = await startGoServer(net, addr);
    client = await connect(server.addr);
  });
  afterAll(async () => {
    await client?.close();
    server?.stop();
  });

  it('calls Arith methods (value and pointer receivers, string replies)', async () => {
    const arith = client.service(ArithDesc);
    expect(await arith.Add({ A: 7, B: 8 })).toEqual({ C: 15 });
    expect(await arith.Mul({ A: 7, B: 8 })).toEqual({ C: 56 });
    expect(await arith.Div({ A: 7, B: 2 })).toEqual({ C: 3 });
    expect(await arith.String({ A: 7, B: 8 })).toBe('7+8=15');
    expect(await arith.Multiply({ A: 7, B: 8 })).toBe(56);
    expect(await arith.Divide({ A: 17, B: 5 })).toEqual({ Quo: 3, Rem: 2 });
    expect(await client.service(DottedArithDesc).Add({ A: 3, B: 4 })).toEqual({ C: 7 });
  });

  it('reports method errors and Go’s lookup errors verbatim, and keeps the connection', async () => {
    const arith = client.service(ArithDesc);
    const e1 = await rejection(arith.Div({ A: 7, B: 0 }));
    expect([e1.code, e1.message]).toEqual(['SERVER_ERROR', 'divide by zero']);
    expect((await rejection(arith.Error({ A: 1, B: 2 }))).message).toBe('ERROR');
    expect((await rejection(client.call('Foo.Bar', { A: 1, B: 2 }, Args, Reply))).message).toBe("rpc: can't find service Foo.Bar");
    expect((await rejection(client.call('Arith.Nope', { A: 1, B: 2 }, Args, Reply))).message).toBe("rpc: can't find method Arith.Nope");
    expect((await rejection(client.call('NoDot', { A: 1, B: 2 }, Args, Reply))).message).toBe('rpc: service/method request ill-formed: NoDot');
    const wrong = await rejection(client.call('Arith.Add', 'str', gob.string, Reply));
    expect(wrong.code).toBe('SERVER_ERROR');
    expect(wrong.message).toBe('gob: type mismatch in decoder: want struct type main.Args; got non-struct');
    expect(await arith.Add({ A: 1, B: 1 })).toEqual({ C: 2 });
  });

  it('gets map, slice and array replies (BuiltinTypes)', async () => {
    const b = client.service(BuiltinDesc);
    expect(await b.Map({ A: 7, B: 8 })).toEqual(new Map([[7, 8]]));
    expect(await b.Slice({ A: 7, B: 8 })).toEqual([7, 8]);
    expect(await b.Array({ A: 7, B: 8 })).toEqual([7, 8]);
  });

  it('echoes a big struct with maps, slices, pointers and interfaces', async () => {
    const v = newBig();
    expect(plain(await client.service(EchoDesc).Big(v))).toEqual(plain(v));
  });

  it('sends and receives 10 MiB arguments', async () => {
    const big = new Uint8Array(10 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 11)) & 0xff;
    const echo = client.service(EchoDesc);
    expect(await echo.Len(big)).toBe(big.length);
    const back = await echo.Bytes(big);
    expect(back.length).toBe(big.length);
    expect(Buffer.compare(back, big)).toBe(0);
  });

  it('runs many concurrent calls, each resolving to its own reply', async () => {
    const arith = client.service(ArithDesc);
    const n = 500;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => arith.Add({ A: i, B: 1000 * i })));
    results.forEach((r, i) => expect(r.C).toBe(1001 * i));
  });

  it('receives replies out of order', async () => {
    const arith = client.service(ArithDesc);
    const order: string[] = [];
    await Promise.all([
      arith.Sleep({ Ms: 300, Tag: 'slow' }).then((t) => order.push(t)),
      arith.Sleep({ Ms: 10, Tag: 'fast' }).then((t) => order.push(t)),
    ]);
    expect(order).toEqual(['fast', 'slow']);
  });
});

describe('TS client → Go server that dies mid-call', () => {
  it('fails pending calls with UNEXPECTED_EOF, then SHUTDOWN', async () => {
    const server = await startGoServer('tcp', '127.0.0.1:0');
    try {
      const client = await dial(tcpTarget(server.addr));
      const arith = client.service(ArithDesc);
      expect(await arith.Add({ A: 1, B: 2 })).toEqual({ C: 3 });
      const pending = rejection(arith.Sleep({ Ms: 5000, Tag: 'never' }));
      const die = rejection(arith.Die(50));
      const [e1, e2] = await Promise.all([pending, die]);
      expect([e1.code, e1.message]).toEqual(['UNEXPECTED_EOF', 'unexpected EOF']);
      expect(e2.code).toBe('UNEXPECTED_EOF');
      const after = await rejection(arith.Add({ A: 1, B: 1 }));
      expect([after.code, after.message]).toEqual(['SHUTDOWN', 'connection is shut down']);
      await client.close();
    } finally {
      server.stop();
    }
  });

  it('a reply that does not decode fails that call ("reading body …") and shuts the client down, as Go', async () => {
    const server = await startGoServer('tcp', '127.0.0.1:0');
    try {
      const client = await dial(tcpTarget(server.addr));
      const pending = rejection(client.call('Arith.Sleep', { Ms: 200, Tag: 'x' }, SleepArgs, gob.string));
      // Arith.String replies with a string; asking for an int makes the reply undecodable.
      const bad = await rejection(client.call('Arith.String', { A: 1, B: 2 }, Args, gob.int));
      expect(bad.code).toBe('DECODE_FAILED');
      expect(bad.message.startsWith('reading body gob: ')).toBe(true);
      const other = await pending;
      expect(other.code).toBe('DECODE_FAILED');
      expect(`reading body ${other.message}`).toBe(bad.message);
      expect((await rejection(client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply))).code).toBe('SHUTDOWN');
      await client.close();
    } finally {
      server.stop();
    }
  });

  it('dialHTTP to a non-RPC endpoint fails like Go’s DialHTTP', async () => {
    const server = await startGoServer('http', '127.0.0.1:0');
    try {
      const e = await rejection(dialHTTP(tcpTarget(server.addr), { path: '/elsewhere' }));
      expect(e.code).toBe('HTTP_CONNECT_FAILED');
      expect(e.message).toBe('unexpected HTTP response: 404 Not Found');
    } finally {
      server.stop();
    }
  });
});

describe('HTTP endpoint: non-CONNECT requests', () => {
  it('the TS server answers a GET exactly like Go’s rpc.Server.ServeHTTP (405, "405 must CONNECT\\n")', async () => {
    const get = (port: number, path: string) =>
      new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
          })
          .on('error', reject);
      });
    const go = await startGoServer('http', '127.0.0.1:0');
    const rpc = new Server();
    const ts = createServer();
    rpc.acceptHTTP(ts);
    await new Promise<void>((r) => ts.listen(0, '127.0.0.1', r));
    try {
      const tsPort = (ts.address() as { port: number }).port;
      for (const path of ['/_goRPC_', '/nope']) {
        const fromGo = await get(tcpTarget(go.addr).port, path);
        const fromTs = await get(tsPort, path);
        expect(fromTs).toEqual(fromGo);
      }
    } finally {
      go.stop();
      ts.close();
    }
  });
});
