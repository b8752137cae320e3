/**
 * Property: the gob codec's header + body pairs (gob's MessagePairEncoder, definitions sent
 * apart from the first header's value) write exactly the bytes a plain gob Encoder writes for
 * rpc.Request / rpc.Response, for any ServiceMethod, Seq (up to 2^64-1) and Error text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { GobClientCodec, GobServerCodec, RequestType, ResponseType } from '../../src/rpc/gob-codec.js';
import { duplexPair } from '../../src/testing/index.js';

const seqArb = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }), fc.constant(0));
const textArb = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constant(''), fc.string({ minLength: 200, maxLength: 300 }));

function captured(side: ReturnType<typeof duplexPair>[1]): () => Promise<Buffer> {
  const chunks: Buffer[] = [];
  side.on('data', (c: Buffer) => chunks.push(c));
  return async () => {
    await new Promise((r) => setImmediate(r));
    return Buffer.concat(chunks);
  };
}

describe('gob codec header encoding', () => {
  it('client requests: direct encoding equals gob Encoder output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(textArb, seqArb), { minLength: 2, maxLength: 6 }), async (reqs) => {
        const [a, b] = duplexPair();
        const take = captured(b);
        const codec = new GobClientCodec(a);
        const enc = new gob.Encoder();
        const want: Uint8Array[] = [];
        for (const [sm, seq] of reqs) {
          codec.writeRequest({ serviceMethod: sm, seq }, seq === 0 ? 0 : 1, gob.int);
          want.push(enc.encode({ ServiceMethod: sm, Seq: seq }, RequestType), enc.encode(seq === 0 ? 0 : 1, gob.int));
        }
        expect((await take()).equals(Buffer.concat(want))).toBe(true);
        a.destroy();
      }),
      { numRuns: 100 },
    );
  });

  it('server responses: direct encoding equals gob Encoder output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(textArb, seqArb, textArb), { minLength: 2, maxLength: 6 }), async (resps) => {
        const [a, b] = duplexPair();
        const take = captured(b);
        const codec = new GobServerCodec(a);
        const enc = new gob.Encoder();
        const want: Uint8Array[] = [];
        for (const [sm, seq, error] of resps) {
          codec.writeResponse({ serviceMethod: sm, seq, error }, {}, gob.emptyStruct);
          want.push(enc.encode({ ServiceMethod: sm, Seq: seq, Error: error }, ResponseType), enc.encode({}, gob.emptyStruct));
        }
        expect((await take()).equals(Buffer.concat(want))).toBe(true);
        a.destroy();
      }),
      { numRuns: 100 },
    );
  });
});
