/**
 * Conformance of go-netrpc/yamux against hashicorp/yamux v0.1.2 (go-testbed yamuxpeer), in both
 * roles, over TCP and a unix socket: open/accept both directions, bulk echo, concurrent streams,
 * half-close, reset, flow control with a slow reader on each side, pings, GoAway, a peer that
 * dies mid-stream and 1,000 streams opened at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, createServer, GoAwayCode, YamuxError, type YamuxConfig, type YamuxSession, type YamuxStream } from 'go-netrpc/yamux';
import { killAllPeers, nextError, pattern, readAll, readSlowly, sleep, startGoPeer, type PeerHandle, type Role, type Transport } from '../helpers/yamux-peers.js';

const sessions: YamuxSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  killAllPeers();
});

async function setup(role: Role, transport: Transport, args: string[], config?: YamuxConfig): Promise<{ peer: PeerHandle; session: YamuxSession }> {
  const peer = await startGoPeer(role, transport, args);
  const session = role === 'client' ? createClient(peer.conn, config) : createServer(peer.conn, config);
  sessions.push(session);
  return { peer, session };
}

function echoAll(session: YamuxSession): void {
  void (async () => {
    for await (const s of session) {
      s.on('error', () => undefined);
      s.pipe(s);
    }
  })();
}

for (const transport of ['tcp', 'unix'] as const) {
  for (const role of ['client', 'server'] as const) {
    describe(`yamux ${role} vs Go over ${transport}`, () => {
      it('opens a stream to Go: echo and half-close', async () => {
        const { session } = await setup(role, transport, ['-mode', 'echo']);
        const s = await session.open();
        expect(s.id % 2).toBe(role === 'client' ? 1 : 0);
        s.end('hello yamux');
        expect((await readAll(s)).toString()).toBe('hello yamux');
      });

      it('accepts streams opened by Go (ACKs them) and echoes', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'open-echo', '-streams', '3', '-size', '70000']);
        echoAll(session);
        const res = await peer.waitEvent('result');
        expect(res['failures']).toBeNull();
        expect(res['ok']).toBe(true);
      });

      it('bulk echo of 4 MiB on one stream keeps every byte in order', async () => {
        const { session } = await setup(role, transport, ['-mode', 'echo']);
        const s = await session.open();
        const data = randomBytes(4 << 20);
        const got = readAll(s);
        s.end(data);
        expect((await got).equals(data)).toBe(true);
      });

      it('runs 40 concurrent streams', async () => {
        const { session } = await setup(role, transport, ['-mode', 'echo']);
        const results = await Promise.all(
          Array.from({ length: 40 }, async (_, i) => {
            const s = await session.open();
            const data = pattern(50_000 + i, i);
            const got = readAll(s);
            s.end(data);
            return (await got).equals(data);
          }),
        );
        expect(results.every(Boolean)).toBe(true);
      });

      it('half-close: Go closes first, we keep writing, Go reads it all', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'close-first']);
        const s = await session.open();
        s.write('x');
        await new Promise((r) => s.once('end', r).resume());
        s.end(pattern(300_000, 1));
        const res = await peer.waitEvent('result');
        expect(res).toMatchObject({ read: 300_001, error: '' });
      });

      it('destroy() sends RST: Go reads "connection reset"', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'reset-check']);
        const s = await session.open();
        s.write('abc');
        await sleep(50);
        s.destroy();
        const res = await peer.waitEvent('result');
        expect(res).toMatchObject({ read: 3, error: 'connection reset' });
      });

      it('a Go RST (accept backlog overflow) errors the stream with STREAM_RESET', async () => {
        const { session } = await setup(role, transport, ['-mode', 'noaccept', '-backlog', '1']);
        const first = await session.open();
        const second = await session.open();
        first.on('error', () => undefined);
        const err = await nextError(second);
        expect(err).toBeInstanceOf(YamuxError);
        expect((err as YamuxError).code).toBe('STREAM_RESET');
      });

      it('slow Go reader: we never exceed its window and all data arrives', async () => {
        const { session } = await setup(role, transport, ['-mode', 'sink', '-delay-ms', '3']);
        const s = await session.open();
        const data = randomBytes(1 << 20);
        let maxSendWindow = 0;
        const sample = setInterval(() => (maxSendWindow = Math.max(maxSendWindow, s.sendWindowBytes)), 1);
        const reply = readAll(s);
        s.end(data);
        const line = (await reply).toString().trim();
        clearInterval(sample);
        expect(line).toBe(`${data.length} ${createHash('sha256').update(data).digest('hex')}`);
        expect(maxSendWindow).toBeLessThanOrEqual(256 * 1024);
      });

      it('slow reader here: Go stops at our window (Go\'s fixed 256 KiB), nothing is lost', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'source', '-size', String(2 << 20)], { maxAutoTunedWindowSize: 0 });
        const s = await session.accept();
        const { data, maxBuffered } = await readSlowly(s);
        expect(data.equals(pattern(2 << 20, s.id))).toBe(true);
        expect(maxBuffered).toBeLessThanOrEqual(256 * 1024);
        expect((await peer.waitEvent('result'))['ok']).toBe(true);
      });

      it('slow reader here, auto-tuned window: Go stops at the window, at most maxAutoTunedWindowSize (8 MiB)', async () => {
        // A reader that empties its buffer between pauses lets the window grow (it keeps up with a loaded sender).
        const { peer, session } = await setup(role, transport, ['-mode', 'source', '-size', String(16 << 20)]);
        const s = await session.accept();
        const { data, maxBuffered } = await readSlowly(s);
        expect(data.equals(pattern(16 << 20, s.id))).toBe(true);
        expect(maxBuffered).toBeLessThanOrEqual(8 << 20);
        expect((await peer.waitEvent('result'))['ok']).toBe(true);
      });

      it('a reader here that keeps up: our window auto-tunes past 256 KiB, Go honours the larger grants, nothing is lost', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'source', '-size', String(8 << 20)]);
        const s = await session.accept();
        const parts: Buffer[] = [];
        let maxCredit = 0;
        s.on('data', (c: Buffer) => {
          parts.push(c);
          maxCredit = Math.max(maxCredit, s.recvWindowBytes);
        });
        await new Promise((r) => s.once('end', r));
        expect(Buffer.concat(parts).equals(pattern(8 << 20, s.id))).toBe(true);
        // Deviation from Go (config maxAutoTunedWindowSize, 8 MiB): Go's sender takes the larger credit.
        expect(maxCredit).toBeGreaterThan(256 * 1024);
        expect(maxCredit).toBeLessThanOrEqual(8 << 20);
        expect((await peer.waitEvent('result'))['ok']).toBe(true);
      });

      it('ping() measures a round trip; Go pings are answered', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'idle', '-hold-ms', '400', '-keepalive-ms', '50']);
        // The property, not a wall-clock bound (load can stretch any round trip): the measured
        // rtt is positive and no longer than the time ping() took as seen from outside.
        const t0 = performance.now();
        const rtt = await session.ping();
        const outside = performance.now() - t0;
        expect(rtt).toBeGreaterThan(0);
        expect(rtt).toBeLessThanOrEqual(outside);
        expect(await peer.waitEvent('result')).toMatchObject({ alive: true });
      });

      it('GoAway from Go: open() fails with REMOTE_GO_AWAY, existing streams go on', async () => {
        const { session } = await setup(role, transport, ['-mode', 'goaway']);
        const s = await session.open();
        s.write('1');
        const g = await new Promise<Buffer>((r) => s.once('data', r));
        expect(g.toString()).toBe('G');
        await expect(session.open()).rejects.toMatchObject({ code: 'REMOTE_GO_AWAY' });
        const rest = readAll(s);
        s.end('still here');
        expect((await rest).toString()).toBe('still here');
      });

      it('our GoAway is honoured: Go OpenStream returns ErrRemoteGoAway', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'await-goaway']);
        const first = await session.accept();
        first.resume();
        session.goAway();
        void (async () => {
          for await (const s of session) s.resume();
        })();
        expect(await peer.waitEvent('result')).toMatchObject({ remoteGoAway: true });
      });

      it('our GoAway(internal error) makes Go close the session', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'idle', '-hold-ms', '3000']);
        session.goAway(GoAwayCode.InternalError);
        await peer.waitEvent('session-closed');
        expect(await session.closed).toBeUndefined();
      });

      it('Go dies mid-stream: our stream errors, the session closes, nothing hangs', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'source', '-size', String(64 << 20)]);
        const s = await session.accept();
        const errP = nextError(s);
        let got = 0;
        s.on('data', (c: Buffer) => {
          got += c.length;
          if (got > 1 << 20) peer.kill('SIGKILL');
        });
        const err = (await errP) as YamuxError;
        expect(err.code).toBe('SESSION_SHUTDOWN');
        expect(((await session.closed) as YamuxError).code).toBe('CONNECTION_CLOSED');
        await expect(session.open()).rejects.toMatchObject({ code: 'SESSION_SHUTDOWN' });
      });

      it('1,000 streams opened at once by us', async () => {
        const { session } = await setup(role, transport, ['-mode', 'echo']);
        const streams: YamuxStream[] = await Promise.all(Array.from({ length: 1000 }, () => session.open()));
        const ok = await Promise.all(
          streams.map(async (s, i) => {
            const data = pattern(100, i);
            const got = readAll(s);
            s.end(data);
            return (await got).equals(data);
          }),
        );
        expect(ok.filter(Boolean).length).toBe(1000);
      });

      it('1,000 streams opened at once by Go', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'open-echo', '-streams', '1000', '-size', '100']);
        echoAll(session);
        expect(await peer.waitEvent('result', 20_000)).toMatchObject({ ok: true, streams: 1000 });
      });
    });
  }
}
