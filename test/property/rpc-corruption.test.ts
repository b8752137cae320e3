/**
 * Property: malformed input never crashes the rpc layer. Random or mutated bytes sent to a TS
 * server end its connection (or get error replies) and `serveConn` resolves; random bytes sent
 * to a TS client make its calls reject with RpcError only. Uncaught exceptions or unhandled
 * rejections would fail the run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { createClient } from '../../src/rpc/connect.js';
import { RpcError } from '../../src/rpc/errors.js';
import { RequestType } from '../../src/rpc/gob-codec.js';
import { Server } from '../../src/rpc/server.js';
import { defineService } from '../../src/rpc/service.js';
import { duplexPair } from '../../src/testing/index.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });

/** A valid request stream, to be mutated. */
function validRequests(): Uint8Array {
  const enc = new gob.Encoder();
  const parts: Uint8Array[] = [];
  for (let seq = 0; seq < 3; seq++) {
    parts.push(enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode({ A: seq, B: 2 }, Args));
  }
  return Buffer.concat(parts);
}

const mutated = fc
  .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
  .map((edits) => {
    const b = Uint8Array.from(validRequests());
    for (const [at, v] of edits) b[at % b.length] = v;
    return b;
  });

describe('rpc on malformed input', () => {
  it('a server survives random and mutated request bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), async (bytes) => {
        const server = new Server();
        server.register(defineService('Arith', { Add: { args: Args, reply: gob.int } }, { Add: (a) => a.A + a.B }));
        const [a, b] = duplexPair();
        a.on('data', () => undefined);
        a.on('error', () => undefined);
        const served = server.serveConn(b);
        a.end(bytes);
        await served; // resolves: the connection ends, whatever the bytes were
        a.destroy();
      }),
      { numRuns: 150 },
    );
  });

  it('a client rejects its calls with RpcError on random reply bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        const [a, b] = duplexPair();
        b.on('data', () => undefined);
        b.on('error', () => undefined);
        const client = createClient(a);
        const calls = [0, 1, 2].map((i) =>
          client.call('Arith.Add', { A: i, B: i }, Args, gob.int).then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
        b.end(bytes);
        for (const r of await Promise.all(calls)) {
          // Random bytes may happen to decode as a reply; otherwise the failure is an RpcError.
          if (r !== undefined) expect(r).toBeInstanceOf(RpcError);
        }
        await client.close();
      }),
      { numRuns: 150 },
    );
  });
});
