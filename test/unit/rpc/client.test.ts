/**
 * Unit tests of rpc.Client (Go rpc.Client send/input/Close) against the in-memory fake codec.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { Client } from '../../../src/rpc/client.js';
import { RpcError } from '../../../src/rpc/errors.js';
import { describeService } from '../../../src/rpc/service.js';
import type { RequestHeader } from '../../../src/rpc/codec.js';
import { BAD_HEADER, Undecodable, Unencodable, fakeCodecPair } from './fake-codec.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });
const Reply = gob.struct('Reply', { C: gob.int });

async function nextRequest(pair: ReturnType<typeof fakeCodecPair>) {
  const m = await pair.requests.next();
  if (m === null || m.header === BAD_HEADER) throw new Error('no request');
  return m as { header: RequestHeader; body: unknown };
}

function rejection(p: Promise<unknown>): Promise<RpcError> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(RpcError);
      return e as RpcError;
    },
  );
}

describe('rpc Client', () => {
  it('numbers calls from Seq 0 and matches replies out of order by Seq', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p0 = client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply);
    const p1 = client.call('Arith.Add', { A: 3, B: 4 }, Args, Reply);
    const r0 = await nextRequest(pair);
    const r1 = await nextRequest(pair);
    expect(r0.header).toEqual({ serviceMethod: 'Arith.Add', seq: 0 });
    expect(r1.header).toEqual({ serviceMethod: 'Arith.Add', seq: 1 });
    expect(r1.body).toEqual({ A: 3, B: 4 });
    pair.responses.push({ header: { serviceMethod: 'whatever', seq: 1, error: '' }, body: { C: 7 } });
    pair.responses.push({ header: { serviceMethod: 'Arith.Add', seq: 0, error: '' }, body: { C: 3 } });
    expect(await p1).toEqual({ C: 7 });
    expect(await p0).toEqual({ C: 3 });
    expect(client.pendingCalls).toBe(0);
    await client.close();
  });

  it('turns Response.Error into SERVER_ERROR with Go text verbatim and discards the body', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p = client.call('Arith.Div', { A: 1, B: 0 }, Args, Reply);
    await nextRequest(pair);
    // The body is an undecodable placeholder: it must be discarded (read with null), not decoded.
    pair.responses.push({ header: { serviceMethod: 'Arith.Div', seq: 0, error: 'divide by zero' }, body: new Undecodable('x') });
    const e = await rejection(p);
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.message).toBe('divide by zero');
    expect(e.serviceMethod).toBe('Arith.Div');
    // The client is still usable.
    const p2 = client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply);
    expect((await nextRequest(pair)).header.seq).toBe(1);
    pair.responses.push({ header: { serviceMethod: '', seq: 1, error: '' }, body: { C: 2 } });
    expect(await p2).toEqual({ C: 2 });
    await client.close();
  });

  it('discards replies with unknown Seq', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p = client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply);
    await nextRequest(pair);
    pair.responses.push({ header: { serviceMethod: 'X.Y', seq: 99, error: '' }, body: new Undecodable('must not decode') });
    pair.responses.push({ header: { serviceMethod: 'X.Y', seq: 2n ** 64n - 1n, error: '' }, body: { C: 1 } });
    pair.responses.push({ header: { serviceMethod: 'Arith.Add', seq: 0, error: '' }, body: { C: 3 } });
    expect(await p).toEqual({ C: 3 });
    await client.close();
  });

  it('close() rejects every pending call with SHUTDOWN, and later calls too', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const ps = [0, 1, 2].map((i) => rejection(client.call('Arith.Add', { A: i, B: i }, Args, Reply)));
    await client.close();
    for (const e of await Promise.all(ps)) {
      expect(e.code).toBe('SHUTDOWN');
      expect(e.message).toBe('connection is shut down');
    }
    expect(pair.client.closed).toBe(true);
    const late = await rejection(client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply));
    expect(late.code).toBe('SHUTDOWN');
    await client.close(); // idempotent
  });

  it('connection loss fails pending calls with UNEXPECTED_EOF, later calls with SHUTDOWN', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p = rejection(client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply));
    await nextRequest(pair);
    pair.drop();
    const e = await p;
    expect(e.code).toBe('UNEXPECTED_EOF');
    expect(e.message).toBe('unexpected EOF');
    await client.closed;
    expect(client.isShutdown).toBe(true);
    expect((await rejection(client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply))).code).toBe('SHUTDOWN');
  });

  it('a reply that fails to decode fails that call ("reading body …") and shuts the client down, as Go', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p0 = rejection(client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply));
    const p1 = rejection(client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply));
    await nextRequest(pair);
    await nextRequest(pair);
    pair.responses.push({ header: { serviceMethod: 'Arith.Add', seq: 0, error: '' }, body: new Undecodable('gob: bad data') });
    const e0 = await p0;
    expect(e0.code).toBe('DECODE_FAILED');
    expect(e0.message).toBe('reading body gob: bad data');
    const e1 = await p1;
    expect(e1.code).toBe('DECODE_FAILED');
    expect(e1.message).toBe('gob: bad data');
    expect((await rejection(client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply))).code).toBe('SHUTDOWN');
    expect(pair.client.closed).toBe(true);
  });

  it('a corrupt response header shuts the client down', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p = rejection(client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply));
    await nextRequest(pair);
    pair.responses.push({ header: BAD_HEADER, body: undefined });
    expect((await p).code).toBe('DECODE_FAILED');
  });

  it('an argument that fails to encode fails only that call; nothing is written; Seq still advances', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const e = await rejection(client.call('Arith.Add', new Unencodable('gob: bad arg') as never, Args, Reply));
    expect(e.code).toBe('ENCODE_FAILED');
    expect(e.message).toBe('gob: bad arg');
    expect(pair.requests.log).toHaveLength(0);
    const p = client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply);
    // Go's send increments seq before WriteRequest fails, so the next call is Seq 1.
    expect((await nextRequest(pair)).header.seq).toBe(1);
    pair.responses.push({ header: { serviceMethod: '', seq: 1, error: '' }, body: { C: 2 } });
    expect(await p).toEqual({ C: 2 });
    await client.close();
  });

  it('abort and timeout abandon a call; its late reply is discarded', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const ac = new AbortController();
    const pa = rejection(client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply, { signal: ac.signal }));
    const pt = rejection(client.call('Arith.Add', { A: 1, B: 2 }, Args, Reply, { timeoutMs: 5 }));
    ac.abort(new Error('stop'));
    expect((await pa).code).toBe('ABORTED');
    expect((await pt).code).toBe('TIMEOUT');
    pair.responses.push({ header: { serviceMethod: '', seq: 0, error: '' }, body: { C: 3 } });
    const p = client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply);
    pair.responses.push({ header: { serviceMethod: '', seq: 2, error: '' }, body: { C: 2 } });
    expect(await p).toEqual({ C: 2 });
    const already = AbortSignal.abort();
    expect((await rejection(client.call('Arith.Add', { A: 1, B: 1 }, Args, Reply, { signal: already }))).code).toBe('ABORTED');
    await client.close();
  });

  it('waits for drain before writing more, then sends queued calls in order', async () => {
    let release!: () => void;
    let blocked = true;
    const pair = fakeCodecPair({
      drain: () => (blocked ? new Promise<void>((r) => (release = r)) : undefined),
    });
    const client = new Client(pair.client);
    const ps = [0, 1, 2, 3].map((i) => client.call('Arith.Add', { A: i, B: 0 }, Args, Reply));
    await new Promise((r) => setTimeout(r, 5));
    expect(pair.requests.log).toHaveLength(1);
    expect(client.pendingCalls).toBe(4);
    blocked = false;
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(pair.requests.log.map((m) => (m.header as { seq: number }).seq)).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 4; i++) pair.responses.push({ header: { serviceMethod: '', seq: i, error: '' }, body: { C: i } });
    expect(await Promise.all(ps)).toEqual([{ C: 0 }, { C: 1 }, { C: 2 }, { C: 3 }]);
    await client.close();
  });

  it('typed stubs call "Service.Method"', async () => {
    const Arith = describeService('net.rpc.Arith', { Add: { args: Args, reply: Reply } });
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const p = client.service(Arith).Add({ A: 2, B: 3 });
    const req = await nextRequest(pair);
    expect(req.header.serviceMethod).toBe('net.rpc.Arith.Add');
    pair.responses.push({ header: { serviceMethod: '', seq: 0, error: '' }, body: { C: 5 } });
    const r: { C: number } = await p;
    expect(r.C).toBe(5);
    await client.close();
  });
});
