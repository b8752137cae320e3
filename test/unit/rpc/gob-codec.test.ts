/**
 * The gob codec byte for byte: the verified Go 1.19 net/rpc session of the reference
 * (gob-netrpc.md §5.3) must be exactly what our client and server write with fresh encoders
 * (with `firstTypeId: 65`, as Go ≤ 1.20 numbered types; Go ≥ 1.21 starts at 64, which
 * test/conformance/rpc-bytes.test.ts checks against the live Go peer), and what they
 * understand when the Go side's bytes are fed to them.
 */
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { fromHex, hexPreview } from '../../../src/internal/bytes.js';
import { RpcError } from '../../../src/rpc/errors.js';
import { createClient } from '../../../src/rpc/connect.js';
import { Server } from '../../../src/rpc/server.js';
import { defineService } from '../../../src/rpc/service.js';
import { duplexPair } from '../../../src/testing/index.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });
const Quotient = gob.struct('Quotient', { Quo: gob.int, Rem: gob.int });

const hex = (s: string): Uint8Array => fromHex(s);
/** Go ≤ 1.20 numbered user types from 65 (the reference session was captured with Go 1.19). */
const GO119 = { firstTypeId: 65 } as const;
const REQ_DEF =
  '2f ff 81 03 01 01 07 52 65 71 75 65 73 74 01 ff 82 00 01 02 01 0d 53 65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 00 00';
const MULTIPLY_REQ = '13 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 00';
const ARGS_DEF = '1e ff 83 03 01 01 04 41 72 67 73 01 ff 84 00 01 02 01 01 41 01 04 00 01 01 42 01 04 00 00 00';
const ARGS_7_8 = '07 ff 84 01 0e 01 10 00';
const RESP_DEF =
  '3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53 65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01 05 45 72 72 6f 72 01 0c 00 00 00';
const MULTIPLY_RESP = '13 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 00';
const INT_56 = '03 04 00 70';
const DIVIDE_REQ = '13 ff 82 01 0c 41 72 69 74 68 2e 44 69 76 69 64 65 01 01 00';
const ARGS_7_0 = '05 ff 84 01 0e 00';
const DIVIDE_ERR_RESP =
  '23 ff 82 01 0c 41 72 69 74 68 2e 44 69 76 69 64 65 01 01 01 0e 64 69 76 69 64 65 20 62 79 20 7a 65 72 6f 00';
const EMPTY_STRUCT_DEF = '0a ff 83 03 01 02 ff 84 00 00 00';
const EMPTY_STRUCT = '03 ff 84 00';

/** Collects bytes arriving on `side` and waits until `n` bytes are there. */
function collector(side: Duplex) {
  const chunks: Buffer[] = [];
  let waiter: (() => void) | undefined;
  side.on('data', (c: Buffer) => {
    chunks.push(c);
    waiter?.();
  });
  return async (n: number): Promise<string> => {
    while (Buffer.concat(chunks).length < n) await new Promise<void>((r) => (waiter = r));
    const all = Buffer.concat(chunks);
    chunks.length = 0;
    if (all.length > n) chunks.push(all.subarray(n));
    return hexPreview(all.subarray(0, n), 1 << 20);
  };
}

const norm = (...parts: string[]): string => parts.join(' ').replace(/\s+/g, ' ').trim();
const len = (...parts: string[]): number => hex(parts.join(' ')).length;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

