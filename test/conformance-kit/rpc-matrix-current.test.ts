/**
 * The checked-in rpc matrix (fixtures/conformance/rpc-matrix.{json,html} and the per-IUT failure
 * lists, written by `npm run conformance:matrix:rpc`) must be current: the HTML and the failure
 * lists are exactly what the kit renders from the JSON, and the JSON lists exactly today's cases
 * (the live verdicts are compared with it in rpc-reference.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureList, matrixHtml } from '../../src/conformance/matrix.js';
import { RPC_SECTIONS } from '../../src/conformance/rpc/run.js';
import { repoRoot } from '../helpers/go-peer.js';
import { loadRpcMatrix } from './rpc-run-kit.js';

const dir = join(repoRoot, 'fixtures/conformance');

describe('fixtures/conformance rpc matrix is current', () => {
  const m = loadRpcMatrix();

  it('covers go and go-netrpc in both roles', () => {
    expect(m.suite).toBe('rpc');
    expect(m.iuts.map((i) => [i.name, i.capabilities])).toEqual([
      ['go', ['role:server', 'role:client']],
      ['go-netrpc', ['role:server', 'role:client']],
    ]);
  });

  it('lists exactly the cases of the kit, with their current titles and rules', () => {
    const now = RPC_SECTIONS.flatMap((s) => s.cases.map((c) => ({ id: c.id, section: s.id, title: c.title, rule: c.rule })));
    expect(m.cases).toEqual(now);
    expect(m.sections).toEqual(RPC_SECTIONS.map((s) => ({ id: s.id, title: s.title })));
    for (const i of m.iuts) expect(i.results.map((r) => r.id), i.name).toEqual(now.map((c) => c.id));
  });

  it('rpc-matrix.html is the rendering of rpc-matrix.json', () => {
    expect(readFileSync(join(dir, 'rpc-matrix.html'), 'utf8')).toBe(matrixHtml(m));
  });

  for (const name of ['go', 'go-netrpc']) {
    it(`rpc-${name}-failures.txt is generated from the matrix`, () => {
      expect(readFileSync(join(dir, `rpc-${name}-failures.txt`), 'utf8')).toBe(failureList(m, name));
    });
  }
});
