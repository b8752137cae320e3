/**
 * The two resource caps Go does not have (config maxSessionBufferedBytes, maxQueuedPingReplies)
 * and the other bounds on what a hostile peer can make a session hold: many filled, unread
 * streams; pings or SYNs flooded by a peer that never reads the replies; tiny Data frames.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { duplexPair } from 'go-netrpc/testing';
import { createServer, encodeHeader, Flag, FrameType, type YamuxStream } from 'go-netrpc/yamux';
import { FrameReader } from '../../../src/yamux/frame-reader.js';
import { rawPeer, tick } from './raw-peer.js';

const WIN = 256 * 1024;

describe('maxSessionBufferedBytes', () => {
  it('refuses inbound streams with one RST once (streams + 1) × window would exceed it', async () => {
    const p = rawPeer('server', { maxSessionBufferedBytes: 4 * WIN });
    const ids = Array.from({ length: 10 }, (_, i) => 2 * i + 1);
    for (const id of ids) p.send(FrameType.Data, Flag.SYN, id, Buffer.alloc(WIN, id));
    await p.waitFrame((f) => f.streamId === 19 && (f.flags & Flag.RST) !== 0);
    const accepted: YamuxStream[] = [];
    while (accepted.length < 4) accepted.push(await p.session.accept());
    await tick(20);
    expect(accepted.map((s) => s.id)).toEqual([1, 3, 5, 7]);
    expect(accepted.reduce((n, s) => n + s.readableLength, 0)).toBe(4 * WIN);
    const rsts = p.frames.filter((f) => f.flags & Flag.RST);
    expect(rsts.map((f) => f.streamId)).toEqual([9, 11, 13, 15, 17, 19]);
    expect(p.session.numStreams).toBe(4);
    expect(p.session.isClosed).toBe(false);
    // a closed stream frees its share: the next SYN is accepted
    accepted[0]?.destroy();
    p.send(FrameType.WindowUpdate, Flag.SYN, 21, 0);
    expect((await p.session.accept()).id).toBe(21);
  });

  it('bounds what 200 filled, never-read streams hold to the cap (Go would hold 50 MiB)', async () => {
    const cap = 8 * 1024 * 1024;
    const p = rawPeer('server', { maxSessionBufferedBytes: cap });
    const accepted: YamuxStream[] = [];
    void (async () => {
      for await (const s of p.session) accepted.push(s);
    })();
    const payload = Buffer.alloc(WIN, 7);
    for (let i = 0; i < 200; i++) p.send(FrameType.Data, Flag.SYN, 2 * i + 1, payload);
    await p.waitFrame((f) => f.streamId === 399 && (f.flags & Flag.RST) !== 0, 20_000);
    await tick(20);
    const held = accepted.reduce((n, s) => n + s.readableLength, 0);
    expect(accepted.length).toBe(cap / WIN);
    expect(held).toBeLessThanOrEqual(cap);
    expect(p.frames.filter((f) => f.flags & Flag.RST).length).toBe(200 - cap / WIN);
  }, 120_000);
});

describe('maxQueuedPingReplies', () => {
  it('a peer that floods pings and never reads gets bounded replies; the rest is dropped, the session lives', async () => {
    const [a, b] = duplexPair();
    const session = createServer(a, { enableKeepAlive: false, maxQueuedPingReplies: 8 });
    const n = 100_000;
    const flood = Buffer.concat(Array.from({ length: n }, (_, i) => encodeHeader(FrameType.Ping, Flag.SYN, 0, i)));
    b.write(flood); // b is never read meanwhile: the session's replies back up
    for (let i = 0; i < 20 && a.writableLength === 0; i++) await tick(5);
    await tick(50);
    // Unbounded, all n replies (1.2 MB) would be queued on the transport.
    expect(a.writableLength).toBeLessThan(n * 12 * 0.2);
    // Now read: what was held arrives, far fewer than n replies, and a new ping is answered.
    const acks: number[] = [];
    const reader = new FrameReader({
      onHeader(_v, type, flags, _id, length) {
        if (type === FrameType.Ping && flags === Flag.ACK) acks.push(length);
        return 0;
      },
      onPayload() {},
    });
    b.on('data', (c: Buffer) => reader.push(c));
    await tick(50);
    const before = acks.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(n * 0.2);
    b.write(encodeHeader(FrameType.Ping, Flag.SYN, 0, 0xabcdef));
    for (let i = 0; i < 100 && !acks.includes(0xabcdef); i++) await tick(5);
    expect(acks).toContain(0xabcdef);
    expect(session.isClosed).toBe(false);
    await session.close();
  });
});

describe('RSTs for refused streams to a peer that never reads', () => {
  it('stop the reading of the transport until it drains (as Go blocks its receive loop), then all arrive, one per stream', async () => {
    const [a, b] = duplexPair();
    const session = createServer(a, { enableKeepAlive: false, acceptBacklog: 1 });
    const n = 100_000;
    const flood = Buffer.concat(Array.from({ length: n }, (_, i) => encodeHeader(FrameType.WindowUpdate, Flag.SYN, 2 * i + 1, 0)));
    b.write(flood); // b is not read meanwhile
    for (let i = 0; i < 20 && a.writableLength === 0; i++) await tick(5);
    await tick(50);
    // Unread, n - 1 RSTs (1.2 MB) would be queued on the transport.
    expect(a.writableLength).toBeLessThan(n * 12 * 0.2);
    const rsts = new Set<number>();
    let dup = 0;
    const reader = new FrameReader({
      onHeader(_v, type, flags, id) {
        if (type === FrameType.WindowUpdate && flags === Flag.RST) {
          if (rsts.has(id)) dup++;
          rsts.add(id);
        }
        return 0;
      },
      onPayload() {},
    });
    b.on('data', (c: Buffer) => reader.push(c));
    for (let i = 0; i < 400 && rsts.size < n - 1; i++) await tick(10);
    expect(rsts.size).toBe(n - 1);
    expect(dup).toBe(0);
    expect(rsts.has(1)).toBe(false);
    expect((await session.accept()).id).toBe(1);
    expect(session.isClosed).toBe(false);
    await session.close();
  }, 120_000);
});

describe('tiny Data frames to a stream that is not read', () => {
  const gcNow = (): void => {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  };

  it('are coalesced: 262,144 one-byte frames (3.25 MiB) hold a few MiB, not one object per frame; bytes arrive in order', async () => {
    const p = rawPeer('server');
    p.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    gcNow();
    const before = process.memoryUsage().heapUsed;
    const n = 256 * 1024;
    for (let off = 0; off < n; off += 4096) {
      const frames: Buffer[] = [];
      for (let i = off; i < off + 4096; i++) frames.push(encodeHeader(FrameType.Data, 0, 1, 1), Buffer.of(i % 251));
      p.wire.write(Buffer.concat(frames));
      await tick(0);
    }
    await tick(20);
    gcNow();
    const grew = process.memoryUsage().heapUsed - before;
    // One Buffer per frame held ~27 MiB of heap here; coalesced it is well under 1 MiB.
    expect(grew).toBeLessThan(8 * 1024 * 1024);
    const got = s.read() as Buffer;
    expect(got.length).toBe(n);
    expect(got.every((b, i) => b === i % 251)).toBe(true);
  });

  it('a read(n) waiting for more is not starved by coalescing', async () => {
    const p = rawPeer('server');
    p.send(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    for (let i = 0; i < 5; i++) p.send(FrameType.Data, 0, 1, Buffer.of(i));
    await tick(20);
    expect(s.read(10)).toBeNull();
    const ready = new Promise((r) => s.once('readable', r));
    for (let i = 5; i < 10; i++) p.send(FrameType.Data, 0, 1, Buffer.of(i));
    await ready;
    expect([...(s.read(10) as Buffer)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
