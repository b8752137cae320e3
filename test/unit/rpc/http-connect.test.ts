/**
 * HTTP CONNECT handshake (Go rpc.DialHTTPPath / Server.ServeHTTP) over in-memory duplexes:
 * exact request/response bytes, 405/404 answers, leftover bytes, failures.
 */
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { createClient } from '../../../src/rpc/connect.js';
import { RpcError } from '../../../src/rpc/errors.js';
import { acceptHTTPConnect, httpConnect } from '../../../src/rpc/http-connect.js';
import { Server } from '../../../src/rpc/server.js';
import { defineService } from '../../../src/rpc/service.js';
import { duplexPair } from '../../../src/testing/index.js';

function readAll(s: Duplex): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString('latin1')));
    s.on('end', () => resolve(text));
    s.on('close', () => resolve(text));
  });
}

function firstBytes(s: Duplex, n: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const on = (d: Buffer): void => {
      text += d.toString('latin1');
      if (text.length >= n) {
        s.off('data', on);
        s.pause();
        resolve(text);
      }
    };
    s.on('data', on);
  });
}

describe('HTTP CONNECT', () => {
  it('client sends Go’s exact request and accepts Go’s exact answer; later bytes are kept', async () => {
    const [a, b] = duplexPair();
    const req = firstBytes(b, 'CONNECT /_goRPC_ HTTP/1.0\n\n'.length);
    const done = httpConnect(a);
    expect(await req).toBe('CONNECT /_goRPC_ HTTP/1.0\n\n');
    // The answer and the start of the next data arrive in one chunk.
    b.write('HTTP/1.0 200 Connected to Go RPC\n\nXYZ');
    await done;
    expect((a.read() as Buffer).toString()).toBe('XYZ');
    a.destroy();
  });

  it('client rejects any other status with Go’s message and closes the connection', async () => {
    const [a, b] = duplexPair();
    const done = httpConnect(a, { path: '/x' }).catch((e: unknown) => e);
    b.write('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 17\r\n\r\n405 must CONNECT\n');
    const e = (await done) as RpcError;
    expect(e).toBeInstanceOf(RpcError);
    expect(e.code).toBe('HTTP_CONNECT_FAILED');
    expect(e.message).toBe('unexpected HTTP response: 405 Method Not Allowed');
    expect(a.destroyed).toBe(true);
  });

  it('client fails on EOF, on timeout and on an oversized head', async () => {
    const [a, b] = duplexPair();
    const p = httpConnect(a).catch((e: unknown) => e);
    b.end();
    expect(((await p) as RpcError).code).toBe('HTTP_CONNECT_FAILED');
    const [c] = duplexPair();
    expect(((await httpConnect(c, { timeoutMs: 10 }).catch((e: unknown) => e)) as RpcError).code).toBe('TIMEOUT');
    const [d, e] = duplexPair();
    const q = httpConnect(d, { maxHeaderBytes: 64 }).catch((x: unknown) => x);
    e.write('HTTP/1.0 200 ' + 'x'.repeat(100));
    expect(((await q) as RpcError).code).toBe('HTTP_CONNECT_FAILED');
  });

  it('server answers CONNECT with Go’s status line, then serves net/rpc on the socket', async () => {
    const [a, b] = duplexPair();
    const server = new Server();
    server.register(defineService('Arith', { Add: { args: gob.int, reply: gob.int } }, { Add: (n) => n + 1 }));
    const served = server.serveHTTP(b);
    const head = firstBytes(a, 'HTTP/1.0 200 Connected to Go RPC\n\n'.length);
    a.write('CONNECT /_goRPC_ HTTP/1.0\n\n');
    expect(await head).toBe('HTTP/1.0 200 Connected to Go RPC\n\n');
    a.resume();
    const client = createClient(a);
    expect(await client.call('Arith.Add', 41, gob.int, gob.int)).toBe(42);
    await client.close();
    await served;
  });

  it('server answers other methods with 405 "405 must CONNECT\\n" and other paths with 404', async () => {
    for (const [req, status, body] of [
      ['GET /_goRPC_ HTTP/1.1\r\nHost: x\r\n\r\n', '405 Method Not Allowed', '405 must CONNECT\n'],
      ['CONNECT /other HTTP/1.0\n\n', '404 Not Found', '404 page not found\n'],
      ['garbage\n\n', '400 Bad Request', '400 Bad Request'],
    ] as const) {
      const [a, b] = duplexPair();
      const answer = readAll(a);
      a.write(req);
      expect(await acceptHTTPConnect(b)).toBe(false);
      const text = await answer;
      expect(text.startsWith(`HTTP/1.1 ${status}\r\n`)).toBe(true);
      expect(text.endsWith(`\r\n\r\n${body}`)).toBe(true);
    }
  });
});
