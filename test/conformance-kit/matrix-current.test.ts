/**
 * The checked-in matrix (fixtures/conformance/yamux-matrix.{json,html} and the per-IUT failure
 * lists, written by `npm run conformance:matrix`) must be current: the HTML and the failure lists
 * are exactly what the kit renders from the JSON, and the JSON lists exactly today's cases. The
 * live verdicts of hashicorp and go-netrpc are compared with it in reference.test.ts; yamux-js
 * (about 4 minutes, mostly waiting out its hangs) is only re-run by `npm run conformance:matrix`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureList, matrixHtml } from '../../src/conformance/matrix.js';
import { YAMUX_SECTIONS } from '../../src/conformance/yamux/cases.js';
import { repoRoot } from '../helpers/go-peer.js';
import { loadMatrix } from './run-kit.js';

const dir = join(repoRoot, 'fixtures/conformance');

describe('fixtures/conformance yamux matrix is current', () => {
  const m = loadMatrix();

  it('covers hashicorp, go-netrpc and yamux-js', () => {
    expect(m.iuts.map((i) => i.name)).toEqual(['hashicorp', 'go-netrpc', 'yamux-js']);
  });

  it('lists exactly the cases of the kit, with their current titles and rules', () => {
    const now = YAMUX_SECTIONS.flatMap((s) => s.cases.map((c) => ({ id: c.id, section: s.id, title: c.title, rule: c.rule })));
    expect(m.cases).toEqual(now);
    for (const i of m.iuts) expect(i.results.map((r) => r.id), i.name).toEqual(now.map((c) => c.id));
  });

  it('yamux-matrix.html is the rendering of yamux-matrix.json', () => {
    expect(readFileSync(join(dir, 'yamux-matrix.html'), 'utf8')).toBe(matrixHtml(m));
  });

  for (const name of ['hashicorp', 'go-netrpc', 'yamux-js']) {
    it(`yamux-${name}-failures.txt is generated from the matrix`, () => {
      expect(readFileSync(join(dir, `yamux-${name}-failures.txt`), 'utf8')).toBe(failureList(m, name));
    });
  }
});
