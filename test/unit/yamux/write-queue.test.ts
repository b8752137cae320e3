import { describe, expect, it } from 'vitest';
import { WriteQueue } from '../../../src/yamux/write-queue.js';
import type { FrameWriter } from '../../../src/yamux/frame-writer.js';

describe('WriteQueue', () => {
  it('cuts buffers into payload pieces of the requested sizes, as views', () => {
    const pieces: Buffer[] = [];
    const writer = { payload: (b: Buffer) => pieces.push(b) } as unknown as FrameWriter;
    const q = new WriteQueue();
    const a = Buffer.from('abcdef');
    const b = Buffer.from('ghij');
    let called = 0;
    q.set([a, b], 10, () => called++);
    q.writePayload(writer, 4);
    q.writePayload(writer, 4);
    expect(q.left).toBe(2);
    q.writePayload(writer, 2);
    expect(pieces.map(String)).toEqual(['abcd', 'ef', 'gh', 'ij']);
    expect(pieces[0]?.buffer).toBe(a.buffer);
    expect(q.left).toBe(0);
    q.take()?.();
    expect(called).toBe(1);
    expect(q.take()).toBeUndefined();
  });
});
