/**
 * The malformed-input properties every net/rpc codec must hold, whatever its wire format
 * (rpc-corruption.test.ts: gob; msgpack-rpc-corruption.test.ts: msgpack): random or mutated
 * request bytes sent to a TS server end its connection (or get error replies) and serving
 * resolves; random reply bytes sent to a TS client make its calls reject with RpcError only.
 * Uncaught exceptions or unhandled rejections would fail the run.
 */
import type { Duplex } from 'node:stream';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { RpcError } from '../../src/rpc/errors.js';
import { duplexPair } from '../../src/testing/index.js';

/** One codec under test: its server, its client, and a valid request stream to mutate. */
export interface CorruptionTarget<C> {
  /** A valid stream of requests (three `Arith.Add` calls), to be mutated. */
  readonly validRequests: () => Uint8Array;
  /** Serves `Arith` on the connection; resolves when the connection has ended. */
  readonly serve: (conn: Duplex) => Promise<unknown>;
  /** A client on the connection. */
  readonly client: (conn: Duplex) => C;
  /** Calls `Arith.Add` with `{A: i, B: i}`. */
  readonly call: (client: C, i: number) => Promise<unknown>;
  readonly close: (client: C) => Promise<void>;
}

/** Random bytes, or a valid request stream with up to six bytes overwritten. */
function requestBytes(validRequests: () => Uint8Array): fc.Arbitrary<Uint8Array> {
  const mutated = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
    const b = Uint8Array.from(validRequests());
    for (const [at, v] of edits) b[at % b.length] = v;
    return b;
  });
  return fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated);
}

/** A server survives random and mutated request bytes: serving resolves whatever the bytes were. */
async function serverSurvivesCorruption<C>(target: CorruptionTarget<C>, numRuns = 150): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requestBytes(target.validRequests), async (bytes) => {
      const [a, b] = duplexPair();
      a.on('data', () => undefined);
      a.on('error', () => undefined);
      const served = target.serve(b);
      a.end(bytes);
      await served;
      a.destroy();
    }),
    { numRuns },
  );
}

/** A client's calls settle, rejecting only with RpcError, on random reply bytes. */
async function clientRejectsCorruption<C>(target: CorruptionTarget<C>, numRuns = 150): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
      const [a, b] = duplexPair();
      b.on('data', () => undefined);
      b.on('error', () => undefined);
      const client = target.client(a);
      const calls = [0, 1, 2].map((i) =>
        target.call(client, i).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      b.end(bytes);
      for (const r of await Promise.all(calls)) {
        // Random bytes may happen to decode as a reply; otherwise the failure is an RpcError.
        if (r !== undefined) expect(r).toBeInstanceOf(RpcError);
      }
      await target.close(client);
    }),
    { numRuns },
  );
}

/** Registers both properties, for `target`, in the calling `describe`. */
export function itSurvivesMalformedInput<C>(target: CorruptionTarget<C>): void {
  it('a server survives random and mutated request bytes', async () => {
    await serverSurvivesCorruption(target);
  });

  it('a client rejects its calls with RpcError on random reply bytes', async () => {
    await clientRejectsCorruption(target);
  });
}
