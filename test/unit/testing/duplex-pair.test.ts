import { describe, expect, it } from 'vitest';
import { duplexPair, yamuxPair } from 'go-netrpc/testing';

describe('duplexPair', () => {
  it('carries bytes both ways and ends the peer on end()', async () => {
    const [a, b] = duplexPair();
    const got: string[] = [];
    b.on('data', (c: Buffer) => got.push(c.toString()));
    a.write('hi');
    a.end('!');
    await new Promise((r) => b.once('end', r));
    expect(got.join('')).toBe('hi!');
    b.end('back');
    const back: string[] = [];
    a.on('data', (c: Buffer) => back.push(c.toString()));
    await new Promise((r) => a.once('end', r));
    expect(back.join('')).toBe('back');
  });

  it('applies backpressure: write() returns false until the peer reads', async () => {
    const [a, b] = duplexPair(16);
    let ok = true;
    let n = 0;
    while (ok && n < 100) {
      ok = a.write(Buffer.alloc(8));
      n++;
    }
    expect(ok).toBe(false);
    const drained = new Promise((r) => a.once('drain', r));
    b.resume();
    await drained;
  });

  it('destroying one side closes the other', async () => {
    const [a, b] = duplexPair();
    const closed = new Promise((r) => b.once('close', r));
    a.destroy();
    await closed;
    expect(b.destroyed).toBe(true);
  });
});

describe('yamuxPair', () => {
  it('connects a client and a server session that both open and accept', async () => {
    const { client, server } = yamuxPair({ enableKeepAlive: false });
    const accepted = server.accept();
    const c = await client.open();
    c.end('ping');
    const s = await accepted;
    const got: Buffer[] = [];
    s.on('data', (chunk: Buffer) => got.push(chunk));
    await new Promise((r) => s.once('end', r));
    expect(Buffer.concat(got).toString()).toBe('ping');
    s.end();
    await new Promise((r) => c.once('end', r).resume());
    const fromServer = client.accept();
    const t = await server.open();
    t.on('error', () => undefined);
    expect((await fromServer).id).toBe(t.id);
    await client.close();
    expect(await server.closed).toMatchObject({ code: 'CONNECTION_CLOSED' });
  });
});
