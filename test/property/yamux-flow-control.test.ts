/**
 * Property: with a reader that consumes slowly and irregularly, the sender never puts more Data
 * bytes on the wire than the receiver's advertised window (initial 256 KiB plus WindowUpdate
 * deltas), the receiver never buffers more than one window, and every byte arrives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinSessions, type WireFrame } from './yamux-middlebox.js';

const KiB = 1024;

describe('yamux flow-control property', () => {
  it('a slow reader never lets the sender exceed the advertised window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1200 * KiB }),
        fc.constantFrom(256 * KiB, 512 * KiB),
        fc.array(fc.integer({ min: 4 * KiB, max: 96 * KiB }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 6 }),
        async (total, window, readSizes, delays, chunking) => {
          const j = joinSessions(chunking, chunking, { maxStreamWindowSize: window });
          const credit = new Map<string, number>();
          let violation: string | undefined;
          j.onFrame = (f: WireFrame) => {
            if (f.streamId === 0) return;
            // credit of the direction opposite to the one granting it
            const sendDir = f.type === 0 ? f.dir : f.dir === 'c2s' ? 's2c' : 'c2s';
            const key = `${sendDir}:${f.streamId}`;
            const c = credit.get(key) ?? 256 * KiB;
            const next = f.type === 0 ? c - f.length : f.type === 1 ? c + f.length : c;
            if (next < 0) violation ??= `${key}: sent ${f.length} with ${c} credit`;
            credit.set(key, next);
          };
          const data = Buffer.alloc(total);
          for (let i = 0; i < total; i++) data[i] = (i * 13) & 0xff;
          const accepted = j.server.accept();
          const out = await j.client.open();
          out.end(data);
          const s = await accepted;
          let maxBuffered = 0;
          const parts: Buffer[] = [];
          let k = 0;
          await new Promise<void>((resolve, reject) => {
            s.on('error', reject);
            s.on('end', resolve);
            const step = (): void => {
              maxBuffered = Math.max(maxBuffered, s.readableLength);
              const c = s.read(Math.min(readSizes[k % readSizes.length] as number, Math.max(1, s.readableLength))) as Buffer | null;
              if (c !== null) parts.push(c);
              const d = delays[k++ % delays.length] as number;
              if (!s.readableEnded) setTimeout(step, d);
            };
            s.once('readable', step);
          });
          expect(violation).toBeUndefined();
          expect(maxBuffered).toBeLessThanOrEqual(window);
          expect(Buffer.concat(parts).equals(data)).toBe(true);
          expect(j.server.isClosed).toBe(false);
          await j.client.close();
        },
      ),
      { numRuns: 15, timeout: 60_000 },
    );
  });
});
