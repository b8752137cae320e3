import { describe, expect, it } from 'vitest';
import { Keepalive } from '../../../src/yamux/keepalive.js';

describe('Keepalive (Go Session.keepalive)', () => {
  it('pings every interval while pings succeed, and stops on stop()', async () => {
    let pings = 0;
    const k = new Keepalive(5, () => (pings++, Promise.resolve(1)), () => undefined);
    k.start();
    await new Promise((r) => setTimeout(r, 60));
    k.stop();
    const seen = pings;
    expect(seen).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 30));
    expect(pings).toBe(seen);
  });

  it('reports the first failed ping once and stops', async () => {
    const failures: unknown[] = [];
    const k = new Keepalive(5, () => Promise.reject(new Error('no reply')), (e) => failures.push(e));
    k.start();
    await new Promise((r) => setTimeout(r, 40));
    expect(failures).toHaveLength(1);
    k.stop();
  });
});
