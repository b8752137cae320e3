/**
 * The rpc kit's self-test: every judged case must FAIL against at least one deliberately broken
 * go-netrpc IUT (`conformance rpc-iut --fault NAME`), so that no case can pass vacuously. Each
 * fault runs only the cases it must break (in the role those cases test), and the test asserts
 * their verdicts — and that the faults together fail every case that is not informational.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type Fault } from '../../src/conformance/rpc/faults.js';
import { RPC_SECTIONS } from '../../src/conformance/rpc/run.js';
import type { RunReport, Verdict } from '../../src/conformance/types.js';
import { pool } from './run-kit.js';
import { runRpcKit } from './rpc-run-kit.js';

/** Which cases each fault must break: failing ones, and (a robust deviation) non-strict ones. */
const BREAKS: Record<Fault, { readonly fail: readonly string[]; readonly nonStrict?: readonly string[] }> = {
  'seq-zero': { fail: ['1.2', '2.1', '2.2'] },
  'seq-off-by-one': { fail: ['1.1', '4.6'] },
  'wrong-error-text': { fail: ['3.3', '3.4', '3.5', '3.6', '3.7'] },
  'close-after-error': { fail: ['3.1', '3.3', '3.8'], nonStrict: ['4.1'] },
  'error-body-int': { fail: [], nonStrict: ['3.2'] },
  'error-no-body': { fail: ['3.2'] },
  'silent-bad-body': { fail: ['4.1', '4.2', '4.3', '4.4'] },
  'hang-on-bad-header': { fail: ['4.7', '4.8', '4.9', '4.11'] },
  'no-drain-on-eof': { fail: ['6.1'] },
  'dedupe-seq': { fail: ['1.3'] },
  serial: { fail: [], nonStrict: ['2.1'] },
  'truncate-big-reply': { fail: ['5.2'] },
  'max-conns-10': { fail: ['2.3'] },
  'die-on-reset': { fail: ['6.2'] },
  'idle-timeout': { fail: ['6.3'] },
  'drop-discarded-types': { fail: ['3.8'] },
  'one-pair-per-read': { fail: ['1.5', '2.2'] },
  'drop-tiny-chunks': { fail: ['1.6', '8.7'] },
  'client-seq-zero': { fail: ['7.1', '7.3'] },
  'match-in-order': { fail: ['7.3', '7.4'] },
  'error-kills': { fail: ['8.1', '8.2'] },
  'strict-error-body': { fail: ['8.2'] },
  'unknown-seq-kills': { fail: ['8.3'] },
  'ignore-bad-reply': { fail: ['8.5'] },
  'hang-on-eof': { fail: ['9.1'] },
  'no-close': { fail: ['9.2'] },
  'resend-types': { fail: ['1.4', '7.2'] },
  'strict-header': { fail: ['4.5', '8.4'] },
  'max-message-64k': { fail: ['5.1', '8.6'] },
};

/** Cases that only record an observation (verdict `info`) and so cannot fail. */
const INFORMATIONAL = ['4.10', '9.3'];

const runs = new Map<Fault, RunReport>();

beforeAll(async () => {
  const faults = Object.keys(BREAKS) as Fault[];
  const reports = await pool(faults, 4, (fault) => runRpcKit({ fault, cases: [...BREAKS[fault].fail, ...(BREAKS[fault].nonStrict ?? [])] }));
  faults.forEach((f, i) => runs.set(f, reports[i] as RunReport));
}, 600_000);

describe('conformance rpc self-test: faults make the right cases fail', () => {
  it('every fault of rpc-iut is exercised', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it('together the faults fail every judged case', () => {
    const all = RPC_SECTIONS.flatMap((s) => s.cases.map((c) => c.id));
    const failed = new Set(Object.values(BREAKS).flatMap((b) => b.fail));
    expect(all.filter((id) => !failed.has(id) && !INFORMATIONAL.includes(id))).toEqual([]);
  });

  for (const [fault, b] of Object.entries(BREAKS) as [Fault, (typeof BREAKS)[Fault]][]) {
    it(`${fault} fails ${b.fail.join(', ') || '—'}${b.nonStrict === undefined ? '' : `; non-strict ${b.nonStrict.join(', ')}`}`, () => {
      const rep = runs.get(fault);
      expect(rep).toBeDefined();
      const got = Object.fromEntries((rep as RunReport).results.map((r) => [r.id, r.verdict]));
      const want: Record<string, Verdict> = {};
      for (const id of b.fail) want[id] = 'fail';
      for (const id of b.nonStrict ?? []) want[id] = 'non-strict';
      expect(got, JSON.stringify((rep as RunReport).results.map((r) => [r.id, r.observed]))).toEqual(want);
    });
  }
});
