/**
 * FrameWriter: the first small frame of a tick written at once, the rest of the tick in one write, large payloads passed to the transport as
 * the caller's own buffer (no copy), drain waiters, and the connection write timeout.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeHeader } from 'go-netrpc/yamux';
import { FrameWriter, SMALL_PAYLOAD } from '../../../src/yamux/frame-writer.js';

class Recorder extends Writable {
  chunks: Buffer[] = [];
  writes = 0;
  constructor(hwm = 16 * 1024, private readonly hold = false) {
    super({ highWaterMark: hwm });
  }
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.writes++;
    this.chunks.push(chunk);
    if (!this.hold) cb();
  }
  override _writev(chunks: { chunk: Buffer }[], cb: () => void): void {
    this.writes++;
    for (const c of chunks) this.chunks.push(c.chunk);
    if (!this.hold) cb();
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('FrameWriter', () => {
  it('writes the first frame of a tick at once and the rest of the tick in a single write, in order', async () => {
    const rec = new Recorder();
    const w = new FrameWriter(rec as never, 1000, () => undefined);
    w.control(1, 1, 1, 0);
    expect(rec.chunks).toHaveLength(1); // the lone first frame does not wait for the tick's end
    expect(decodeHeader(rec.chunks[0] as Buffer)).toMatchObject({ type: 1, streamId: 1 });
    w.header(0, 0, 1, 5);
    w.payload(Buffer.from('hel'));
    w.payload(Buffer.from('lo'));
    w.control(2, 1, 0, 7);
    expect(rec.chunks).toHaveLength(1);
    await tick();
    expect(rec.chunks).toHaveLength(2);
    const rest = rec.chunks[1] as Buffer;
    expect(rest.length).toBe(12 + 5 + 12);
    expect(decodeHeader(rest, 0)).toMatchObject({ type: 0, streamId: 1, length: 5 });
    expect(rest.subarray(12, 17).toString()).toBe('hello');
    expect(decodeHeader(rest, 17)).toMatchObject({ type: 2, length: 7 });
    // A small Data frame first in its tick leaves as soon as its payload is complete.
    w.header(0, 0, 3, 4);
    w.payload(Buffer.from('ab'));
    expect(rec.chunks).toHaveLength(2);
    w.payload(Buffer.from('cd'));
    expect(rec.chunks).toHaveLength(3);
    expect((rec.chunks[2] as Buffer).subarray(12).toString()).toBe('abcd');
    await tick();
    expect(rec.chunks).toHaveLength(3);
  });

  it('writes a large payload as the caller buffer itself, behind its header', async () => {
    const rec = new Recorder(1 << 20);
    const w = new FrameWriter(rec as never, 1000, () => undefined);
    const big = Buffer.alloc(SMALL_PAYLOAD + 1, 9);
    w.header(0, 0, 3, big.length);
    w.payload(big);
    await tick();
    expect(rec.chunks).toHaveLength(2);
    expect(decodeHeader(rec.chunks[0] as Buffer)).toMatchObject({ streamId: 3, length: big.length });
    expect(rec.chunks[1]).toBe(big);
    expect(rec.writes).toBe(1); // one writev (corked)
  });

  it('reports needsDrain and calls drain waiters; closing fails them', async () => {
    const rec = new Recorder(16, true);
    const w = new FrameWriter(rec as never, 1000, () => undefined);
    w.header(0, 0, 1, 4000);
    w.payload(Buffer.alloc(4000));
    await tick();
    expect(w.needsDrain).toBe(true);
    const results: unknown[] = [];
    w.whenDrained((e) => results.push(e));
    w.close(new Error('closed'));
    expect(results).toHaveLength(1);
    expect((results[0] as Error).message).toBe('closed');
    expect(w.writable).toBe(false);
    w.control(1, 0, 1, 0); // dropped silently
  });

  it('fires the write timeout when the transport never drains', async () => {
    const rec = new Recorder(16, true);
    let fired = 0;
    const w = new FrameWriter(rec as never, 20, () => fired++);
    w.header(0, 0, 1, 4000);
    w.payload(Buffer.alloc(4000));
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toBe(1);
  });

  it('starts a new batch when one tick produces more than a batch', async () => {
    const rec = new Recorder(1 << 30);
    const w = new FrameWriter(rec as never, 1000, () => undefined);
    for (let i = 0; i < 7000; i++) w.control(1, 0, 1, i);
    await tick();
    const all = Buffer.concat(rec.chunks);
    expect(all.length).toBe(7000 * 12);
    for (let i = 0; i < 7000; i += 997) expect(decodeHeader(all, i * 12).length).toBe(i);
  });
});
