/**
 * The checked-in gob matrix (fixtures/conformance/gob-matrix.{json,html} and the per-IUT failure
 * lists, written by `npm run conformance:matrix:gob`) is current: the HTML and failure lists are
 * what the kit renders from the JSON, and the JSON lists exactly today's cases. The live
 * verdicts are compared with it in gob-reference.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOB_SECTIONS } from '../../src/conformance/gob/catalogue.js';
import { failureList, matrixHtml } from '../../src/conformance/matrix.js';
import { repoRoot } from '../helpers/go-peer.js';
import { loadGobMatrix } from './gob-kit.js';

const dir = join(repoRoot, 'fixtures/conformance');

describe('fixtures/conformance gob matrix is current', () => {
  const m = loadGobMatrix();

  it('covers go and go-netrpc', () => {
    expect(m.suite).toBe('gob');
    expect(m.iuts.map((i) => i.name)).toEqual(['go', 'go-netrpc']);
  });

  it('lists exactly the cases of the kit, with their current titles and rules', () => {
    const now = GOB_SECTIONS.flatMap((s) => s.cases.map((c) => ({ id: c.id, section: s.id, title: c.title, rule: c.rule })));
    expect(m.cases).toEqual(now);
    for (const i of m.iuts) expect(i.results.map((r) => r.id), i.name).toEqual(now.map((c) => c.id));
  });

  it('gob-matrix.html is the rendering of gob-matrix.json', () => {
    expect(readFileSync(join(dir, 'gob-matrix.html'), 'utf8')).toBe(matrixHtml(m));
  });

  for (const name of ['go', 'go-netrpc']) {
    it(`gob-${name}-failures.txt is generated from the matrix`, () => {
      expect(readFileSync(join(dir, `gob-${name}-failures.txt`), 'utf8')).toBe(failureList(m, name));
    });
  }
});
