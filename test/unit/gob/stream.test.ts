/** decodeStream: async iteration over a Readable, any chunking, truncation and source errors. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';

const AB = gob.struct('AB', { A: gob.int, B: gob.string });

function streamOf(bytes: Uint8Array, chunk: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(Buffer.from(bytes.subarray(i, i + chunk)));
  return Readable.from(parts);
}

describe('decodeStream', () => {
  const enc = new gob.Encoder();
  const bytes = Buffer.concat([enc.encode({ A: 1, B: 'x' }, AB), enc.encode({ A: 2, B: 'y' }, AB), enc.encode({ A: 3, B: '' }, AB)]);
  it('typed, over 1-byte and 5-byte chunks', async () => {
    for (const size of [1, 5, 1000]) {
      const got: unknown[] = [];
      for await (const v of gob.decodeStream(streamOf(bytes, size), AB)) got.push(v);
      expect(got).toEqual([
        { A: 1, B: 'x' },
        { A: 2, B: 'y' },
        { A: 3, B: '' },
      ]);
    }
  });
  it('schemaless yields GobValues', async () => {
    const got: gob.GobValue[] = [];
    for await (const v of gob.decodeStream(streamOf(bytes, 7))) got.push(v);
    expect(got.map((v) => ({ ...(v.value as object) }))).toEqual([{ A: 1, B: 'x' }, { A: 2, B: 'y' }, { A: 3 }]);
  });
  it('truncated input ends with UNEXPECTED_EOF; a failing source becomes a GobError', async () => {
    await expect(async () => {
      for await (const _ of gob.decodeStream(streamOf(bytes.subarray(0, bytes.length - 2), 4), AB)) void _;
    }).rejects.toMatchObject({ code: 'UNEXPECTED_EOF' });
    const failing = new Readable({
      read() {
        this.destroy(new Error('boom'));
      },
    });
    await expect(async () => {
      for await (const _ of gob.decodeStream(failing, AB)) void _;
    }).rejects.toBeInstanceOf(gob.GobError);
  });
});
