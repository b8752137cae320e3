/**
 * Property: however the byte stream is split or coalesced on the way (1-byte chunks, splits
 * inside headers and payloads, several frames per chunk), every stream delivers the same bytes
 * in order, in both directions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAll } from '../helpers/yamux-peers.js';
import { joinSessions } from './yamux-middlebox.js';

const chunkSizes = fc.oneof(
  fc.constant<number[]>([1]),
  fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
  fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 20 }),
);

const streamWrites = fc.array(fc.array(fc.uint8Array({ minLength: 0, maxLength: 70_000 }), { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 4 });

describe('yamux chunking property', () => {
  it('delivers the same data in order for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(chunkSizes, chunkSizes, streamWrites, async (c2s, s2c, streams) => {
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
      { numRuns: 25 },
    );
  });
});
