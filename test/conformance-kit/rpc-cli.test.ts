/**
 * `go-netrpc conformance rpc` as users run it (the dist bin): exit status 0 only when no case
 * fails, --json on stdout, --junit and --html files, --exec with a role, usage errors with
 * status 2, and the duty in --help.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';

const bin = join(repoRoot, 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'conf-rpc-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'conformance', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('go-netrpc conformance rpc (CLI)', () => {
  it('passes Go net/rpc in both roles with status 0 and writes JSON, JUnit and HTML', async () => {
    const junit = join(tmp, 'j.xml');
    const html = join(tmp, 'r.html');
    const r = await cli(['rpc', '--iut', 'go', '--cases', '1.1,3.3,8.5', '--json', '--junit', junit, '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as { iut: string; suite: string; results: { id: string; verdict: string }[] };
    expect([rep.suite, rep.iut]).toEqual(['rpc', 'go']);
    expect(rep.results.map((x) => [x.id, x.verdict])).toEqual([['1.1', 'pass'], ['3.3', 'pass'], ['8.5', 'pass']]);
    expect(r.stderr).toMatch(/^3 +Error replies \.+ 1 pass/m);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="rpc\.8" name="8\.5 /);
    expect(readFileSync(html, 'utf8')).toContain('<h1>rpc conformance matrix</h1>');
  }, 120_000);

  it('exits 1 when a case fails (a broken IUT through --exec)', async () => {
    const r = await cli(['rpc', '--role', 'server', '--cases', '3.3', '--exec', process.execPath, bin, 'conformance', 'rpc-iut', '--fault', 'wrong-error-text']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL 3\.3 Unknown service/);
    expect(r.stdout).toMatch(/observed: Response\{"Nope\.Add", Seq 5, Error "rpc: cannot find service Nope\.Add"\}/);
  }, 120_000);

  it('reports usage errors with status 2 and prints the duty with --help', async () => {
    const bad = await cli(['rpc', '--iut', 'go', '--role', 'sideways']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^go-netrpc: USAGE: --role must be server, client or both/);
    const help = await cli(['rpc', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Conf.Delay(int64) int64');
    expect(help.stdout).toContain('call Conf.Next("")');
  });
});
