/**
 * Unit tests of rpc.Server (Go rpc.Server ServeCodec/readRequestHeader/sendResponse) against the
 * in-memory fake codec: Go's exact error strings, concurrency bound, handler failures.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { RpcError } from '../../../src/rpc/errors.js';
import { Server } from '../../../src/rpc/server.js';
import { defineService, method } from '../../../src/rpc/service.js';
import type { ResponseHeader } from '../../../src/rpc/codec.js';
import { BAD_HEADER, ERROR_BODY, Undecodable, Unencodable, fakeCodecPair } from './fake-codec.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });
const Reply = gob.struct('Reply', { C: gob.int });

function arith() {
  return defineService(
    'Arith',
    { Add: { args: Args, reply: Reply }, Div: { args: Args, reply: Reply }, Boom: { args: Args, reply: Reply }, Bad: { args: Args, reply: Reply } },
    {
      Add: (a) => ({ C: a.A + a.B }),
      Div: async (a) => {
        if (a.B === 0) throw new Error('divide by zero');
        return { C: Math.trunc(a.A / a.B) };
      },
      Boom: () => {
        throw 'not an Error object';
      },
      Bad: () => new Unencodable('gob: bad reply') as never,
    },
  );
}

async function response(pair: ReturnType<typeof fakeCodecPair>): Promise<{ header: ResponseHeader; body: unknown }> {
  const m = await pair.responses.next();
  if (m === null) throw new Error('connection ended without a response');
  return m as { header: ResponseHeader; body: unknown };
}

function send(pair: ReturnType<typeof fakeCodecPair>, serviceMethod: string, seq: number | bigint, body: unknown): void {
  pair.requests.push({ header: { serviceMethod, seq }, body });
}

describe('rpc Server', () => {
  it('validates requests with Go error strings and keeps the connection', async () => {
    const server = new Server();
    server.register(arith());
    server.register(arith(), 'net.rpc.Arith');
    const pair = fakeCodecPair();
    const done = server.serveCodec(pair.server);
    const cases: [string, string][] = [
      ['NoDot', 'rpc: service/method request ill-formed: NoDot'],
      ['Foo.Bar', "rpc: can't find service Foo.Bar"],
      ['Arith.Nope', "rpc: can't find method Arith.Nope"],
      ['net.rpc.Arith.Nope', "rpc: can't find method net.rpc.Arith.Nope"],
      ['net.Arith.Add', "rpc: can't find service net.Arith.Add"],
    ];
    let seq = 0;
    for (const [sm, want] of cases) {
      // The body of a bad request is discarded, never decoded.
      send(pair, sm, seq, new Undecodable('must not decode'));
      const r = await response(pair);
      expect(r.header).toEqual({ serviceMethod: sm, seq, error: want });
      expect(r.body).toBe(ERROR_BODY);
      seq++;
    }
    send(pair, 'net.rpc.Arith.Add', 2n ** 64n - 1n, { A: 2, B: 3 });
    const ok = await response(pair);
    expect(ok.header).toEqual({ serviceMethod: 'net.rpc.Arith.Add', seq: 2n ** 64n - 1n, error: '' });
    expect(ok.body).toEqual({ C: 5 });
    pair.requests.end();
    await done;
    expect(pair.server.closed).toBe(true);
  });

  it('turns handler failures into error replies and keeps serving', async () => {
    const server = new Server();
    server.register(arith());
    const pair = fakeCodecPair();
    const done = server.serveCodec(pair.server);
    send(pair, 'Arith.Div', 0, { A: 1, B: 0 });
    expect((await response(pair)).header.error).toBe('divide by zero');
    send(pair, 'Arith.Boom', 1, { A: 1, B: 0 });
    expect((await response(pair)).header.error).toBe('not an Error object');
    send(pair, 'Arith.Bad', 2, { A: 1, B: 0 });
    const bad = await response(pair);
    expect(bad.header.error).toBe('rpc: cannot encode reply: gob: bad reply');
    expect(bad.body).toBe(ERROR_BODY);
    send(pair, 'Arith.Add', 3, { A: 1, B: 2 });
    expect((await response(pair)).body).toEqual({ C: 3 });
    pair.requests.end();
    await done;
  });

  it('answers a body that fails to decode with its error and keeps the connection', async () => {
    const server = new Server();
    server.register(arith());
    const pair = fakeCodecPair();
    const done = server.serveCodec(pair.server);
    send(pair, 'Arith.Add', 0, new Undecodable('gob: type mismatch in decoder: want struct type main.Args; got non-struct'));
    const r = await response(pair);
    expect(r.header.error).toBe('gob: type mismatch in decoder: want struct type main.Args; got non-struct');
    send(pair, 'Arith.Add', 1, { A: 1, B: 2 });
    expect((await response(pair)).body).toEqual({ C: 3 });
    pair.requests.end();
    await done;
  });

  it('closes the connection without a response when a header fails to decode', async () => {
    const server = new Server();
    server.register(arith());
    const pair = fakeCodecPair();
    const done = server.serveCodec(pair.server);
    pair.requests.push({ header: BAD_HEADER, body: undefined });
    await done;
    expect(pair.server.closed).toBe(true);
    expect(pair.responses.log).toHaveLength(0);
  });

  it('replies in completion order and bounds concurrency per connection', async () => {
    const gates = new Map<number, () => void>();
    let running = 0;
    let maxRunning = 0;
    const svc = defineService('S', {
      Wait: method({
        args: gob.int,
        reply: gob.int,
        handler: async (n) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise<void>((r) => gates.set(n, r));
          running--;
          return n * 10;
        },
      }),
    });
    const server = new Server({ maxConcurrentCallsPerConn: 2 });
    server.register(svc);
    const pair = fakeCodecPair();
    const done = server.serveCodec(pair.server);
    for (let i = 0; i < 4; i++) send(pair, 'S.Wait', i, i);
    await new Promise((r) => setTimeout(r, 10));
    expect([...gates.keys()]).toEqual([0, 1]); // requests 2 and 3 not read yet
    gates.get(1)?.();
    const r1 = await response(pair);
    expect(r1.header.seq).toBe(1);
    expect(r1.body).toBe(10);
    await new Promise((r) => setTimeout(r, 5));
    expect([...gates.keys()]).toEqual([0, 1, 2]);
    gates.get(2)?.();
    expect((await response(pair)).header.seq).toBe(2);
    await new Promise((r) => setTimeout(r, 5));
    expect([...gates.keys()]).toEqual([0, 1, 2, 3]);
    gates.get(3)?.();
    expect((await response(pair)).header.seq).toBe(3);
    gates.get(0)?.();
    expect((await response(pair)).header.seq).toBe(0);
    expect(maxRunning).toBe(2);
    pair.requests.end();
    await done;
  });

  it('aborts the handler signal when the connection closes', async () => {
    let seen: AbortSignal | undefined;
    const svc = defineService('S', {
      Hang: method({
        args: gob.int,
        reply: gob.int,
        handler: (_n, ctx) =>
          new Promise<number>((_r, reject) => {
            seen = ctx.signal;
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      }),
    });
    const server = new Server();
    server.register(svc);
    const pair = fakeCodecPair();
    const done = server.serveCodec(pair.server);
    send(pair, 'S.Hang', 0, 1);
    await new Promise((r) => setTimeout(r, 5));
    pair.drop();
    await done;
    expect(seen?.aborted).toBe(true);
  });

  it('rejects invalid registrations with Go messages', () => {
    const server = new Server();
    server.register(arith());
    expect(() => server.register(arith())).toThrow(new RpcError('DUPLICATE_SERVICE', 'rpc: service already defined: Arith'));
    expect(() => server.register(arith(), '')).toThrow(RpcError);
    expect(() => defineService('X', {}, {})).toThrow('rpc.Register: type X has no exported methods of suitable type');
    expect(() => defineService('X', { 'a.b': { args: gob.int, reply: gob.int } }, { 'a.b': () => 1 })).toThrow(RpcError);
    expect(() => new Server({ maxConcurrentCallsPerConn: 0 })).toThrow(RpcError);
    expect(server.serviceNames).toEqual(['Arith']);
  });
});