describe('gob codec: the verified Go net/rpc session (reference §5.3)', () => {
  it('our client writes exactly what Go’s client writes, and reads Go’s replies', async () => {
    const [ours, peer] = duplexPair();
    cleanup.push(() => ours.destroy());
    const take = collector(peer);
    const client = createClient(ours, GO119);

    const p1 = client.call('Arith.Multiply', { A: 7, B: 8 }, Args, gob.int);
    expect(await take(len(REQ_DEF, MULTIPLY_REQ, ARGS_DEF, ARGS_7_8))).toBe(norm(REQ_DEF, MULTIPLY_REQ, ARGS_DEF, ARGS_7_8));
    peer.write(hex(norm(RESP_DEF, MULTIPLY_RESP, INT_56)));
    expect(await p1).toBe(56);

    const p2 = client.call('Arith.Divide', { A: 7, B: 0 }, Args, Quotient);
    expect(await take(len(DIVIDE_REQ, ARGS_7_0))).toBe(norm(DIVIDE_REQ, ARGS_7_0));
    // Fed one byte at a time: chunking must not matter.
    for (const b of hex(norm(DIVIDE_ERR_RESP, EMPTY_STRUCT_DEF, EMPTY_STRUCT))) peer.write(Uint8Array.of(b));
    const err = await p2.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe('SERVER_ERROR');
    expect((err as RpcError).message).toBe('divide by zero');
    await client.close();
  });

  it('our server answers Go’s requests with exactly Go’s bytes', async () => {
    const [ours, peer] = duplexPair();
    cleanup.push(() => ours.destroy());
    const take = collector(peer);
    const server = new Server();
    server.register(
      defineService(
        'Arith',
        { Multiply: { args: Args, reply: gob.int }, Divide: { args: Args, reply: Quotient } },
        {
          Multiply: (a) => a.A * a.B,
          Divide: (a) => {
            if (a.B === 0) throw new Error('divide by zero');
            return { Quo: Math.trunc(a.A / a.B), Rem: a.A % a.B };
          },
        },
      ),
    );
    const done = server.serveConn(ours, GO119);
    peer.write(hex(norm(REQ_DEF, MULTIPLY_REQ, ARGS_DEF, ARGS_7_8)));
    expect(await take(len(RESP_DEF, MULTIPLY_RESP, INT_56))).toBe(norm(RESP_DEF, MULTIPLY_RESP, INT_56));
    peer.write(hex(norm(DIVIDE_REQ, ARGS_7_0)));
    expect(await take(len(DIVIDE_ERR_RESP, EMPTY_STRUCT_DEF, EMPTY_STRUCT))).toBe(norm(DIVIDE_ERR_RESP, EMPTY_STRUCT_DEF, EMPTY_STRUCT));
    // Unknown service: Go answers with the error and the (already defined) empty struct body.
    const fooBar = gob.struct('Request', { ServiceMethod: gob.string, Seq: gob.uint64 });
    const enc = new gob.Encoder(GO119);
    enc.encode({ ServiceMethod: 'Arith.Multiply', Seq: 0 }, fooBar); // consume ids like the session did
    enc.encode({ A: 7, B: 8 }, Args);
    peer.write(enc.encode({ ServiceMethod: 'Foo.Bar', Seq: 2 }, fooBar).subarray(0));
    peer.write(enc.encode({ A: 1, B: 2 }, Args));
    const dec = new gob.Decoder();
    dec.push(hex(norm(RESP_DEF, MULTIPLY_RESP, INT_56, DIVIDE_ERR_RESP, EMPTY_STRUCT_DEF, EMPTY_STRUCT)));
    const RespT = gob.struct('Response', { ServiceMethod: gob.string, Seq: gob.uint64, Error: gob.string });
    dec.decode(RespT);
    dec.decode(gob.int);
    dec.decode(RespT);
    dec.skip();
    const head = await take(len(DIVIDE_ERR_RESP) - 'Arith.Divide'.length + 'Foo.Bar'.length - 'divide by zero'.length + "rpc: can't find service Foo.Bar".length);
    dec.push(hex(head));
    expect(dec.decode(RespT)).toEqual({ ServiceMethod: 'Foo.Bar', Seq: 2, Error: "rpc: can't find service Foo.Bar" });
    expect(await take(len(EMPTY_STRUCT))).toBe(norm(EMPTY_STRUCT));
    peer.end();
    await done;
  });

  it('a body that fails to encode writes nothing and keeps the stream in sync (no Go desync bug)', async () => {
    const [ours, peer] = duplexPair();
    cleanup.push(() => ours.destroy());
    const take = collector(peer);
    const client = createClient(ours, GO119);
    // First call fails while encoding its body: the Request definition must still reach the
    // peer, with the next request, and nothing else of the failed call.
    const bad = await client.call('Arith.Multiply', { A: 7, B: 2 ** 60 } as never, Args, gob.int).catch((e: unknown) => e);
    expect((bad as RpcError).code).toBe('ENCODE_FAILED');
    const p = client.call('Arith.Multiply', { A: 7, B: 8 }, Args, gob.int);
    const got = await take(len(REQ_DEF, '15 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 01 01 00', ARGS_DEF, ARGS_7_8));
    expect(got).toBe(norm(REQ_DEF, '15 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 01 01 00', ARGS_DEF, ARGS_7_8));
    peer.write(hex(norm(RESP_DEF, '15 ff 82 01 0e 41 72 69 74 68 2e 4d 75 6c 74 69 70 6c 79 01 01 00', INT_56)));
    expect(await p).toBe(56);
    await client.close();
  });

  it('an abandoned call’s late reply is discarded but its type definitions are kept (gob Decode(nil))', async () => {
    const [ours, theirs] = duplexPair();
    cleanup.push(() => ours.destroy());
    const server = new Server();
    const Point = gob.struct('Point', { X: gob.int, Y: gob.int });
    server.register(
      defineService('Geo', { Slow: { args: gob.int, reply: Point } }, {
        Slow: async (ms) => {
          await new Promise((r) => setTimeout(r, ms));
          return { X: ms, Y: -ms };
        },
      }),
    );
    const served = server.serveConn(theirs);
    const client = createClient(ours, GO119);
    // The first reply carries Point's definition; the call has timed out by then.
    const late = await client.call('Geo.Slow', 60, gob.int, Point, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect((late as RpcError).code).toBe('TIMEOUT');
    await new Promise((r) => setTimeout(r, 80));
    // The next reply of the same type has no definition of its own: it decodes only if the
    // discarded one's definition was recorded.
    expect(await client.call('Geo.Slow', 1, gob.int, Point)).toEqual({ X: 1, Y: -1 });
    await client.close();
    await served;
  });
});

describe('gob codec argument check', () => {
  it.each([undefined, null, {}, 'socket'])('createClient / serveConn reject %j with RpcError INVALID_ARGUMENT', (bad) => {
    for (const make of [() => createClient(bad as never), () => new Server().serveConn(bad as never)]) {
      let err: unknown;
      try {
        make();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
