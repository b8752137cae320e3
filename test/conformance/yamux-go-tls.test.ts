/**
 * go-netrpc/yamux over TLS (a tls.TLSSocket below the session, as with go-plugin's AutoMTLS)
 * against hashicorp/yamux v0.1.2 over Go's crypto/tls, in both roles, over TCP and a unix socket.
 */
import { randomBytes } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, createServer, type YamuxSession } from 'go-netrpc/yamux';
import { killAllPeers, readAll, startGoPeer, type PeerHandle, type Role, type Transport } from '../helpers/yamux-peers.js';

const sessions: YamuxSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  killAllPeers();
});

async function setup(role: Role, transport: Transport, args: string[]): Promise<{ peer: PeerHandle; session: YamuxSession }> {
  const peer = await startGoPeer(role, transport, args, { tls: true });
  expect(peer.conn).toBeInstanceOf(TLSSocket);
  const session = role === 'client' ? createClient(peer.conn) : createServer(peer.conn);
  sessions.push(session);
  return { peer, session };
}

for (const transport of ['tcp', 'unix'] as const) {
  for (const role of ['client', 'server'] as const) {
    describe(`yamux ${role} vs Go over TLS over ${transport}`, () => {
      it('bulk echo of 2 MiB and a ping', async () => {
        const { session } = await setup(role, transport, ['-mode', 'echo']);
        const s = await session.open();
        const data = randomBytes(2 << 20);
        const got = readAll(s);
        s.end(data);
        expect((await got).equals(data)).toBe(true);
        expect(await session.ping()).toBeGreaterThan(0);
      });

      it('accepts and echoes streams Go opens', async () => {
        const { peer, session } = await setup(role, transport, ['-mode', 'open-echo', '-streams', '5', '-size', '300000']);
        void (async () => {
          for await (const s of session) {
            s.on('error', () => undefined);
            s.pipe(s);
          }
        })();
        expect(await peer.waitEvent('result')).toMatchObject({ ok: true });
      });
    });
  }
}
