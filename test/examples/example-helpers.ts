/**
 * Shared by the ecosystem examples' tests: an example's TS plugin bundled into one .mjs file (as
 * a shipped plugin would be), the check that a checked-in generated module is what `go-netrpc gen`
 * prints today (re-running the command of its "Regenerate:" header), and the README check
 * that a section shows an example file verbatim.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { join } from 'node:path';
import { parseGenArgs } from '../../src/cli/gen-command.js';
import { generate } from '../../src/gen/index.js';
import { genCacheDir } from '../helpers/gen-module.js';
import { repoRoot } from '../helpers/go-peer.js';

/**
 * Bundles an example plugin into one ESM file (go-netrpc included, resolved through
 * tsconfig.json's paths), as a plugin is shipped: Node starts it in a fraction of the time tsx
 * needs to transpile it, which matters for hosts with a short start timeout (Mattermost: 3 s).
 */
export async function bundleExample(entry: string, outfile: string): Promise<void> {
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', tsconfig: join(repoRoot, 'tsconfig.json') });
}

/** The arguments of the `// Regenerate: go-netrpc gen …` header line (no shell quoting is used in ours). */
export function regenerateArgs(source: string): string[] {
  const line = source.split('\n').find((l) => l.startsWith('// Regenerate: go-netrpc gen '));
  if (line === undefined) throw new Error('no "// Regenerate: go-netrpc gen" header');
  return line.slice('// Regenerate: go-netrpc gen '.length).trim().split(/\s+/);
}

/** Runs the header's command again (from the repository root) and returns what it generates now. */
export async function regenerate(file: string): Promise<{ checkedIn: string; now: string }> {
  const checkedIn = readFileSync(file, 'utf8');
  const { out: _out, ...options } = parseGenArgs(regenerateArgs(checkedIn));
  const { source } = await generate({ ...options, dir: join(repoRoot, options.dir ?? '.'), cacheDir: genCacheDir });
  return { checkedIn, now: source };
}

/**
 * The README block fenced as ```ts example=PATH (rendered as TypeScript; test/readme.test.ts does
 * not run it because the example's own test runs that file against the real Go peer).
 */
export function readmeExample(path: string): string | undefined {
  const lines = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `\`\`\`ts example=${path}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.trim() === '```');
  return `${lines.slice(start + 1, end).join('\n')}\n`;
}
