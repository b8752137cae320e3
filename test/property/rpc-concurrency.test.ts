/**
 * Property tests of the rpc layer (fast-check):
 * - interleaved concurrent calls, finishing in random order on a TS server over an in-memory
 *   duplex with the gob codec, each resolve to their own reply;
 * - close() rejects exactly the calls still pending (SHUTDOWN) and leaves answered ones alone;
 * - replies split into arbitrary chunks (1-byte pieces, several messages per chunk) decode the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { Client } from '../../src/rpc/client.js';
import { createClient } from '../../src/rpc/connect.js';
import { RpcError } from '../../src/rpc/errors.js';
import { GobClientCodec, ResponseType } from '../../src/rpc/gob-codec.js';
import { Server } from '../../src/rpc/server.js';
import { defineService } from '../../src/rpc/service.js';
import { duplexPair } from '../../src/testing/index.js';

const Item = gob.struct('Item', { Id: gob.int, Text: gob.string, Vals: gob.slice(gob.int), Delay: gob.int });

function echoServer(gates?: Map<number, () => void>): Server {
  const server = new Server();
  server.register(
    defineService(
      'Echo',
      { Item: { args: Item, reply: Item }, Gate: { args: gob.int, reply: gob.int } },
      {
        Item: async (it) => {
          if (it.Delay > 0) await new Promise((r) => setTimeout(r, it.Delay));
          else if (it.Delay === 0) await Promise.resolve();
          return it;
        },
        Gate: (n) => new Promise<number>((resolve) => gates?.set(n, () => resolve(n * 2))),
      },
    ),
  );
  return server;
}

const itemArb = fc.record({
  Id: fc.integer({ min: -1e9, max: 1e9 }),
  Text: fc.string({ maxLength: 40 }),
  Vals: fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 8 }),
  Delay: fc.integer({ min: -1, max: 4 }),
});

describe('rpc properties', () => {
  it('interleaved concurrent calls resolve to their own replies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(itemArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (items, limit) => {
        const [a, b] = duplexPair(256);
        const server = echoServer();
        const served = server.serveConn(b);
        const client = createClient(a);
        const echo = (it: (typeof items)[number]) => client.call('Echo.Item', it, Item, Item);
        // Issue calls in bursts of `limit`, without waiting for earlier bursts.
        const all: Promise<unknown>[] = [];
        for (let i = 0; i < items.length; i += limit) {
          for (const it of items.slice(i, i + limit)) all.push(echo(it));
          await Promise.resolve();
        }
        const got = await Promise.all(all);
        expect(got).toEqual(items);
        await client.close();
        await served;
      }),
      { numRuns: 30 },
    );
  });

  it('close() rejects exactly the pending calls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), async (answer) => {
        const [a, b] = duplexPair();
        const gates = new Map<number, () => void>();
        const server = echoServer(gates);
        const served = server.serveConn(b);
        const client = createClient(a);
        const calls = answer.map((_, i) =>
          client.call('Echo.Gate', i, gob.int, gob.int).then(
            (v) => ({ ok: v }),
            (e: unknown) => ({ err: e }),
          ),
        );
        while (gates.size < answer.length) await new Promise((r) => setTimeout(r, 1));
        const answered = answer.flatMap((yes, i) => (yes ? [i] : []));
        for (const i of answered) gates.get(i)?.();
        await Promise.all(answered.map((i) => calls[i]));
        expect(client.pendingCalls).toBe(answer.length - answered.length);
        await client.close();
        const results = await Promise.all(calls);
        results.forEach((r, i) => {
          if (answer[i]) expect(r).toEqual({ ok: i * 2 });
          else {
            expect((r as { err: unknown }).err).toBeInstanceOf(RpcError);
            expect(((r as { err: RpcError }).err).code).toBe('SHUTDOWN');
          }
        });
        expect(client.pendingCalls).toBe(0);
        for (const g of gates.values()) g();
        await served;
      }),
      { numRuns: 30 },
    );
  });

  it('replies in any chunking and any order decode to the right calls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { minLength: 1, maxLength: 12 }).chain((items) =>
          fc.tuple(fc.constant(items), fc.shuffledSubarray(items.map((_, i) => i), { minLength: items.length }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 })),
        ),
        async ([items, order, cuts]) => {
          const [a, b] = duplexPair();
          const client = new Client(new GobClientCodec(a));
          const calls = items.map((it) => client.call('Echo.Item', it, Item, Item));
          // The peer: a Go-like server encoder producing replies in `order`.
          const enc = new gob.Encoder();
          const parts: Uint8Array[] = [];
          for (const seq of order) {
            parts.push(enc.encode({ ServiceMethod: 'Echo.Item', Seq: seq, Error: '' }, ResponseType));
            parts.push(enc.encode(items[seq] as (typeof items)[number], Item));
          }
          const bytes = Buffer.concat(parts);
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] as number;
            b.write(bytes.subarray(at, at + n));
            at += n;
          }
          expect(await Promise.all(calls)).toEqual(items);
          await client.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
