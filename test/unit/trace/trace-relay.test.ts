/**
 * The relay: bytes pass unchanged and in order, the source pauses while the destination is full
 * (real backpressure) or a gate is blocked, a decoder that throws is switched off without touching the relay.
 */
import { Duplex, PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { relay } from '../../../src/trace/relay.js';

/** A destination that accepts one chunk per `release()`. */
function slowSink(): { dst: Duplex; got: Buffer[]; release: () => void; pending: () => number } {
  const got: Buffer[] = [];
  const held: Array<() => void> = [];
  const w = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _e, cb) {
      got.push(chunk);
      held.push(cb);
    },
  });
  const dst = Duplex.from({ writable: w, readable: new PassThrough() });
  return { dst, got, release: () => held.shift()?.(), pending: () => held.length };
}

describe('relay', () => {
  it('pauses the source while the destination is full and delivers every byte unchanged', async () => {
    const src = new PassThrough();
    const sink = slowSink();
    const tapped: Buffer[] = [];
    relay(src, sink.dst, (b) => tapped.push(Buffer.from(b)), () => {});
    const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(1000, i));
    for (const c of chunks) src.write(c);
    src.end();
    await new Promise((r) => setImmediate(r));
    expect(src.isPaused()).toBe(true);
    expect(sink.got.length).toBeLessThan(chunks.length);
    while (sink.got.length < chunks.length || sink.pending() > 0) {
      sink.release();
      await new Promise((r) => setImmediate(r));
    }
    expect(Buffer.concat(sink.got).equals(Buffer.concat(chunks))).toBe(true);
    expect(Buffer.concat(tapped).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('pauses the source while a gate (the decoder child\'s backlog) is blocked, then delivers every byte', async () => {
    const src = new PassThrough();
    const out: Buffer[] = [];
    const dst = Duplex.from({ writable: new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }), readable: new PassThrough() });
    let blocked = true;
    const waiters: Array<() => void> = [];
    relay(src, dst, undefined, () => {}, false, { blocked: () => blocked, queued: () => false, whenReady: (cb) => waiters.push(cb) });
    const chunks = Array.from({ length: 8 }, (_, i) => Buffer.alloc(100, i));
    for (const c of chunks) src.write(c);
    src.end();
    await new Promise((r) => setImmediate(r));
    expect(src.isPaused()).toBe(true);
    expect(out.length).toBe(1);
    expect(waiters).toHaveLength(1);
    blocked = false;
    waiters.shift()?.();
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(out).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('tap first through a gate: a chunk goes on only once the gate handed its copy on, and the end waits for it', async () => {
    const src = new PassThrough();
    const out: Buffer[] = [];
    let ended = false;
    const dst = Duplex.from({ writable: new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()), final: (cb) => ((ended = true), cb()) }), readable: new PassThrough() });
    let queued = false;
    const waiters: Array<() => void> = [];
    const tapped: Buffer[] = [];
    relay(src, dst, (b) => ((queued = true), tapped.push(Buffer.from(b))), () => {}, true, { blocked: () => false, queued: () => queued, whenReady: (cb) => waiters.push(cb) });
    src.end(Buffer.from('reply'));
    await new Promise((r) => setImmediate(r));
    expect(tapped.map(String)).toEqual(['reply']);
    expect(out).toEqual([]);
    expect(ended).toBe(false);
    queued = false;
    waiters.shift()?.();
    await new Promise((r) => setImmediate(r));
    expect(out.map(String)).toEqual(['reply']);
    expect(ended).toBe(true);
  });

  it('keeps relaying after the decoder throws, and reports it once', async () => {
    const src = new PassThrough();
    const out: Buffer[] = [];
    const dst = Duplex.from({ writable: new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }), readable: new PassThrough() });
    const failures: unknown[] = [];
    let calls = 0;
    relay(src, dst, () => {
      calls++;
      throw new Error('decoder bug');
    }, (err) => failures.push(err));
    for (let i = 0; i < 5; i++) src.write(Buffer.from([i]));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(out)).toEqual(Buffer.from([0, 1, 2, 3, 4]));
    expect(calls).toBe(1);
    expect(failures).toHaveLength(1);
  });
});
