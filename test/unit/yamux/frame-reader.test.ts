import { describe, expect, it } from 'vitest';
import { encodeHeader } from 'go-netrpc/yamux';
import { FrameReader } from '../../../src/yamux/frame-reader.js';

interface Got {
  headers: number[][];
  payloads: Buffer[];
  pieces: Buffer[];
}

function collect(): { reader: FrameReader; got: Got } {
  const got: Got = { headers: [], payloads: [], pieces: [] };
  let cur: Buffer[] = [];
  const reader = new FrameReader({
    onHeader(v, t, f, id, len) {
      got.headers.push([v, t, f, id, len]);
      return t === 0 ? len : 0;
    },
    onPayload(piece, last) {
      got.pieces.push(piece);
      cur.push(piece);
      if (last) {
        got.payloads.push(Buffer.concat(cur));
        cur = [];
      }
    },
  });
  return { reader, got };
}

const stream = Buffer.concat([
  encodeHeader(1, 1, 1, 0),
  encodeHeader(0, 0, 1, 5),
  Buffer.from('hello'),
  encodeHeader(2, 1, 0, 77),
  encodeHeader(0, 4, 1, 3),
  Buffer.from('abc'),
]);

describe('FrameReader', () => {
  it('parses several frames in one chunk', () => {
    const { reader, got } = collect();
    reader.push(stream);
    expect(got.headers).toEqual([[0, 1, 1, 1, 0], [0, 0, 0, 1, 5], [0, 2, 1, 0, 77], [0, 0, 4, 1, 3]]);
    expect(got.payloads.map(String)).toEqual(['hello', 'abc']);
  });

  it('gives the same result for every split point and for 1-byte chunks', () => {
    for (let i = 1; i < stream.length; i++) {
      const { reader, got } = collect();
      reader.push(stream.subarray(0, i));
      reader.push(stream.subarray(i));
      expect(got.payloads.map(String)).toEqual(['hello', 'abc']);
      expect(got.headers.length).toBe(4);
    }
    const { reader, got } = collect();
    for (let i = 0; i < stream.length; i++) reader.push(stream.subarray(i, i + 1));
    expect(got.payloads.map(String)).toEqual(['hello', 'abc']);
  });

  it('passes payloads as views of the received chunk (no copy)', () => {
    const { reader, got } = collect();
    reader.push(stream);
    expect(got.pieces[0]?.buffer).toBe(stream.buffer);
  });

  it('reports midFrame and stops on stop()', () => {
    const { reader, got } = collect();
    reader.push(stream.subarray(0, 20));
    expect(reader.midFrame).toBe(true);
    expect(got.headers.length).toBe(1);
    reader.stop();
    reader.push(stream.subarray(20));
    expect(got.headers.length).toBe(1);
  });

  it('streams a 4 GiB-1 length payload without allocating it', () => {
    const { reader, got } = collect();
    reader.push(encodeHeader(0, 0, 1, 0xffff_ffff));
    reader.push(Buffer.alloc(1000));
    expect(got.pieces.length).toBe(1);
    expect(reader.midFrame).toBe(true);
  });
});

describe('FrameReader pause/resume', () => {
  it('stops after the frame in progress, holds the rest of the chunk and later chunks, and resumes in order', () => {
    const ids: number[] = [];
    const reader: FrameReader = new FrameReader({
      onHeader(_v, _t, _f, id) {
        ids.push(id);
        if (id === 2) reader.pause();
        return 0;
      },
      onPayload() {},
    });
    const frames = (from: number, to: number): Buffer => Buffer.concat(Array.from({ length: to - from + 1 }, (_, i) => encodeHeader(1, 0, from + i, 0)));
    reader.push(frames(1, 4));
    expect(ids).toEqual([1, 2]);
    reader.push(frames(5, 5).subarray(0, 7)); // a split header arrives while paused
    reader.push(frames(5, 5).subarray(7));
    expect(ids).toEqual([1, 2]);
    reader.resume();
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    reader.push(frames(6, 6));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
