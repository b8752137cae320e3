/**
 * Property: arbitrary or corrupted input never crashes a session, throws, or allocates from an
 * unchecked length: the session either stays usable or closes with a YamuxError, and every
 * pending operation settles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplexPair } from 'go-netrpc/testing';
import { createClient, createServer, encodeHeader, YamuxError, type YamuxStream } from 'go-netrpc/yamux';

const frame = fc.record({
  type: fc.integer({ min: 0, max: 4 }),
  flags: fc.integer({ min: 0, max: 15 }),
  id: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(0xffff_ffff)),
  payload: fc.uint8Array({ maxLength: 300 }),
  length: fc.option(fc.integer({ min: 0, max: 0xffff_ffff }), { nil: undefined }),
});

function bytesOf(f: { type: number; flags: number; id: number; payload: Uint8Array; length: number | undefined }): Buffer {
  if (f.type === 0) return Buffer.concat([encodeHeader(0, f.flags, f.id, f.payload.length), f.payload]);
  return encodeHeader(f.type, f.flags, f.id, f.length ?? 0);
}

describe('yamux corruption property', () => {
  it('any frames, flipped bytes and chunkings leave the session usable or closed with a YamuxError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('client', 'server'),
        fc.array(frame, { maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.integer({ min: 1, max: 50 }),
        async (role, frames, flips, chunk) => {
          const [a, b] = duplexPair();
          const session = role === 'client' ? createClient(a, { enableKeepAlive: false }) : createServer(a, { enableKeepAlive: false });
          const accepted: Promise<unknown>[] = [];
          void (async () => {
            for await (const s of session) {
              s.on('error', () => undefined);
              accepted.push(new Promise((r) => s.once('close', r)));
              s.resume();
            }
          })();
          b.on('data', () => undefined);
          b.on('error', () => undefined);
          const bytes = Buffer.concat(frames.map(bytesOf));
          for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
          for (let i = 0; i < bytes.length; i += chunk) b.write(bytes.subarray(i, i + chunk));
          await new Promise((r) => setTimeout(r, 5));
          if (session.isClosed) {
            const reason = await session.closed;
            expect(reason).toBeInstanceOf(YamuxError);
          } else {
            // still usable: opening a stream works, unless the input held a GoAway(normal)
            const s = await session.open().catch((e: unknown) => e);
            if (s instanceof YamuxError) expect(s.code).toBe('REMOTE_GO_AWAY');
            else {
              (s as YamuxStream).on('error', () => undefined);
              expect((s as YamuxStream).id % 2).toBe(role === 'client' ? 1 : 0);
            }
          }
          await session.close();
          expect(session.isClosed).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
