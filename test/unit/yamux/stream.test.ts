/**
 * YamuxStream behaviour on the wire: FIN/RST rules, half-close both ways, flow control (send
 * within the window, wait for WindowUpdate, replenish on consumption) and the close timeout.
 */
import { describe, expect, it } from 'vitest';
import { Flag, FrameType, StreamState, type YamuxError } from 'go-netrpc/yamux';
import { rawPeer, tick } from './raw-peer.js';

const WU = FrameType.WindowUpdate;
const DATA = FrameType.Data;
const KiB = 1024;

describe('YamuxStream close and reset', () => {
  it('end() sends exactly one FIN after the queued data; a second end() sends nothing', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    s.write('a');
    s.end('b');
    s.end();
    await p.waitFrame((f) => (f.flags & Flag.FIN) !== 0);
    await tick(10);
    const fins = p.frames.filter((f) => f.flags & Flag.FIN);
    expect(fins).toHaveLength(1);
    const order = p.frames.filter((f) => f.streamId === 1).map((f) => [f.type, f.flags, f.payload.toString()]);
    expect(order).toEqual([[WU, Flag.SYN, ''], [DATA, 0, 'a'], [DATA, 0, 'b'], [WU, Flag.FIN, '']]);
    expect(s.streamState).toBe(StreamState.LocalClose);
  });

  it('half-close: reads continue after our FIN; writes continue after the peer FIN; both FINs → Closed', async () => {
    const p = rawPeer('server');
    p.send(WU, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    s.end();
    await p.waitFrame((f) => (f.flags & Flag.FIN) !== 0);
    p.send(DATA, Flag.FIN, 1, 'reply');
    const chunks: string[] = [];
    s.on('data', (c: Buffer) => chunks.push(c.toString()));
    await new Promise((r) => s.once('end', r));
    expect(chunks.join('')).toBe('reply');
    expect(s.streamState).toBe(StreamState.Closed);
    expect(p.session.numStreams).toBe(0);

    p.send(WU, Flag.SYN, 3, 0);
    const t = await p.session.accept();
    p.send(WU, Flag.FIN, 3, 0);
    await new Promise((r) => t.once('end', r).resume());
    t.end('after remote FIN');
    const d = await p.waitFrame((f) => f.type === DATA && f.streamId === 3);
    expect(d.payload.toString()).toBe('after remote FIN');
    expect(await p.waitFrame((f) => f.streamId === 3 && (f.flags & Flag.FIN) !== 0)).toBeTruthy();
    expect(p.frames.some((f) => f.flags & Flag.RST)).toBe(false);
  });

  it('destroy() sends RST once; nothing after it; a fully closed stream sends no RST', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    s.destroy();
    s.destroy();
    await tick();
    expect(p.frames.filter((f) => f.flags & Flag.RST)).toHaveLength(1);
    expect(() => s.end()).not.toThrow();
    await tick();
    expect(p.frames.filter((f) => f.streamId === 1).length).toBe(2);
  });

  it('a received RST errors the stream with STREAM_RESET and fails writes', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    const err = new Promise<YamuxError>((r) => s.once('error', r));
    p.send(WU, Flag.RST, 1, 0);
    expect(await err).toMatchObject({ code: 'STREAM_RESET', streamId: 1 });
    expect(p.frames.filter((f) => f.flags & Flag.RST)).toHaveLength(0);
  });

  it('streamCloseTimeoutMs: no FIN from the peer after ours → RST and STREAM_CLOSE_TIMEOUT', async () => {
    const p = rawPeer('client', { streamCloseTimeoutMs: 30 });
    const s = await p.session.open();
    const err = new Promise<YamuxError>((r) => s.once('error', r));
    s.end();
    expect(await err).toMatchObject({ code: 'STREAM_CLOSE_TIMEOUT' });
    expect(await p.waitFrame((f) => (f.flags & Flag.RST) !== 0)).toMatchObject({ streamId: 1 });
  });
});

