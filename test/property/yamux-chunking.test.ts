/**
 * Property: however the byte stream is split or coalesced on the way (1-byte chunks, splits
 * inside headers and payloads, several frames per chunk), every stream delivers the same bytes
 * in order, in both directions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pattern, readAll } from '../helpers/yamux-peers.js';
import { joinSessions } from './yamux-middlebox.js';

const tinyChunks = fc.oneof(fc.constant<number[]>([1]), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }));
const largeChunks = fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 20 });

/** Up to 3 streams × 5 writes of pattern bytes, lengths drawn uniformly up to `maxLen`. */
function streamWrites(maxLen: number): fc.Arbitrary<Buffer[][]> {
  const write = fc.record({ len: fc.integer({ min: 0, max: maxLen }), seed: fc.nat(250) }).map(({ len, seed }) => pattern(len, seed));
  return fc.array(fc.array(write, { minLength: 0, maxLength: 5, size: 'max' }), { minLength: 1, maxLength: 3, size: 'max' });
}

// Tiny chunks (headers split at every byte) with modest data; mixed directions with enough data
// for window updates (128 KiB consumed) to be split too; large chunks (many frames per chunk)
// with large frames.
const scenario = fc.oneof(
  fc.tuple(tinyChunks, tinyChunks, streamWrites(8_000)),
  fc.tuple(tinyChunks, largeChunks, streamWrites(30_000)),
  fc.tuple(largeChunks, tinyChunks, streamWrites(30_000)),
  fc.tuple(largeChunks, largeChunks, streamWrites(40_000)),
);

describe('yamux chunking property', () => {
  it('delivers the same data in order for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([c2s, s2c, streams]) => {
        const j = joinSessions(c2s, s2c);
        void (async () => {
          for await (const s of j.server) s.pipe(s);
        })();
        const results = await Promise.all(
          streams.map(async (writes) => {
            const s = await j.client.open();
            const echoed = readAll(s);
            for (const w of writes) s.write(w);
            s.end();
            return { sent: Buffer.concat(writes), got: await echoed };
          }),
        );
        for (const r of results) expect(r.got.equals(r.sent)).toBe(true);
        expect(j.client.isClosed).toBe(false);
        expect(j.server.isClosed).toBe(false);
        await j.client.close();
      }),
      { numRuns: 20 },
    );
  });
});
