/**
 * The checked-in matrix (fixtures/conformance/yamux-matrix.{json,html} and the failure list of
 * every column, written by `npm run conformance:matrix`) must be current: the HTML and the failure
 * lists are exactly what the kit renders from the JSON, and the JSON lists exactly today's cases,
 * for every adapter in both roles. The live verdicts are compared with it elsewhere: hashicorp and
 * go-netrpc in reference.test.ts, chainsafe and rust-yamux in adapters.test.ts, yamux-js in
 * test/conformance/yamux-js-peer.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnKey, failureList, matrixHtml } from '../../src/conformance/matrix.js';
import { ADAPTERS } from '../../src/conformance/yamux/adapters.js';
import { YAMUX_ROLES } from '../../src/conformance/yamux/context.js';
import { YAMUX_SECTIONS } from '../../src/conformance/yamux/cases.js';
import { repoRoot } from '../helpers/go-peer.js';
import { loadMatrix } from './run-kit.js';

const dir = join(repoRoot, 'fixtures/conformance');

describe('fixtures/conformance yamux matrix is current', () => {
  const m = loadMatrix();

  it('covers every adapter in both roles', () => {
    expect(m.iuts.map((i) => columnKey(i))).toEqual(ADAPTERS.flatMap((a) => YAMUX_ROLES.map((r) => `${a.name}-${r}`)));
  });

  it('lists exactly the cases of the kit, with their current titles and rules', () => {
    const now = YAMUX_SECTIONS.flatMap((s) => s.cases.map((c) => ({ id: c.id, section: s.id, title: c.title, rule: c.rule })));
    expect(m.cases).toEqual(now);
    for (const i of m.iuts) expect(i.results.map((r) => r.id), i.name).toEqual(now.map((c) => c.id));
  });

  it('yamux-matrix.html is the rendering of yamux-matrix.json', () => {
    expect(readFileSync(join(dir, 'yamux-matrix.html'), 'utf8')).toBe(matrixHtml(m));
  });

  for (const key of ADAPTERS.flatMap((a) => YAMUX_ROLES.map((r) => `${a.name}-${r}`))) {
    it(`yamux-${key}-failures.txt is generated from the matrix`, () => {
      expect(readFileSync(join(dir, `yamux-${key}-failures.txt`), 'utf8')).toBe(failureList(m, key));
    });
  }

  it('holds no failure list of a column the matrix does not have', () => {
    const keys = new Set(m.iuts.map((i) => `yamux-${columnKey(i)}-failures.txt`));
    expect(readdirSync(dir).filter((f) => f.endsWith('-failures.txt') && f.startsWith('yamux-') && !keys.has(f))).toEqual([]);
  });
});
