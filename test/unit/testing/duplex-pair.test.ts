import { describe, expect, it } from 'vitest';
import { duplexPair } from 'go-netrpc/testing';

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
