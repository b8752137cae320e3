/**
 * Fault cases over real sockets (TCP and unix): a misbehaving peer, played by a raw socket,
 * sends a malformed header or overruns the window; the session answers GoAway(protocol error),
 * closes the connection and reports a YamuxError. Frames naming a stream that was never opened
 * are discarded and the session carries on, as Go's handleStreamMessage does (the kit's case 2.8
 * checks the same against hashicorp/yamux).
 * (Peer death mid-stream and 1,000 simultaneous streams run against Go in yamux-go-peer.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createYamuxServer, decodeHeader, encodeHeader, Flag, FrameType, type YamuxError, type YamuxSession } from 'go-netrpc/yamux';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function pair(transport: 'tcp' | 'unix'): Promise<{ session: YamuxSession; raw: Socket }> {
  const server: Server = createServer();
  const accepted = new Promise<Socket>((r) => server.once('connection', r));
  let path: string | undefined;
  if (transport === 'unix') {
    const dir = mkdtempSync(join(tmpdir(), 'yxf-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    path = join(dir, 's.sock');
    await new Promise<void>((r) => server.listen(path, r));
  } else {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  }
  const addr = server.address();
  const raw = path !== undefined ? createConnection(path) : createConnection((addr as { port: number }).port, '127.0.0.1');
  raw.on('error', () => undefined);
  const sock = await accepted;
  server.close();
  const session = createYamuxServer(sock, { enableKeepAlive: false });
  cleanups.push(() => {
    raw.destroy();
    void session.close();
  });
  return { session, raw };
}

/** Everything the raw peer receives until the session closes the connection. */
function readToEnd(raw: Socket): Promise<Buffer> {
  const parts: Buffer[] = [];
  raw.on('data', (c: Buffer) => parts.push(c));
  return new Promise((resolve) => raw.once('end', () => resolve(Buffer.concat(parts))));
}

const cases: [string, Buffer[], string][] = [
  ['malformed header (version 1)', [Buffer.from('01000001000000010000000568656c6c6f', 'hex')], 'INVALID_VERSION'],
  ['malformed header (type 9)', [encodeHeader(1, 0, 0, 0).fill(9, 1, 2)], 'INVALID_MSG_TYPE'],
  ['window overflow', [encodeHeader(FrameType.WindowUpdate, Flag.SYN, 1, 0), encodeHeader(FrameType.Data, 0, 1, 300_000), Buffer.alloc(300_000)], 'RECV_WINDOW_EXCEEDED'],
];

for (const transport of ['tcp', 'unix'] as const) {
  describe(`yamux fault cases over ${transport}`, () => {
    for (const [name, bytes, code] of cases) {
      it(`${name} → GoAway(protocol error), connection closed, ${code}`, async () => {
        const { session, raw } = await pair(transport);
        const received = readToEnd(raw);
        // split the bad input at odd places, as a real network may
        const all = Buffer.concat(bytes);
        for (let i = 0; i < all.length; i += 7_777) raw.write(all.subarray(i, i + 7_777));
        const got = await received;
        const frames = [];
        for (let off = 0; off + 12 <= got.length; off += 12) frames.push(decodeHeader(got, off));
        expect(frames.at(-1)).toMatchObject({ type: FrameType.GoAway, streamId: 0, length: 1 });
        expect(((await session.closed) as YamuxError).code).toBe(code);
      });
    }

    it('frames for a stream never opened are discarded; the session carries on', async () => {
      const { session, raw } = await pair(transport);
      const received: Buffer[] = [];
      raw.on('data', (c: Buffer) => received.push(c));
      const big = Buffer.alloc(100_000, 7); // a payload larger than any window, drained all the same
      const all = Buffer.concat([
        encodeHeader(FrameType.Data, 0, 7, 3),
        Buffer.from('abc'),
        encodeHeader(FrameType.Data, Flag.FIN, 9, big.length),
        big,
        encodeHeader(FrameType.WindowUpdate, Flag.RST, 11, 0),
        encodeHeader(FrameType.Data, Flag.SYN, 1, 5),
        Buffer.from('hello'),
      ]);
      for (let i = 0; i < all.length; i += 7_777) raw.write(all.subarray(i, i + 7_777));
      const s = await session.accept();
      expect(s.id).toBe(1);
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      await new Promise<void>((r) => s.once('readable', r).once('data', () => r()));
      await new Promise((r) => setImmediate(r));
      expect(Buffer.concat(chunks).toString()).toBe('hello');
      const frames = [];
      const got = Buffer.concat(received);
      for (let off = 0; off + 12 <= got.length; off += 12) frames.push(decodeHeader(got, off));
      expect(frames.filter((f) => f.type === FrameType.GoAway)).toEqual([]);
      expect(session.isClosed).toBe(false);
    });
  });
}
