/**
 * The adapters for other yamux implementations, run live in both roles: @chainsafe/libp2p-yamux
 * (npm) and the Rust `yamux` crate (go-testbed/rust-yamux-iut, built by the test setup). Each
 * run must agree with its generated failure list in fixtures/conformance/ (written by
 * `npm run conformance:matrix`): every listed case still fails or is non-strict, every other
 * case passes — so the published matrix stays true for them. (yamux-js, whose failures mostly
 * hang, is checked the same way in test/conformance/yamux-js-peer.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/conformance/types.js';
import { YAMUX_ROLES } from '../../src/conformance/yamux/context.js';
import { disagreements, loadFailureList, pool, runKit } from './run-kit.js';

const runs = ['chainsafe', 'rust-yamux'].flatMap((adapter) => YAMUX_ROLES.map((role) => ({ adapter, role })));
const reports: RunReport[] = [];

beforeAll(async () => {
  reports.push(...(await pool(runs, 2, (r) => runKit(r))));
}, 600_000);

describe('conformance yamux: other implementations agree with their published failure lists', () => {
  runs.forEach((r, i) => {
    it(`${r.adapter} (${r.role} role)`, () => {
      const rep = reports[i] as RunReport;
      expect(disagreements(rep, loadFailureList(`${r.adapter}-${r.role}`)), rep.iutLog).toEqual([]);
      // Calibration of the adapter itself: the basic echo works, so failures are the library's.
      expect(rep.results.find((x) => x.id === '1.1')?.verdict).toBe('pass');
    });
  });
});
