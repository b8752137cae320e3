/**
 * One AbortSignal shared by many calls and dials (issue 13.7): the rpc client adds a single
 * 'abort' listener per signal, so Node prints no MaxListenersExceededWarning, aborting still
 * rejects every call, and the listener is gone once no call waits on the signal.
 */
import { getEventListeners } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { Client } from '../../../src/rpc/client.js';
import { dial } from '../../../src/rpc/connect.js';
import { fakeCodecPair } from './fake-codec.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });

describe('rpc calls sharing one AbortSignal', () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => void process.off('warning', onWarning));

  it('50 pending calls: one listener, no warning, all ABORTED on abort', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const ac = new AbortController();
    const calls = Array.from({ length: 50 }, (_, i) => client.call('Arith.Add', { A: i, B: 0 }, Args, gob.int, { signal: ac.signal }).catch((e: unknown) => e));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort(new Error('stop'));
    const results = await Promise.all(calls);
    for (const r of results) expect(r).toMatchObject({ code: 'ABORTED' });
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    await client.close();
  });

  it('the listener is removed once the calls settle otherwise', async () => {
    const pair = fakeCodecPair();
    const client = new Client(pair.client);
    const ac = new AbortController();
    const calls = Array.from({ length: 20 }, (_, i) => client.call('Arith.Add', { A: i, B: 0 }, Args, gob.int, { signal: ac.signal }).catch((e: unknown) => e));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    await client.close(); // rejects every call with SHUTDOWN
    for (const r of await Promise.all(calls)) expect(r).toMatchObject({ code: 'SHUTDOWN' });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('20 dials with one signal: no warning, and no listener left', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const ac = new AbortController();
    try {
      const clients = await Promise.all(Array.from({ length: 20 }, () => dial({ host: '127.0.0.1', port }, { signal: ac.signal })));
      expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
      await Promise.all(clients.map((c) => c.close()));
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      server.close();
    }
  });
});
