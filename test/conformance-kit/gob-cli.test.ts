/**
 * `go-netrpc conformance gob` as users run it (the dist bin): status 0 when no case fails, --json
 * on stdout, --junit and --html files, status 1 for a broken IUT given by --exec, 2 for usage
 * errors, and the IUT duty in --help.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';

const bin = join(repoRoot, 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'conf-gob-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'conformance', ...args], { timeout: 170_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('go-netrpc conformance gob (CLI)', () => {
  it('passes the Go reference with status 0 and writes JSON, JUnit and HTML', async () => {
    const junit = join(tmp, 'j.xml');
    const html = join(tmp, 'r.html');
    const r = await cli(['gob', '--iut', 'go', '--cases', '1.6,4.4,7.22,8.8', '--json', '--junit', junit, '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as { suite: string; iut: string; results: { id: string; verdict: string }[] };
    expect([rep.suite, rep.iut]).toEqual(['gob', 'go']);
    expect(rep.results.map((x) => [x.id, x.verdict])).toEqual([['1.6', 'pass'], ['4.4', 'pass'], ['7.22', 'pass'], ['8.8', 'pass']]);
    expect(r.stderr).toMatch(/^7 +Malformed and hostile streams \.+ 1 pass/m);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="gob\.8" name="8\.8 /);
    expect(readFileSync(html, 'utf8')).toContain('<h1>gob conformance matrix</h1>');
  }, 180_000);

  it('exits 1 when a case fails (a broken IUT through --exec), with expected vs observed', async () => {
    const r = await cli(['gob', '--cases', '2.5', '--exec', process.execPath, bin, 'conformance', 'gob-iut', '--fault', 'drop-field']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL 2\.5 structs; a second value/);
    expect(r.stdout).toMatch(/observed: values differ: value 0\.Y: 33 vs 0/);
  }, 180_000);

  it('reports usage errors with status 2 and shows the IUT duty in --help', async () => {
    const bad = await cli(['gob', '--mode', 'xml', '--iut', 'go']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^go-netrpc: USAGE: --mode must be bytes or json/);
    const help = await cli(['gob', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('The implementation under test (IUT) of `go-netrpc conformance gob`');
    expect(help.stdout).toContain('GOB_CONFORMANCE_CASE');
  }, 60_000);
});
