/**
 * Calibration of `conformance rpc`: Go's own net/rpc (go-testbed/cmd/rpciut) must pass every
 * judged case strictly in both roles, and so must go-netrpc/rpc; both must have the verdicts
 * checked into fixtures/conformance/rpc-matrix.json. A full run of both roles takes seconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/conformance/types.js';
import { loadRpcMatrix, runRpcKit } from './rpc-run-kit.js';

let go: RunReport;
let goNetrpc: RunReport;

beforeAll(async () => {
  [go, goNetrpc] = await Promise.all([runRpcKit({ adapter: 'go' }), runRpcKit({ adapter: 'go-netrpc' })]);
}, 300_000);

const notPassed = (rep: RunReport): string[] => rep.results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'info').map((r) => `${r.id} ${r.verdict}: ${r.observed}`);

describe('conformance rpc calibration', () => {
  it('Go net/rpc passes every judged case strictly, as server and as client', () => {
    expect(notPassed(go)).toEqual([]);
    expect(go.capabilities).toEqual(['role:server', 'role:client']);
    expect(go.results.filter((r) => r.verdict === 'pass').length).toBeGreaterThanOrEqual(40);
  });

  it('go-netrpc/rpc passes every judged case strictly, as server and as client', () => {
    expect(notPassed(goNetrpc)).toEqual([]);
  });

  it('the checked-in matrix has today\'s verdicts', () => {
    const m = loadRpcMatrix();
    for (const rep of [go, goNetrpc]) {
      const fixture = m.iuts.find((i) => i.name === rep.iut);
      expect(Object.fromEntries(rep.results.map((r) => [r.id, r.verdict])), rep.iut).toEqual(Object.fromEntries((fixture?.results ?? []).map((r) => [r.id, r.verdict])));
    }
  });

  it('a full run of both roles takes well under two minutes', () => {
    // Measured 5–7 s each (both roles); 120 s is the bound for a full run.
    expect(go.durationMs).toBeLessThan(120_000);
    expect(goNetrpc.durationMs).toBeLessThan(120_000);
  });
});
