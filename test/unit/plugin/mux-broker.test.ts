import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { duplexPair } from 'go-netrpc/testing';
import { MuxBroker, type BrokerSession } from '../../../src/plugin/mux-broker.js';
import { readExactly } from '../../../src/plugin/stream-io.js';

/** Two fake sessions: open() on one side is accept() on the other. */
function sessionPair(): [BrokerSession & { log: Uint8Array[] }, BrokerSession] {
  const queues: [Duplex[], Duplex[]] = [[], []];
  const waiters: [((d: Duplex) => void)[], ((d: Duplex) => void)[]] = [[], []];
  const log: Uint8Array[] = [];
  const side = (me: 0 | 1): BrokerSession => ({
    open() {
      const [mine, theirs] = duplexPair();
      const other = (1 - me) as 0 | 1;
      const w = waiters[other].shift();
      if (w) w(theirs);
      else queues[other].push(theirs);
      if (me === 0) {
        const origWrite = mine.write.bind(mine);
        mine.write = ((chunk: Uint8Array, ...rest: never[]) => {
          log.push(Uint8Array.from(chunk));
          return origWrite(chunk, ...rest);
        }) as typeof mine.write;
      }
      return Promise.resolve(mine);
    },
    accept() {
      const q = queues[me].shift();
      if (q) return Promise.resolve(q);
      return new Promise((resolve) => waiters[me].push(resolve));
    },
  });
  return [Object.assign(side(0), { log }), side(1)];
}

describe('MuxBroker (go-plugin mux_broker.go) over an in-memory session', () => {
  it('numbers ids from 1 per side', () => {
    const [s] = sessionPair();
    const b = new MuxBroker(s);
    expect([b.nextId(), b.nextId(), b.nextId()]).toEqual([1, 2, 3]);
  });

  it('dials with a little-endian id, gets it echoed, then carries raw bytes both ways', async () => {
    const [s0, s1] = sessionPair();
    const dialer = new MuxBroker(s0);
    const acceptor = new MuxBroker(s1);
    void acceptor.run();
    const id = 0x01020304;
    const [a, d] = await Promise.all([acceptor.accept(id), dialer.dial(id)]);
    expect(Buffer.from(s0.log[0] ?? []).toString('hex')).toBe('04030201');
    d.write('ping');
    expect(Buffer.from(await readExactly(a, 4, () => new Error('eof'))).toString()).toBe('ping');
    a.write('pong');
    expect(Buffer.from(await readExactly(d, 4, () => new Error('eof'))).toString()).toBe('pong');
  });

  it('parks a stream that arrives before accept()', async () => {
    const [s0, s1] = sessionPair();
    const dialer = new MuxBroker(s0);
    const acceptor = new MuxBroker(s1);
    void acceptor.run();
    const dialed = dialer.dial(7);
    await new Promise((r) => setTimeout(r, 20)); // in-memory: the stream is parked by now
    const [a, d] = await Promise.all([acceptor.accept(7), dialed]);
    // The parked stream is the dialed one: bytes cross both ways, after the 4-byte id and its ack.
    expect(Buffer.from(s0.log[0] ?? []).toString('hex')).toBe('07000000');
    d.write('parked?');
    expect(Buffer.from(await readExactly(a, 7, () => new Error('eof'))).toString()).toBe('parked?');
    a.write('yes');
    expect(Buffer.from(await readExactly(d, 3, () => new Error('eof'))).toString()).toBe('yes');
  });

  it('accept() times out with Go’s message', async () => {
    const [, s1] = sessionPair();
    const acceptor = new MuxBroker(s1, { acceptTimeoutMs: 50 });
    await expect(acceptor.accept(9)).rejects.toMatchObject({ code: 'BROKER_TIMEOUT', message: 'timeout waiting for accept' });
  });

  it('closes unclaimed streams after the timeout, failing the dial', async () => {
    const [s0, s1] = sessionPair();
    const dialer = new MuxBroker(s0);
    const acceptor = new MuxBroker(s1, { acceptTimeoutMs: 50 });
    void acceptor.run();
    await expect(dialer.dial(11)).rejects.toMatchObject({ code: 'BROKER_CLOSED' });
  });

  it('rejects a wrong ack', async () => {
    const [s0, s1] = sessionPair();
    const dialer = new MuxBroker(s0);
    const dialed = dialer.dial(5);
    const raw = await s1.accept();
    await readExactly(raw, 4, () => new Error('eof'));
    raw.write(Uint8Array.of(6, 0, 0, 0));
    await expect(dialed).rejects.toMatchObject({ code: 'BROKER_BAD_ACK', message: 'bad ack: 6 (expected 5)' });
  });
});
