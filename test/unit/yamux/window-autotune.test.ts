/**
 * Receive-window auto-tuning (config maxAutoTunedWindowSize, a deliberate deviation from Go's
 * fixed window): the window doubles only when a WindowUpdate is due and the application has read
 * everything, never past the ceiling or the session's maxSessionBufferedBytes, and the peer may
 * then send exactly the grown window and no more.
 */
import { describe, expect, it } from 'vitest';
import { Flag, FrameType, type YamuxConfig, type YamuxStream } from 'go-netrpc/yamux';
import { rawPeer, tick, type RawPeer } from './raw-peer.js';

const WU = FrameType.WindowUpdate;
const DATA = FrameType.Data;
const KiB = 1024;

/** A server session with stream 1 accepted and read by a reader that keeps up. */
async function keepingUp(config: YamuxConfig): Promise<{ p: RawPeer; s: YamuxStream; got: () => number }> {
  const p = rawPeer('server', config);
  p.send(WU, Flag.SYN, 1, 0);
  const s = await p.session.accept();
  await p.waitFrame((f) => f.streamId === 1 && (f.flags & Flag.ACK) !== 0);
  let n = 0;
  s.on('data', (c: Buffer) => (n += c.length));
  s.on('error', () => undefined); // a protocol error ends the session and errors the stream too
  return { p, s, got: () => n };
}

/** Sends `bytes` on stream 1 in 64 KiB frames and returns the positive WindowUpdate deltas that follow. */
async function sendAndCollect(p: RawPeer, got: () => number, bytes: number): Promise<number[]> {
  const from = p.frames.length;
  const before = got();
  for (let off = 0; off < bytes; off += 64 * KiB) p.send(DATA, 0, 1, Buffer.alloc(Math.min(64 * KiB, bytes - off), 7));
  while (got() < before + bytes) await tick(2);
  await tick(10);
  return p.frames.slice(from).filter((f) => f.type === WU && f.streamId === 1 && f.length > 0).map((f) => f.length);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('yamux receive-window auto-tuning', () => {
  it('doubles the window for a reader that keeps up, up to maxAutoTunedWindowSize', async () => {
    const { p, got } = await keepingUp({ maxAutoTunedWindowSize: 1024 * KiB });
    // Each round sends all the credit the peer holds; the credit grows from 256 KiB to the 1 MiB ceiling, never past it.
    let credit = 256 * KiB;
    const credits: number[] = [];
    for (let round = 0; round < 5; round++) {
      const sent = credit;
      credit += sum(await sendAndCollect(p, got, sent)) - sent;
      credits.push(credit);
    }
    expect(credits[0]).toBe(512 * KiB);
    expect(Math.max(...credits)).toBe(1024 * KiB);
    expect(credits.at(-1)).toBe(1024 * KiB);
    expect(p.session.isClosed).toBe(false);
  });

  it('the peer may use the grown window, and one byte more is still a protocol error', async () => {
    const { p, got } = await keepingUp({ maxAutoTunedWindowSize: 1024 * KiB });
    expect(sum(await sendAndCollect(p, got, 256 * KiB))).toBe(512 * KiB);
    p.send(DATA, 0, 1, Buffer.alloc(512 * KiB + 1, 1));
    const goAway = await p.waitFrame((f) => f.type === FrameType.GoAway);
    expect(goAway.length).toBe(1); // GoAway(protocol error): receive window exceeded
  });

  it('never grows for an application that leaves data unread', async () => {
    const p = rawPeer('server', { maxAutoTunedWindowSize: 16 * 1024 * KiB });
    p.send(WU, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    p.send(DATA, 0, 1, Buffer.alloc(256 * KiB, 1));
    await tick(20);
    // Read half: a WindowUpdate for exactly that half (Go's rule), since 128 KiB are still unread.
    expect((s.read(128 * KiB) as Buffer).length).toBe(128 * KiB);
    expect((await p.waitFrame((f) => f.type === WU && f.streamId === 1 && f.length > 0)).length).toBe(128 * KiB);
    expect(s.readableLength).toBe(128 * KiB);
  });

  it('stays within maxSessionBufferedBytes', async () => {
    // One stream's base window is 256 KiB; the session budget leaves room for 256 KiB of growth only.
    const { p, got } = await keepingUp({ maxAutoTunedWindowSize: 16 * 1024 * KiB, maxSessionBufferedBytes: 512 * KiB });
    expect(sum(await sendAndCollect(p, got, 256 * KiB))).toBe(512 * KiB);
    expect(sum(await sendAndCollect(p, got, 512 * KiB))).toBe(512 * KiB);
  });

  it('maxAutoTunedWindowSize 0 keeps Go\'s fixed window', async () => {
    const { p, got } = await keepingUp({ maxAutoTunedWindowSize: 0 });
    for (let round = 0; round < 3; round++) expect(sum(await sendAndCollect(p, got, 256 * KiB))).toBe(256 * KiB);
  });
});
