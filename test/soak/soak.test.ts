/**
 * A small budget of `npm run soak` (test/soak/soak.ts): 20,000 verified calls TS host → TS plugin
 * through the go-plugin layer; fd counts of both processes must not move after warm-up and RSS
 * must not run away (a generous bound: the full 1M-call run checks 10 %).
 */
import { describe, expect, it } from 'vitest';
import { soak } from './soak.js';

describe('plugin-layer soak (small budget)', () => {
  it('20,000 calls keep fds constant and RSS bounded in host and plugin', async () => {
    const rep = await soak({ calls: 20_000, inflight: 8, samples: 40 });
    expect(rep.calls).toBe(20_000);
    expect(rep.hostFds.max).toBe(rep.hostFds.min);
    expect(rep.pluginFds.max).toBe(rep.pluginFds.min);
    expect(rep.hostRss.growth).toBeLessThan(0.5);
    expect(rep.pluginRss.growth).toBeLessThan(0.5);
  }, 120_000);
});
