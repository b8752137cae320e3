import { describe, expect, it } from 'vitest';
import { Keepalive } from '../../../src/yamux/keepalive.js';

describe('Keepalive (Go Session.keepalive)', () => {
  // Counting pings within a fixed wall-clock window breaks on a loaded machine (a stalled
  // process runs one tick, then the window's own timer): wait for the pings instead.
  it('pings every interval while pings succeed, and stops on stop()', async () => {
    let pings = 0;
    let third!: () => void;
    const reachedThree = new Promise<void>((r) => (third = r));
    const k = new Keepalive(5, () => {
      if (++pings === 3) third();
      return Promise.resolve(1);
    }, () => undefined);
    k.start();
    await reachedThree;
    k.stop();
    const seen = pings;
    await new Promise((r) => setTimeout(r, 30));
    expect(pings).toBe(seen);
  });

  it('reports the first failed ping once and stops', async () => {
    const failures: unknown[] = [];
    let pings = 0;
    let failed!: () => void;
    const reported = new Promise<void>((r) => (failed = r));
    const k = new Keepalive(5, () => (pings++, Promise.reject(new Error('no reply'))), (e) => (failures.push(e), failed()));
    k.start();
    await reported;
    await new Promise((r) => setTimeout(r, 30));
    expect(failures).toHaveLength(1);
    expect(pings).toBe(1);
    k.stop();
  });
});
