/**
 * Calibration: `conformance yamux` against the reference (hashicorp/yamux v0.1.2 through
 * go-testbed/cmd/yamuxiut) must pass every judged case strictly, and go-netrpc must match its
 * known verdicts (a deviation listed here with its reason is a go-netrpc/yamux finding of the
 * kit, to be fixed in src/yamux — when it is, this list shrinks), in both yamux roles (the IUT
 * as server, and as client with the kit as server). Every full run with --time-scale 0.05 must
 * stay far below two minutes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { columnKey } from '../../src/conformance/matrix.js';
import type { RunReport } from '../../src/conformance/types.js';
import { YAMUX_ROLES } from '../../src/conformance/yamux/context.js';
import { loadMatrix, pool, runKit } from './run-kit.js';

/** go-netrpc/yamux deviations from Go found by the kit. */
export const GO_NETRPC_DEVIATIONS: Record<string, string> = {
  // None today. Fixed: 2.8 (frames for never-opened stream ids are discarded, as Go does) and
  // 8.3 (StreamOpenTimeout stops once the stream is closed locally, as Go's Stream.Close does).
};

const runs = ['hashicorp', 'go-netrpc'].flatMap((adapter) => YAMUX_ROLES.map((role) => ({ adapter, role })));
const reports = new Map<string, RunReport>();
const report = (adapter: string, role: string): RunReport => reports.get(`${adapter}-${role}`) as RunReport;

beforeAll(async () => {
  const done = await pool(runs, 2, (r) => runKit(r));
  runs.forEach((r, i) => reports.set(`${r.adapter}-${r.role}`, done[i] as RunReport));
}, 600_000);

describe('conformance yamux calibration', () => {
  for (const role of YAMUX_ROLES) {
    it(`hashicorp/yamux passes every judged case strictly (${role} role)`, () => {
      const rep = report('hashicorp', role);
      const bad = rep.results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'info');
      expect(bad.map((r) => `${r.id} ${r.verdict}: ${r.observed}`)).toEqual([]);
      expect(rep.results.filter((r) => r.verdict === 'pass').length).toBeGreaterThanOrEqual(40);
    });

    it(`go-netrpc passes every judged case except its listed deviations (${role} role)`, () => {
      const rep = report('go-netrpc', role);
      const got = Object.fromEntries(rep.results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'info').map((r) => [r.id, r.verdict]));
      expect(got, JSON.stringify(rep.results.filter((r) => r.id in got))).toEqual(GO_NETRPC_DEVIATIONS);
    });
  }

  it('the checked-in matrix has today\'s verdicts for hashicorp and go-netrpc in both roles', () => {
    const m = loadMatrix();
    for (const rep of reports.values()) {
      const key = columnKey({ name: rep.iut, role: rep.role });
      const fixture = m.iuts.find((i) => columnKey(i) === key);
      expect(Object.fromEntries(rep.results.map((r) => [r.id, r.verdict])), key).toEqual(Object.fromEntries((fixture?.results ?? []).map((r) => [r.id, r.verdict])));
    }
  });

  it('a full run at --time-scale 0.05 takes well under two minutes', () => {
    // Measured 42-53 s each (in the matrix run, one at a time on the loaded 2-core machine); 120 s is the bound.
    for (const rep of reports.values()) expect(rep.durationMs, `${rep.iut} ${rep.role}`).toBeLessThan(120_000);
  });
});
