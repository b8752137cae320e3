/** `go-netrpc --help` / `-h` / `help` and `--version` / `-V` (src/cli/run.ts). */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packageVersion, run, USAGE } from '../../../src/cli/run.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

async function capture(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('go-netrpc help and version', () => {
  it.each([['--help'], ['-h'], ['help'], ['gob', '--help'], ['gob', 'dump', '-h']])('%j prints the usage on stdout and exits 0', async (...args) => {
    const r = await capture(args);
    expect(r).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
  });

  it('the usage lists every command and option', () => {
    for (const s of ['gob dump', 'gob echo', 'help', '--json', '-h, --help', '-V, --version', 'FILE', 'Exit status']) expect(USAGE).toContain(s);
  });

  it.each([['--version'], ['-V']])('%j prints "go-netrpc <package.json version>" and exits 0', async (flag) => {
    const r = await capture([flag]);
    expect(r).toEqual({ code: 0, stdout: `go-netrpc ${pkg.version}\n`, stderr: '' });
    expect(packageVersion()).toBe(pkg.version);
  });

  it.each([[[]], [['frob']], [['gob', 'frob']]])('%j is a usage error: message and usage on stderr, exit 2', async (args) => {
    const r = await capture(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^go-netrpc: (no command given|unknown command)\nusage: go-netrpc/);
  });
});
