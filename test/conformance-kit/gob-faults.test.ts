/**
 * The gob kit's self-test: deliberately broken IUTs (`conformance gob-iut --fault NAME`, and
 * Go's filter with `-fault accept` for the typed section) must make the right cases fail — or
 * turn non-strict, for faults that keep the values and change only the bytes — and together
 * the faults must fail every case, so no case can pass vacuously.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GOB_SECTIONS } from '../../src/conformance/gob/catalogue.js';
import { GOB_FAULTS, type GobFault } from '../../src/conformance/gob/faults.js';
import type { RunReport } from '../../src/conformance/types.js';
import { pool } from './run-kit.js';
import { runGobKit, verdicts } from './gob-kit.js';

const ids = (kind: string): string[] => GOB_SECTIONS.filter((s) => s.kind === kind).flatMap((s) => s.cases.map((c) => c.id));
const VALUE = ids('value');
const HOSTILE = ids('hostile');
const TYPED = ids('typed');
/** Hostile cases where Go itself returns io.EOF and no value: exiting 0 without output is Go's behaviour. */
const EOF_QUIRK = ['7.27', '7.28'];
const all = (list: readonly string[], v: 'fail' | 'non-strict'): Record<string, 'fail' | 'non-strict'> => Object.fromEntries(list.map((id) => [id, v]));

/** Which cases each fault must break, and how. */
const BREAKS: Record<GobFault | 'go-accept', Record<string, 'fail' | 'non-strict'>> = {
  'long-varint': all(['1.1', '1.6', '2.5', '4.4', '5.1', '6.6', '6.10'], 'non-strict'),
  'reorder-types': { ...all(['2.12', '5.1', '6.4'], 'non-strict'), ...all(['4.1', '4.6'], 'fail') },
  'wrong-type-id': all(['1.1', '1.14', '2.5', '4.4', '6.3'], 'fail'),
  // Dropping a zero array or struct that Go sends anyway keeps the values: 3.2 only turns non-strict.
  'drop-field': { ...all(['1.7', '2.5', '2.6', '3.3', '6.13'], 'fail'), '3.2': 'non-strict' },
  'truncate-output': all(['1.2', '2.1', '4.6', '5.6', '6.11'], 'fail'),
  'extra-value': all(VALUE, 'fail'),
  // Without reassembly, split messages are lost, and truncated streams go unnoticed.
  'chunk-reset': all(['6.9', '6.10', '6.11', '6.12', '6.13', '6.14', '7.1', '7.15', '7.16', '7.21'], 'fail'),
  'accept-hostile': all(HOSTILE.filter((id) => !EOF_QUIRK.includes(id)), 'fail'),
  'unbounded': all(['7.9', '7.23', '7.25', ...EOF_QUIRK], 'fail'),
  'hang-on-error': all(['7.15', '7.22', ...EOF_QUIRK], 'fail'),
  'go-accept': all(TYPED, 'fail'),
};

const runs = new Map<string, RunReport>();

beforeAll(async () => {
  const faults = Object.keys(BREAKS) as (keyof typeof BREAKS)[];
  // hang-on-error waits out the time bound: a smaller time scale keeps it short.
  const reports = await pool(faults, 2, (f) =>
    runGobKit({
      iut: f === 'go-accept' ? 'go-accept' : 'go-netrpc',
      ...(f === 'go-accept' ? {} : { fault: f }),
      cases: Object.keys(BREAKS[f]),
      timeScale: f === 'hang-on-error' ? 0.3 : 1,
    }),
  );
  faults.forEach((f, i) => runs.set(f, reports[i] as RunReport));
}, 900_000);

describe('conformance gob self-test: faults break the right cases', () => {
  it('every fault of gob-iut is exercised', () => {
    expect(Object.keys(BREAKS).filter((f) => f !== 'go-accept').sort()).toEqual(Object.keys(GOB_FAULTS).sort());
  });

  it('together the faults fail every case', () => {
    const failed = new Set(Object.values(BREAKS).flatMap((b) => Object.keys(b).filter((id) => b[id] === 'fail')));
    expect([...VALUE, ...HOSTILE, ...TYPED].filter((id) => !failed.has(id))).toEqual([]);
  });

  for (const [fault, want] of Object.entries(BREAKS)) {
    it(`${fault}: ${Object.keys(want).length} case(s) ${[...new Set(Object.values(want))].join('/')}`, () => {
      const rep = runs.get(fault) as RunReport;
      expect(verdicts(rep), JSON.stringify(rep.results.filter((r) => r.verdict !== want[r.id]).map((r) => [r.id, r.observed]))).toEqual(want);
    });
  }
});
