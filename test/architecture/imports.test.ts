/**
 * Two import rules for src/ beside the layering (layering.test.ts):
 * - a layer is entered only through its index.ts: `../gob/index.js`, never `../gob/decoder.js`
 *   (src/internal, the shared private base with no public face, is imported file by file);
 * - no import cycles between modules (type-only imports included: they still tie two files'
 *   designs together), except the allow-listed ones below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';

const srcDir = join(repoRoot, 'src');

/**
 * Known cycles, as sorted member lists (the test fails if one is listed but no longer a cycle).
 */
const ALLOWED_CYCLES: readonly string[][] = [
  // msgpack's schema (the `any` descriptor decodes to AnyValue) and its values (a GoValue carries
  // the descriptor it was typed with) describe each other; both imports are type-only.
  ['msgpack/schema.ts', 'msgpack/value.ts'],
];

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listTs(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of each src file, as src-relative .ts paths. */
function importGraph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of listTs(srcDir)) {
    const deps: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? '';
      if (spec.startsWith('.')) deps.push(relative(srcDir, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
    }
    g.set(relative(srcDir, file), deps);
  }
  return g;
}

const layerOf = (rel: string): string => (rel.includes('/') ? (rel.split('/')[0] ?? '.') : '.');

/** Strongly connected components with more than one member (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
        onStack.delete(w);
        scc.push(w);
      }
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...g.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

describe('src/ import rules', () => {
  const g = importGraph();

  it('crosses into another layer only through its index.ts (src/internal excepted)', () => {
    const bad: string[] = [];
    for (const [file, deps] of g) {
      for (const d of deps) {
        const target = layerOf(d);
        if (target === layerOf(file) || target === 'internal' || target === '.') continue;
        if (d !== `${target}/index.ts`) bad.push(`${file} → ${d}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no import cycles except the allow-listed ones, which are still cycles', () => {
    const found = cycles(g).map((c) => c.join(' ↔ '));
    expect(found).toEqual(ALLOWED_CYCLES.map((c) => c.join(' ↔ ')));
  });

  it('the cycle finder finds cycles', () => {
    const toy = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(toy)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
