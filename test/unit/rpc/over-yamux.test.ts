/**
 * net/rpc over a yamux stream (how go-plugin's netrpc protocol carries it): the rpc layer only
 * needs a Duplex, so a YamuxStream works as is, including a 1 MiB argument that exceeds the
 * 256 KiB stream window (flow control + backpressure) and concurrent calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { createClient as createRpcClient } from '../../../src/rpc/connect.js';
import { Server } from '../../../src/rpc/server.js';
import { defineService } from '../../../src/rpc/service.js';
import { duplexPair } from '../../../src/testing/index.js';
import { createClient, createServer, type YamuxSession } from '../../../src/yamux/index.js';

const sessions: YamuxSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

describe('rpc over yamux', () => {
  it('serves calls on a yamux stream', async () => {
    const [a, b] = duplexPair();
    const cs = createClient(a, { enableKeepAlive: false });
    const ss = createServer(b, { enableKeepAlive: false });
    sessions.push(cs, ss);
    const server = new Server();
    server.register(
      defineService('Echo', { Len: { args: gob.bytes, reply: gob.int }, Bytes: { args: gob.bytes, reply: gob.bytes } }, {
        Len: (b) => b.length,
        Bytes: (b) => b,
      }),
    );
    const [clientStream, serverStream] = await Promise.all([cs.open(), ss.accept()]);
    const served = server.serveConn(serverStream);
    const client = createRpcClient(clientStream);
    const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
    const results = await Promise.all([
      client.call('Echo.Len', big, gob.bytes, gob.int),
      client.call('Echo.Bytes', big, gob.bytes, gob.bytes),
      ...Array.from({ length: 20 }, (_, i) => client.call('Echo.Len', new Uint8Array(i), gob.bytes, gob.int)),
    ]);
    expect(results[0]).toBe(1 << 20);
    expect(Buffer.compare(results[1] as Uint8Array, big)).toBe(0);
    expect(results.slice(2)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await client.close();
    await served;
  });
});