describe('YamuxStream flow control', () => {
  it('never sends more than the window; the write waits for a WindowUpdate, then resumes', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    let done = false;
    s.write(Buffer.alloc(300 * KiB, 7), () => (done = true));
    await tick(20);
    const sent = (): number => p.frames.filter((f) => f.type === DATA).reduce((n, f) => n + f.length, 0);
    expect(sent()).toBe(256 * KiB);
    expect(s.sendWindowBytes).toBe(0);
    expect(done).toBe(false);
    p.send(WU, Flag.ACK, 1, 10 * KiB);
    await tick(10);
    expect(sent()).toBe(266 * KiB);
    p.send(WU, 0, 1, 100 * KiB);
    await tick(10);
    expect(sent()).toBe(300 * KiB);
    expect(done).toBe(true);
    expect(s.sendWindowBytes).toBe(66 * KiB);
  });

  it('splits one write into frames no larger than the window', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    p.send(WU, Flag.ACK, 1, 0);
    s.write(Buffer.alloc(100 * KiB));
    s.write(Buffer.alloc(200 * KiB));
    await tick(20);
    expect(p.frames.filter((f) => f.type === DATA).map((f) => f.length)).toEqual([100 * KiB, 156 * KiB]);
  });

  it('replenishes the receive window only as the application reads (Go: at least half consumed)', async () => {
    const p = rawPeer('server');
    p.send(WU, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    await p.waitFrame((f) => f.flags === Flag.ACK);
    p.send(DATA, 0, 1, Buffer.alloc(200 * KiB));
    await tick();
    const updates = (): number[] => p.frames.filter((f) => f.type === WU && f.streamId === 1 && f.length > 0).map((f) => f.length);
    expect(updates()).toEqual([]); // nothing consumed yet
    expect(s.recvWindowBytes).toBe(56 * KiB);
    s.read(100 * KiB);
    await tick();
    expect(updates()).toEqual([]); // 100 KiB < 128 KiB
    s.read(50 * KiB);
    await tick();
    expect(updates()).toEqual([150 * KiB]);
    expect(s.recvWindowBytes).toBe(206 * KiB);
  });

  it('a paused reader holds at most one window: the peer cannot push more without a protocol error', async () => {
    const p = rawPeer('server');
    p.send(WU, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    p.send(DATA, 0, 1, Buffer.alloc(256 * KiB));
    await tick();
    expect(s.readableLength).toBe(256 * KiB);
    p.send(DATA, 0, 1, 'x');
    expect(await p.session.closed).toMatchObject({ code: 'RECV_WINDOW_EXCEEDED' });
    s.on('error', () => undefined);
  });
});

describe('YamuxStream and session close', () => {
  it('a local close() with a write parked on the window destroys the stream without an error event', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    let errored: unknown;
    s.on('error', (e) => (errored = e));
    let cbErr: unknown = 'not called';
    s.write(Buffer.alloc(300 * KiB), (e) => (cbErr = e));
    await tick(10);
    await p.session.close();
    await tick(10);
    expect(s.destroyed).toBe(true);
    expect(errored).toBeUndefined();
    expect(cbErr).toMatchObject({ code: 'STREAM_CLOSED' });
  });

  it('a transport failure with a parked write errors the stream once with SESSION_SHUTDOWN', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    const errors: YamuxError[] = [];
    s.on('error', (e: YamuxError) => errors.push(e));
    s.write(Buffer.alloc(300 * KiB));
    await tick(10);
    p.wire.destroy();
    await new Promise((r) => s.once('close', r));
    expect(errors.map((e) => e.code)).toEqual(['SESSION_SHUTDOWN']);
  });
});

describe('YamuxStream reset with data', () => {
  it('a Data frame carrying RST delivers nothing and errors the stream', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    const got: Buffer[] = [];
    s.on('data', (c: Buffer) => got.push(c));
    const err = new Promise<YamuxError>((r) => s.once('error', r));
    p.send(DATA, Flag.RST | Flag.FIN, 1, 'dropped');
    expect(await err).toMatchObject({ code: 'STREAM_RESET' });
    expect(got).toEqual([]);
    expect(p.session.isClosed).toBe(false);
  });
});
