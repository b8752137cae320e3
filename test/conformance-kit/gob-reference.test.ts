/**
 * Calibration of `conformance gob`: Go's own encoding/gob (go-testbed/cmd/gobconform filter)
 * passes every case strictly, in both modes; go-netrpc (`go-netrpc gob echo`, `gob dump --json`
 * from dist) passes every judged case, with its known byte-level deviations listed here; and
 * the checked-in matrix holds today's verdicts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GOB_SECTIONS } from '../../src/conformance/gob/catalogue.js';
import type { RunReport } from '../../src/conformance/types.js';
import { loadGobMatrix, runGobKit, verdicts } from './gob-kit.js';

/** go-netrpc's deviations from Go found by the kit (value-identical, other bytes). */
export const GO_NETRPC_GOB_DEVIATIONS: Record<string, string> = {
  // *big.Int: Go's definition message carries CommonType.Id 0x40 under definition id 0x41 (a Go
  // quirk of GobEncoder types registered before use); the schemaless re-encoder writes the
  // definition's own id. Go decodes both to the same values.
  '5.4': 'non-strict',
};

/**
 * Found by the kit in json mode (`go-netrpc gob dump --json`): the schemaless decoder accepts a
 * struct type nested 10,001 deep (the value itself is empty), where Go rejects the stream with
 * "invalid nesting depth" (CVE-2024-34156's maxIgnoreNestingDepth). In bytes mode `gob echo`
 * rejects it only because the Encoder refuses types nested deeper than its maxDepth (1000).
 * To fix in src/gob (the decoder's type-nesting limit); then this list empties.
 */
export const GO_NETRPC_GOB_JSON_DEVIATIONS: Record<string, string> = { '7.13': 'fail' };

const all = GOB_SECTIONS.flatMap((s) => s.cases.map((c) => c.id));
const typed = GOB_SECTIONS.filter((s) => s.kind === 'typed').flatMap((s) => s.cases.map((c) => c.id));
let goBytes: RunReport;
let goJson: RunReport;
let ours: RunReport;
let oursJson: RunReport;

beforeAll(async () => {
  [goBytes, goJson] = await Promise.all([runGobKit({ iut: 'go' }), runGobKit({ iut: 'go', mode: 'json' })]);
  ours = await runGobKit({ iut: 'go-netrpc' });
  oursJson = await runGobKit({ iut: 'go-netrpc', mode: 'json' });
}, 900_000);

describe('conformance gob calibration', () => {
  it("Go's encoding/gob passes every case strictly (bytes mode)", () => {
    expect(goBytes.results.map((r) => r.id)).toEqual(all);
    expect(goBytes.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.verdict}: ${r.observed}`)).toEqual([]);
  });

  it("Go's encoding/gob passes every case strictly (json mode)", () => {
    expect(goJson.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.verdict}: ${r.observed}`)).toEqual([]);
  });

  it('go-netrpc passes every judged case except its listed deviations; typed cases are n/a', () => {
    const v = verdicts(ours);
    const odd = Object.fromEntries(Object.entries(v).filter(([id, x]) => x !== 'pass' && !(x === 'n/a' && typed.includes(id))));
    expect(odd, JSON.stringify(ours.results.filter((r) => r.id in odd))).toEqual(GO_NETRPC_GOB_DEVIATIONS);
    expect(typed.every((id) => v[id] === 'n/a')).toBe(true);
  });

  it('go-netrpc prints the wire-view JSON Go expects for every value and rejects what Go rejects, except its listed deviations (json mode)', () => {
    const bad = oursJson.results.filter((r) => r.verdict !== 'pass' && !(r.verdict === 'n/a' && typed.includes(r.id)));
    expect(Object.fromEntries(bad.map((r) => [r.id, r.verdict])), JSON.stringify(bad)).toEqual(GO_NETRPC_GOB_JSON_DEVIATIONS);
  });

  it("the checked-in matrix has today's verdicts", () => {
    const m = loadGobMatrix();
    for (const rep of [goBytes, ours]) {
      const fixture = m.iuts.find((i) => i.name === rep.iut);
      expect(verdicts(rep), rep.iut).toEqual(Object.fromEntries((fixture?.results ?? []).map((r) => [r.id, r.verdict])));
    }
  });
});
