/**
 * Session behaviour against a hand-driven raw peer: what goes on the wire for open/accept/ping/
 * GoAway, the protocol errors that end a session with GoAway(protocol error), the backlog, and
 * what happens to waiters and streams when the transport ends.
 */
import { describe, expect, it } from 'vitest';
import { Flag, FrameType, GoAwayCode, YamuxError, type YamuxStream } from 'go-netrpc/yamux';
import { sessionCoreOf } from '../../../src/yamux/session.js';
import { rawPeer, tick } from './raw-peer.js';

const WU = FrameType.WindowUpdate;
const DATA = FrameType.Data;

describe('YamuxSession open/accept', () => {
  it('open() sends WindowUpdate(SYN, delta 0) at once, odd ids for the client', async () => {
    const p = rawPeer('client');
    const s1 = await p.session.open();
    const s2 = await p.session.open();
    expect([s1.id, s2.id]).toEqual([1, 3]);
    await p.waitFrame((f) => f.streamId === 3);
    expect(p.frames.slice(0, 2)).toMatchObject([
      { type: WU, flags: Flag.SYN, streamId: 1, length: 0 },
      { type: WU, flags: Flag.SYN, streamId: 3, length: 0 },
    ]);
  });

  it('a larger maxStreamWindowSize is granted on the SYN', async () => {
    const p = rawPeer('server', { maxStreamWindowSize: 1 << 20 });
    const s = await p.session.open();
    expect(s.id).toBe(2);
    expect(await p.waitFrame((f) => f.streamId === 2)).toMatchObject({ flags: Flag.SYN, length: (1 << 20) - 256 * 1024 });
  });

  it('accept() ACKs the stream immediately, even if it is never read or written', async () => {
    const p = rawPeer('server');
    p.send(WU, Flag.SYN, 1, 0);
    const s = await p.session.accept();
    expect(s.id).toBe(1);
    expect(await p.waitFrame((f) => f.streamId === 1)).toMatchObject({ type: WU, flags: Flag.ACK, length: 0 });
  });

  it('the client role accepts streams too (MuxBroker), via the async iterator', async () => {
    const p = rawPeer('client');
    p.send(WU, Flag.SYN, 2, 0);
    p.send(DATA, Flag.SYN, 4, 'hi');
    const ids: number[] = [];
    for await (const s of p.session) {
      ids.push(s.id);
      if (ids.length === 2) {
        expect((s.read() as Buffer).toString()).toBe('hi');
        break;
      }
    }
    expect(ids).toEqual([2, 4]);
  });

  it('buffers data that arrives before accept(), within the window', async () => {
    // Go's fixed window (auto-tuning off): the whole consumed window comes back, no more.
    const p = rawPeer('server', { maxAutoTunedWindowSize: 0 });
    p.send(DATA, Flag.SYN, 1, Buffer.alloc(256 * 1024, 1));
    await tick();
    const s = await p.session.accept();
    let n = 0;
    s.on('data', (c: Buffer) => (n += c.length));
    await tick();
    expect(n).toBe(256 * 1024);
    // consuming the full window returns it to the peer
    expect(await p.waitFrame((f) => f.type === WU && f.streamId === 1 && f.length > 0)).toMatchObject({ length: 256 * 1024 });
  });

  it('sends nothing for a stream carrying data until accept(), then the ACK', async () => {
    const p = rawPeer('server');
    p.send(DATA, Flag.SYN, 1, Buffer.alloc(1000));
    await tick(20);
    expect(p.frames).toEqual([]);
    const s = await p.session.accept();
    expect(await p.waitFrame((f) => f.streamId === 1)).toMatchObject({ type: WU, flags: Flag.ACK, length: 0 });
    expect((s.read() as Buffer).length).toBe(1000);
  });

  it('streams reset while waiting for accept() do not count against the backlog', async () => {
    const p = rawPeer('server', { acceptBacklog: 1 });
    p.send(WU, Flag.SYN, 1, 0);
    p.send(WU, Flag.RST, 1, 0);
    p.send(WU, Flag.SYN, 3, 0);
    await tick();
    expect(p.frames.some((f) => f.flags & Flag.RST)).toBe(false);
    expect((await p.session.accept()).id).toBe(3);
  });

  it('RSTs inbound streams beyond acceptBacklog, and the session lives on', async () => {
    const p = rawPeer('server', { acceptBacklog: 2 });
    for (const id of [1, 3, 5]) p.send(WU, Flag.SYN, id, 0);
    expect(await p.waitFrame((f) => f.streamId === 5)).toMatchObject({ type: WU, flags: Flag.RST });
    await tick(20);
    // exactly one RST per refused stream (hashicorp/yamux incomingStream sends one), nothing else for it
    expect(p.frames.filter((f) => f.streamId === 5)).toEqual([{ type: WU, flags: Flag.RST, streamId: 5, length: 0, payload: Buffer.alloc(0) }]);
    expect((await p.session.accept()).id).toBe(1);
    expect((await p.session.accept()).id).toBe(3);
    expect(p.session.isClosed).toBe(false);
  });

  it('open() waits while acceptBacklog streams are un-ACKed, and resumes on ACK', async () => {
    const p = rawPeer('client', { acceptBacklog: 2 });
    await p.session.open();
    await p.session.open();
    let third: YamuxStream | undefined;
    const pending = p.session.open().then((s) => (third = s));
    await tick();
    expect(third).toBeUndefined();
    p.send(WU, Flag.ACK, 1, 0);
    await pending;
    expect(third?.id).toBe(5);
  });

  it('open() and accept() honour an AbortSignal', async () => {
    const p = rawPeer('client', { acceptBacklog: 1 });
    await p.session.open();
    const ac = new AbortController();
    const o = p.session.open({ signal: ac.signal });
    const a = p.session.accept({ signal: ac.signal });
    ac.abort();
    await expect(o).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(a).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('fails open() with STREAMS_EXHAUSTED when ids run out', async () => {
    const p = rawPeer('client');
    sessionCoreOf(p.session).nextStreamId = 0xffff_fffd;
    expect((await p.session.open()).id).toBe(0xffff_fffd);
    await expect(p.session.open()).rejects.toMatchObject({ code: 'STREAMS_EXHAUSTED' });
  });

  it('after our goAway() inbound SYNs are answered with RST', async () => {
    const p = rawPeer('server');
    p.session.goAway();
    p.send(WU, Flag.SYN, 1, 0);
    expect(await p.waitFrame((f) => f.type === FrameType.GoAway)).toMatchObject({ length: 0 });
    expect(await p.waitFrame((f) => f.streamId === 1)).toMatchObject({ flags: Flag.RST });
  });

  it('after a remote GoAway(normal) open() fails with REMOTE_GO_AWAY but existing streams work', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    p.send(FrameType.GoAway, 0, 0, 0);
    await tick();
    await expect(p.session.open()).rejects.toMatchObject({ code: 'REMOTE_GO_AWAY' });
    s.write('still');
    expect((await p.waitFrame((f) => f.type === DATA)).payload.toString()).toBe('still');
  });
});

describe('YamuxSession ping', () => {
  it('answers Ping(SYN) with Ping(ACK, same id) and ignores a stray ACK', async () => {
    const p = rawPeer('server');
    p.send(FrameType.Ping, Flag.ACK, 0, 99);
    p.send(FrameType.Ping, Flag.SYN, 0, 0xdeadbeef);
    expect(await p.waitFrame((f) => f.type === FrameType.Ping)).toMatchObject({ flags: Flag.ACK, length: 0xdeadbeef });
    expect(p.session.isClosed).toBe(false);
  });

  it('ping() resolves with the RTT when the matching ACK arrives', async () => {
    const p = rawPeer('client');
    const rtt = p.session.ping();
    const f = await p.waitFrame((x) => x.type === FrameType.Ping);
    expect(f.flags).toBe(Flag.SYN);
    p.send(FrameType.Ping, Flag.ACK, 0, f.length);
    expect(await rtt).toBeGreaterThanOrEqual(0);
  });

  it('ping() times out with TIMEOUT after connectionWriteTimeoutMs', async () => {
    const p = rawPeer('client', { connectionWriteTimeoutMs: 30 });
    await expect(p.session.ping()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('keepalive closes the session with KEEPALIVE_TIMEOUT when pings go unanswered', async () => {
    const p = rawPeer('client', { enableKeepAlive: true, keepAliveIntervalMs: 10, connectionWriteTimeoutMs: 30 });
    expect(await p.session.closed).toMatchObject({ code: 'KEEPALIVE_TIMEOUT' });
  });
});

describe('YamuxSession protocol errors → GoAway(protocol error) and close', () => {
  const cases: [string, (p: ReturnType<typeof rawPeer>) => void, string][] = [
    ['bad version', (p) => p.wire.write(Buffer.from('010100010000000100000000', 'hex')), 'INVALID_VERSION'],
    ['bad type', (p) => p.wire.write(Buffer.from('000700000000000000000000', 'hex')), 'INVALID_MSG_TYPE'],
    ['window overrun', (p) => p.send(DATA, Flag.SYN, 1, Buffer.alloc(256 * 1024 + 1)), 'RECV_WINDOW_EXCEEDED'],
    // Deviation from Go (session-dispatch.ts): Go checks neither id 0 nor parity on a SYN.
    ['SYN for stream id 0', (p) => p.send(WU, Flag.SYN, 0, 0), 'UNKNOWN_STREAM'],
    ['SYN with our parity', (p) => p.send(WU, Flag.SYN, 2, 0), 'UNKNOWN_STREAM'],
    ['duplicate SYN', (p) => { p.send(WU, Flag.SYN, 1, 0); p.send(WU, Flag.SYN, 1, 0); }, 'DUPLICATE_STREAM'],
    ['second FIN', (p) => { p.send(WU, Flag.SYN | Flag.FIN, 1, 0); p.send(WU, Flag.FIN, 1, 0); }, 'UNEXPECTED_FLAG'],
  ];
  for (const [name, act, code] of cases) {
    it(`${name} → ${code}`, async () => {
      const p = rawPeer('server');
      const pendingAccept = p.session.accept().then(
        (s) => s.on('error', () => undefined),
        (e: unknown) => e,
      );
      act(p);
      const reason = await p.session.closed;
      expect(reason).toBeInstanceOf(YamuxError);
      expect(reason).toMatchObject({ code, goAwayCode: 1 });
      expect(await p.waitFrame((f) => f.type === FrameType.GoAway)).toMatchObject({ length: 1 });
      await p.wireEnded;
      const accepted = await pendingAccept;
      if (accepted instanceof YamuxError) expect(accepted.code).toBe('SESSION_SHUTDOWN');
    });
  }

  it('frames for a stream that was never opened are discarded, as Go handleStreamMessage does', async () => {
    const p = rawPeer('server');
    p.send(DATA, 0, 9, 'dropped payload'); // Data with a payload: drained
    p.send(DATA, 0, 11, ''); // empty Data
    p.send(WU, 0, 13, 1000); // WindowUpdate
    p.send(WU, Flag.FIN, 15, 0); // FIN and RST on unknown ids: ignored, no processFlags
    p.send(DATA, Flag.RST, 17, 'x');
    p.send(WU, 0, 0, 5); // stream id 0 without SYN
    p.send(WU, Flag.ACK, 4, 0); // an ACK for an id of ours we never opened
    p.send(DATA, Flag.SYN, 1, 'after');
    const s = await p.session.accept();
    expect(s.id).toBe(1);
    await tick();
    expect((s.read() as Buffer).toString()).toBe('after');
    expect(p.frames.some((f) => f.type === FrameType.GoAway || f.flags & Flag.RST)).toBe(false);
    expect(p.session.isClosed).toBe(false);
  });

  it('a header split across writes is not a protocol error', async () => {
    const p = rawPeer('server');
    const frame = Buffer.from('000100010000000100000000', 'hex');
    p.wire.write(frame.subarray(0, 5));
    await tick();
    p.wire.write(frame.subarray(5));
    expect((await p.session.accept()).id).toBe(1);
  });

  it.each([
    [1, 'REMOTE_PROTOCOL_ERROR'],
    [2, 'REMOTE_INTERNAL_ERROR'],
    [7, 'REMOTE_INTERNAL_ERROR'],
  ])('a received GoAway(%i) closes the session with %s and sends no GoAway back', async (code, expected) => {
    const p = rawPeer('client');
    p.send(FrameType.GoAway, 0, 0, code);
    expect(await p.session.closed).toMatchObject({ code: expected, goAwayCode: code });
    await p.wireEnded;
    expect(p.frames.some((f) => f.type === FrameType.GoAway)).toBe(false);
  });

  it('frames for a stream that was reset are ignored (Go discards them)', async () => {
    const p = rawPeer('client');
    const s = await p.session.open();
    s.destroy();
    expect(await p.waitFrame((f) => f.flags === Flag.RST)).toMatchObject({ streamId: 1 });
    p.send(DATA, 0, 1, 'late data');
    p.send(WU, 0, 1, 100);
    await tick();
    expect(p.session.isClosed).toBe(false);
  });
});

describe('YamuxSession shutdown', () => {
  it('transport EOF errors open streams with SESSION_SHUTDOWN, rejects waiters, keeps FINed streams readable', async () => {
    const p = rawPeer('client');
    const open = await p.session.open();
    const finished = await p.session.open();
    p.send(DATA, Flag.ACK | Flag.FIN, 3, 'last words');
    await tick();
    const err = new Promise<Error>((r) => open.once('error', r));
    const acc = p.session.accept().catch((e: unknown) => e);
    p.wire.end();
    expect(await err).toMatchObject({ code: 'SESSION_SHUTDOWN' });
    expect(await acc).toMatchObject({ code: 'SESSION_SHUTDOWN' });
    expect(await p.session.closed).toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect((finished.read() as Buffer).toString()).toBe('last words');
    await expect(p.session.open()).rejects.toMatchObject({ code: 'SESSION_SHUTDOWN' });
    await expect(p.session.ping()).rejects.toMatchObject({ code: 'SESSION_SHUTDOWN' });
  });

  it('close() sends no GoAway, destroys streams quietly, closes the transport and resolves closed with undefined', async () => {
    const p = rawPeer('server');
    const s = await p.session.open();
    let errored = false;
    s.on('error', () => (errored = true));
    await p.session.close();
    expect(await p.session.closed).toBeUndefined();
    expect(s.destroyed).toBe(true);
    expect(errored).toBe(false);
    expect(p.frames.some((f) => f.type === FrameType.GoAway)).toBe(false);
    await p.session.close();
  });

  it('connectionWriteTimeoutMs: a transport that never drains closes the session', async () => {
    const p = rawPeer('client', { connectionWriteTimeoutMs: 50 });
    p.wire.pause();
    p.wire.removeAllListeners('data');
    const s = await p.session.open();
    s.on('error', () => undefined);
    s.write(Buffer.alloc(200_000));
    expect(await p.session.closed).toMatchObject({ code: 'CONNECTION_WRITE_TIMEOUT' });
  });
});

describe('YamuxSession goAway codes', () => {
  it('goAway(InternalError) sends the code and closes the session', async () => {
    const p = rawPeer('client');
    p.session.goAway(GoAwayCode.InternalError);
    expect(await p.waitFrame((f) => f.type === FrameType.GoAway)).toMatchObject({ length: 2 });
    expect(await p.session.closed).toBeUndefined();
    await p.wireEnded;
  });
});
