/**
 * The hashicorp/yamux v0.1.2 timeouts that can kill a session, against the real Go peer with
 * short settings: StreamOpenTimeout (we must ACK accepted streams), keepalive pings (we must
 * answer within ConnectionWriteTimeout), StreamCloseTimeout (Go resets a half-closed stream),
 * and our own keepalive and stream-open timeout against Go (which, as in Go, stops for a stream
 * we closed ourselves).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, createServer, type YamuxConfig, type YamuxError, type YamuxSession } from 'go-netrpc/yamux';
import { killAllPeers, nextError, sleep, startGoPeer, type PeerHandle, type Role, type Transport } from '../helpers/yamux-peers.js';

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

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* block the event loop on purpose */
  }
}

for (const transport of ['tcp', 'unix'] as const) {
  for (const role of ['client', 'server'] as const) {
    describe(`yamux ${role} vs Go timeouts over ${transport}`, () => {
      it('Go StreamOpenTimeout: an accepted stream is ACKed at once, the session survives', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'open-idle', '-open-timeout-ms', '800', '-hold-ms', '1200']);
        const s = await session.accept();
        // Deliberately neither read nor write: accept() alone must send the ACK (yamux.md §1.8 #2).
        expect(s.id % 2).toBe(role === 'client' ? 0 : 1);
        expect(await peer.waitEvent('result')).toMatchObject({ alive: true });
        expect(session.isClosed).toBe(false);
      });

      it('Go StreamOpenTimeout: a stream never accepted here makes Go close the session', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'open-idle', '-open-timeout-ms', '300', '-hold-ms', '700']);
        expect(await peer.waitEvent('result')).toMatchObject({ alive: false });
        expect(((await session.closed) as YamuxError).code).toBe('CONNECTION_CLOSED');
      });

      it('Go keepalive: our answers keep the session alive; a blocked event loop gets it closed', async () => {
        // Go allows 700 ms per ping reply (tolerates scheduling stalls of a loaded machine); we
        // then block our event loop for 1.5 s.
        const { peer, session } = await setup(role, transport, ['-mode', 'idle', '-keepalive-ms', '60', '-write-timeout-ms', '700', '-hold-ms', '3000']);
        await sleep(400);
        expect(peer.events.some((e) => e.event === 'session-closed')).toBe(false);
        busyWait(1500);
        await peer.waitEvent('session-closed');
        expect(((await session.closed) as YamuxError).code).toBe('CONNECTION_CLOSED');
      });

      it('Go StreamCloseTimeout: a stream we never close after Go FINs is reset by Go', async () => {
        const { session } = await setup(role, transport, ['-mode', 'close-first', '-close-timeout-ms', '300']);
        const s = await session.open();
        s.write('x');
        s.resume();
        const err = (await nextError(s, 5000)) as YamuxError;
        expect(err.code).toBe('STREAM_RESET');
        expect(s.readableEnded).toBe(true);
      });

      it('our keepalive pings Go; Go answers', async () => {
        const { session } = await setup(role, transport, ['-mode', 'idle', '-hold-ms', '2000'], { keepAliveIntervalMs: 50, connectionWriteTimeoutMs: 1000 });
        await sleep(400);
        expect(session.isClosed).toBe(false);
        expect(await session.ping()).toBeGreaterThan(0);
      });

      it('our streamOpenTimeoutMs: Go never accepts, so our session closes with STREAM_OPEN_TIMEOUT', async () => {
        const { session } = await setup(role, transport, ['-mode', 'noaccept'], { streamOpenTimeoutMs: 300 });
        const s = await session.open();
        s.on('error', () => undefined);
        const reason = (await session.closed) as YamuxError;
        expect(reason.code).toBe('STREAM_OPEN_TIMEOUT');
        expect(reason.streamId).toBe(s.id);
      });

      it('our streamOpenTimeoutMs stops once we closed the stream: Go never ACKs it, the session lives on', async () => {
        // Go Stream.Close signals establishCh, so setOpenTimeout stops waiting; Go's accept side
        // never ACKs a stream whose FIN arrived before Accept (here: never accepted at all).
        const { session } = await setup(role, transport, ['-mode', 'noaccept'], { streamOpenTimeoutMs: 150 });
        const s = await session.open();
        s.on('error', () => undefined);
        s.end('written and closed at once');
        await sleep(1500); // ten timeouts
        expect(session.isClosed).toBe(false);
        expect(await session.ping()).toBeGreaterThan(0);
        const open = await session.open();
        expect(open.id).toBe(s.id + 2);
        open.on('error', () => undefined);
        open.destroy();
      });
    });
  }
}
