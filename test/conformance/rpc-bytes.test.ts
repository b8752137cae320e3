/**
 * Conformance, byte for byte, against the live Go toolchain (go1.26 here; Go ≥ 1.21 numbers
 * gob types from 64): a recording proxy sits between peers and captures both directions.
 * - what our client writes for a call sequence equals what Go's net/rpc client writes for it;
 * - what our server answers to Go's client equals what Go's net/rpc server answers.
 * The sequence (arith reply, method error with struct{} body, struct reply, unknown service)
 * is run one call at a time, so both sides are deterministic.
 */
import { createConnection, createServer, type Server as NetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { dial } from '../../src/rpc/connect.js';
import { Server } from '../../src/rpc/server.js';
import { runGo } from '../helpers/go-peer.js';
import { Args, Quotient, Reply, peerRegistry, startGoServer, tcpTarget, tsServices, type GoServer } from './rpc-services.js';

interface Recording {
  c2s: Buffer[];
  s2c: Buffer[];
}

/** A TCP proxy to `port` that records both directions of every connection. */
async function recordingProxy(port: number): Promise<{ port: number; rec: Recording; server: NetServer }> {
  const rec: Recording = { c2s: [], s2c: [] };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    client.on('data', (d: Buffer) => {
      rec.c2s.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      rec.s2c.push(Buffer.from(d));
      client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, rec, server };
}

const STEPS = 'multiply,divZero,divide,unknownService';

async function goClientThrough(port: number): Promise<void> {
  const res = await runGo('rpcpeer', ['client', '-addr', `127.0.0.1:${port}`, '-steps', STEPS], undefined, 20_000);
  expect(res.code).toBe(0);
}

const hex = (bufs: Buffer[]): string => Buffer.concat(bufs).toString('hex');

describe('byte-for-byte against live Go net/rpc', () => {
  let goServer: GoServer;
  let goGo: Recording;
  const servers: NetServer[] = [];
  beforeAll(async () => {
    goServer = await startGoServer('tcp', '127.0.0.1:0');
    const proxy = await recordingProxy(tcpTarget(goServer.addr).port);
    servers.push(proxy.server);
    await goClientThrough(proxy.port);
    goGo = proxy.rec;
    expect(goGo.c2s.length).toBeGreaterThan(0);
  });
  afterAll(() => {
    goServer?.stop();
    for (const s of servers) s.close();
  });

  it('our client writes the bytes Go’s client writes', async () => {
    const proxy = await recordingProxy(tcpTarget(goServer.addr).port);
    servers.push(proxy.server);
    const client = await dial({ host: '127.0.0.1', port: proxy.port });
    // rpcpeer runs its steps in script order: divZero, multiply, divide, unknownService.
    await client.call('Arith.Div', { A: 7, B: 0 }, Args, Reply).catch(() => undefined);
    expect(await client.call('Arith.Multiply', { A: 7, B: 8 }, Args, gob.int)).toBe(56);
    expect(await client.call('Arith.Divide', { A: 17, B: 5 }, Args, Quotient)).toEqual({ Quo: 3, Rem: 2 });
    await client.call('Foo.Bar', { A: 1, B: 2 }, Args, Reply).catch(() => undefined);
    await client.close();
    expect(hex(proxy.rec.c2s)).toBe(hex(goGo.c2s));
    // Same session, so the Go server's answers to us are the ones it gave Go's client.
    expect(hex(proxy.rec.s2c)).toBe(hex(goGo.s2c));
  });

  it('our server answers Go’s client with the bytes Go’s server writes', async () => {
    const rpc = new Server();
    for (const svc of tsServices(() => undefined)) rpc.register(svc);
    const ts = createServer((sock) => void rpc.serveConn(sock, { registry: peerRegistry() }));
    servers.push(ts);
    await new Promise<void>((r) => ts.listen(0, '127.0.0.1', r));
    const proxy = await recordingProxy((ts.address() as { port: number }).port);
    servers.push(proxy.server);
    await goClientThrough(proxy.port);
    expect(hex(proxy.rec.c2s)).toBe(hex(goGo.c2s));
    expect(hex(proxy.rec.s2c)).toBe(hex(goGo.s2c));
  });
});
