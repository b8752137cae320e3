/**
 * README examples are tests: every ```ts fenced block of README.md runs as its own program
 * (node with tsx's loader, imports of `go-netrpc[/subpath]` rewritten to the TypeScript sources).
 * A block that throws, exits non-zero or does not end within 30 s fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runProgram } from './helpers/go-peer.js';
import { tsBlocks } from './helpers/readme-blocks.js';

/** Points `go-netrpc` and `go-netrpc/<sub>` imports at src/<sub>/index.ts. */
export function rewriteImports(code: string): string {
  return code.replace(/(from\s+|import\s*\(\s*)(['"])go-netrpc(?:\/([a-z]+))?\2/g, (_m, pre: string, q: string, sub?: string) => {
    const file = join(repoRoot, 'src', sub ?? '', 'index.ts');
    return `${pre}${q}${pathToFileURL(file).href}${q}`;
  });
}

/** Longest an example may run (it may start Go programs). */
const EXAMPLE_TIMEOUT_MS = 30_000;

const blocks = tsBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README.md examples', () => {
  it('rewrites package imports to the sources', () => {
    expect(rewriteImports("import * as gob from 'go-netrpc/gob';")).toContain('/src/gob/index.ts');
    expect(rewriteImports('import { x } from "go-netrpc";')).toContain('/src/index.ts');
    expect(tsBlocks('a\n```ts\nconst x = 1;\n```\n```sh\nls\n```\n')).toEqual([{ line: 3, code: 'const x = 1;' }]);
  });

  it('has at least one TypeScript example', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((b) => [b.line, b] as const))('block at README.md line %i runs', async (line, b) => {
    const file = join(dir, `block-${line}.mts`);
    writeFileSync(file, rewriteImports(b.code));
    // One node process with tsx's loader (not the tsx CLI, whose child would outlive a kill).
    const loader = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const r = await runProgram(process.execPath, ['--import', loader, file], undefined, EXAMPLE_TIMEOUT_MS);
    const why = r.code === null ? `did not exit within ${EXAMPLE_TIMEOUT_MS / 1000} s (an example must end by itself)` : `exited ${r.code}`;
    expect(r.code, `README.md block at line ${line} ${why}:\n${r.stderr}`).toBe(0);
  }, EXAMPLE_TIMEOUT_MS + 10_000);
});
