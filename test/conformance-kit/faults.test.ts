/**
 * The kit's self-test: every judged case must FAIL against at least one deliberately broken
 * go-netrpc IUT (`conformance yamux-iut --fault NAME`), so that no case can pass vacuously. Each
 * fault runs only the cases it must break, in both roles of the IUT, and the test asserts those
 * cases fail — and that the faults together cover every case that is not informational.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { YAMUX_SECTIONS } from '../../src/conformance/yamux/cases.js';
import { YAMUX_ROLES } from '../../src/conformance/yamux/context.js';
import { FAULTS, type Fault } from '../../src/conformance/yamux/faults.js';
import type { RunReport } from '../../src/conformance/types.js';
import { pool, runKit } from './run-kit.js';

/** Which cases each fault must make fail. */
const BREAKS: Record<Fault, readonly string[]> = {
  'drop-fin': ['1.1', '2.3', '2.4', '2.5'],
  'double-fin': ['2.6'],
  'no-ack': ['2.1'],
  'bad-version': ['1.1'],
  'ignore-window': ['3.1'],
  'no-window-update': ['3.2', '1.7'],
  'ignore-syn-window': ['3.5'],
  'no-backpressure': ['3.3'],
  'drop-syn-payload': ['2.2'],
  'rst-kills-session': ['2.7'],
  'unknown-stream-stall': ['2.8'],
  'stall-on-protocol-error': ['2.9', '2.10', '3.4', '6.6'],
  'drop-high-ids': ['2.12'],
  'no-open': ['2.13', '8.1', '8.2', '8.3'],
  'open-after-goaway': ['5.5'],
  'no-ping-reply': ['4.1', '4.3'],
  'unsolicited-ack-kills': ['4.2'],
  'no-keepalive': ['4.4', '4.5'],
  'goaway-normal-kills': ['5.1'],
  'stall-on-goaway': ['5.2', '5.3', '5.4'],
  'ignore-bad-frames': ['6.1', '6.2', '6.3'],
  'strict-flags': ['6.4'],
  'exit-on-truncated': ['6.5'],
  'stream-limits': ['7.1', '7.2', '7.3'],
  'drop-short-chunks': ['1.2'],
  'one-frame-per-read': ['1.3'],
  'max-frame-64k': ['1.4', '1.5'],
  'empty-data-kills': ['1.6'],
  'no-open-timeout': ['8.1'],
  'no-close-timeout': ['8.2'],
};

/** Cases that only record an observation (verdict `info`) and so cannot fail. */
const INFORMATIONAL = ['2.11', '3.6', '3.7', '6.7', '6.8'];

const runs = new Map<string, RunReport>();

beforeAll(async () => {
  // Every fault in both roles of the IUT (yamux-iut as server, and as client with the kit as server).
  const jobs = (Object.keys(BREAKS) as Fault[]).flatMap((fault) => YAMUX_ROLES.map((role) => ({ fault, role })));
  // no-close-timeout waits for StreamCloseTimeout: a smaller time scale keeps it short.
  const reports = await pool(jobs, 4, ({ fault, role }) => runKit({ fault, role, cases: BREAKS[fault], timeScale: fault === 'no-close-timeout' ? 0.02 : 0.05 }));
  jobs.forEach((j, i) => runs.set(`${j.fault} ${j.role}`, reports[i] as RunReport));
}, 900_000);

describe('conformance kit self-test: faults make the right cases fail', () => {
  it('every fault of yamux-iut is exercised', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it('together the faults break every judged case', () => {
    const all = YAMUX_SECTIONS.flatMap((s) => s.cases.map((c) => c.id));
    const broken = new Set(Object.values(BREAKS).flat());
    expect(all.filter((id) => !broken.has(id) && !INFORMATIONAL.includes(id))).toEqual([]);
  });

  for (const [fault, ids] of Object.entries(BREAKS) as [Fault, readonly string[]][]) {
    it.each(YAMUX_ROLES)(`${fault} fails ${ids.join(', ')} (%s role)`, (role) => {
      const rep = runs.get(`${fault} ${role}`);
      expect(rep).toBeDefined();
      const got = Object.fromEntries((rep as RunReport).results.map((r) => [r.id, r.verdict]));
      expect(got, JSON.stringify((rep as RunReport).results.map((r) => [r.id, r.observed]))).toEqual(Object.fromEntries(ids.map((id) => [id, 'fail'])));
    });
  }
});
