/** Every test file belongs to a vitest project (test/projects.ts), so `npm test` runs it. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';
import { TEST_PROJECTS } from '../projects.js';

function listTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : listTests(p);
    return name.endsWith('.test.ts') ? [relative(repoRoot, p)] : [];
  });
}

/** A vitest include glob as a RegExp (`**` any directories, `*` within one name). */
function globRe(glob: string): RegExp {
  const re = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`);
}

describe('vitest projects', () => {
  const globs = Object.values(TEST_PROJECTS).flat().map(globRe);

  it('include every test file', () => {
    const files = listTests(join(repoRoot, 'test'));
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => !globs.some((g) => g.test(f)))).toEqual([]);
  });

  it('the glob matcher matches what vitest would', () => {
    expect(globRe('test/unit/**/*.test.ts').test('test/unit/gob/a.test.ts')).toBe(true);
    expect(globRe('test/unit/**/*.test.ts').test('test/unit/a.test.ts')).toBe(true);
    expect(globRe('test/unit/**/*.test.ts').test('test/units/a.test.ts')).toBe(false);
    expect(globRe('test/readme.test.ts').test('test/readmeXtest.ts')).toBe(false);
  });
});
