/**
 * The demo's and the test setup's Go handling (test/setup/go-build.ts): one Go version (the `go`
 * line of go-testbed/go.mod) stated everywhere, one clear message without Go, and no rebuild
 * when the binaries are newer than their sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binariesUpToDate, GoToolchainError, repoRoot, requiredGoVersion, requireGo } from '../setup/go-build.js';

const tmp = mkdtempSync(join(tmpdir(), 'gonetrpc-gobuild-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Go toolchain requirement', () => {
  it('is one version, the go directive of go-testbed/go.mod, and README states it', () => {
    const v = requiredGoVersion();
    expect(v).toMatch(/^1\.\d+$/);
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(`Go ≥ ${v}`);
    const versionsInReadme = new Set([...readme.matchAll(/Go ≥ (1\.\d+) on `PATH`/g)].map((m) => m[1]));
    expect([...versionsInReadme]).toEqual([v]);
  });

  it('accepts the Go on PATH here and reports its version', () => {
    expect(requireGo('this test')).toMatch(/^1\.\d+/);
  });

  it('without go on PATH: a GoToolchainError that says what to install', () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = tmp;
    try {
      expect(() => requireGo('npm test')).toThrow(GoToolchainError);
      expect(() => requireGo('npm test')).toThrow(new RegExp(`not on PATH.*Install Go ${requiredGoVersion().replace('.', '\\.')} or newer`));
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('npm run demo without go on PATH prints that message and exits 1, no stack trace', () => {
    const tsx = join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
    const r = spawnSync(process.execPath, [tsx, join(repoRoot, 'test/demo/demo.ts')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PATH: tmp }, timeout: 180_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('go-netrpc demo: the Go toolchain (`go`) is not on PATH');
    expect(r.stderr).toContain(`Install Go ${requiredGoVersion()} or newer`);
    expect(r.stderr).not.toMatch(/ENOENT|\n\s+at /);
  });
});

describe('binariesUpToDate', () => {
  const mod = join(tmp, 'mod');
  mkdirSync(join(mod, 'cmd/a'), { recursive: true });
  mkdirSync(join(mod, 'bin'), { recursive: true });
  writeFileSync(join(mod, 'go.mod'), 'module x\n\ngo 1.24\n');
  writeFileSync(join(mod, 'cmd/a/main.go'), 'package main\n');
  const at = (p: string, s: number): void => utimesSync(join(mod, p), s, s);

  it('is false while a binary is missing', () => {
    expect(binariesUpToDate(mod, ['a'])).toBe(false);
  });

  it('is true when the binary is newer than every source, false when any source is newer', () => {
    writeFileSync(join(mod, 'bin/a'), '');
    at('go.mod', 1_000);
    at('cmd/a/main.go', 1_000);
    at('bin/a', 2_000);
    expect(binariesUpToDate(mod, ['a'])).toBe(true);
    at('cmd/a/main.go', 3_000);
    expect(binariesUpToDate(mod, ['a'])).toBe(false);
    at('cmd/a/main.go', 1_000);
    at('go.mod', 3_000);
    expect(binariesUpToDate(mod, ['a'])).toBe(false);
  });

  it('reads the required version of any module', () => {
    expect(requiredGoVersion(mod)).toBe('1.24');
  });
});
