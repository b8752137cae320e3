/**
 * rpc.Server replies under backpressure and at the message limit (issue 13.2, 13.3): error
 * replies (unknown service/method, bad body) hold a concurrency slot until the transport took
 * them, exactly like normal replies, so a client that never reads its replies stops being read
 * instead of making the server buffer every answer; an error reply too large for the codec's
 * message limit is cut short rather than never sent.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { RpcError } from '../../../src/rpc/errors.js';
import { RequestType, ResponseType } from '../../../src/rpc/gob-codec.js';
import { createClient } from '../../../src/rpc/connect.js';
import { Server } from '../../../src/rpc/server.js';
import { defineService } from '../../../src/rpc/service.js';
import { duplexPair } from '../../../src/testing/index.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });
const Reply = gob.struct('Reply', { C: gob.int });

function arith(failWith?: string) {
  return defineService('Arith', { Add: { args: Args, reply: Reply } }, {
    Add: (a) => {
      if (failWith !== undefined) throw new Error(failWith);
      return { C: a.A + a.B };
    },
  });
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

describe('rpc Server error replies', () => {
  it('go through the bounded reply path: a client that never reads stops being read', { timeout: 120_000 }, async () => {
    const CALLS = 5000;
    const MAX = 16;
    const server = new Server({ maxConcurrentCallsPerConn: MAX });
    server.register(arith());
    const [clientSide, serverSide] = duplexPair();
    const served = server.serveConn(serverSide);
    const enc = new gob.Encoder();
    const name = `Arith.${'N'.repeat(2048)}`; // unknown method, 2 KB name: ~4 KB per error reply
    const args = { A: 1, B: 2 };
    let sent = 0;
    let stalled = false;
    // Write calls without reading a single reply, until the server stops reading them.
    while (sent < CALLS) {
      const ok = clientSide.write(Buffer.concat([enc.encode({ ServiceMethod: name, Seq: sent }, RequestType), enc.encode(args, Args)]));
      sent++;
      if (!ok) {
        const drained = await Promise.race([new Promise<boolean>((r) => clientSide.once('drain', () => r(true))), tick(1000).then(() => false)]);
        if (!drained) {
          stalled = true;
          break;
        }
      }
    }
    // The replies the server holds for this connection: bounded by the slots, not by the calls.
    const held = serverSide.writableLength + clientSide.readableLength;
    expect(stalled).toBe(true);
    expect(sent).toBeLessThan(CALLS);
    expect(held).toBeLessThan(4 << 20); // unbounded, it would be CALLS × ~4 KB ≈ 20 MB

    // Once the client reads, the server resumes and answers every call with Go's text.
    const dec = new gob.Decoder();
    let answered = 0;
    let wrongText = 0;
    const want = `rpc: can't find method ${name}`;
    const allAnswered = new Promise<void>((resolve) => {
      let inBody = false;
      clientSide.on('data', (chunk: Buffer) => {
        dec.push(chunk);
        for (;;) {
          if (!inBody) {
            const h = dec.decode(ResponseType);
            if (h === gob.NEED_MORE) break;
            if (h.Error !== want) wrongText++;
            inBody = true;
          }
          if (dec.skip() !== true) break;
          inBody = false;
          if (++answered === CALLS) resolve();
        }
      });
    });
    while (sent < CALLS) {
      if (!clientSide.write(Buffer.concat([enc.encode({ ServiceMethod: name, Seq: sent }, RequestType), enc.encode(args, Args)]))) {
        await new Promise((r) => clientSide.once('drain', r));
      }
      sent++;
    }
    clientSide.end();
    await allAnswered;
    expect(wrongText).toBe(0);
    await served;
  });

  it('an error text beyond the message limit is cut, and the call is answered', { timeout: 120_000 }, async () => {
    const LIMIT = 64 * 1024;
    const server = new Server();
    server.register(arith('x'.repeat(3 * LIMIT)));
    const [clientSide, serverSide] = duplexPair();
    void server.serveConn(serverSide, { maxMessageBytes: LIMIT });
    const client = createClient(clientSide);
    const e = await client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe('SERVER_ERROR');
    expect((e as RpcError).message).toMatch(/^x{1024}… \(\d+ more characters cut\)$/);

    // An unknown method whose echoed name and error text together exceed the limit.
    const long = `Arith.${'y'.repeat(40_000)}`;
    const e2 = await client.call(long, { A: 1, B: 2 }, Args, Reply).catch((err: unknown) => err);
    expect((e2 as RpcError).code).toBe('SERVER_ERROR');
    const text = (e2 as RpcError).message;
    expect(text.length).toBeLessThan(2048); // (never print a 40 KB string on failure)
    expect(/^rpc: can't find method Arith\.y+… \(\d+ more characters cut\)$/.test(text)).toBe(true);
    // The connection is still in sync.
    server.register(defineService('Ok', { Add: { args: Args, reply: Reply } }, { Add: (a) => ({ C: a.A + a.B }) }));
    await expect(client.call('Ok.Add', { A: 2, B: 3 }, Args, Reply)).resolves.toEqual({ C: 5 });
    await client.close();
  });
});
