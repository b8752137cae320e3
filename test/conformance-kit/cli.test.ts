/**
 * `go-netrpc conformance` as users run it (the dist bin): exit status 0 only when no case fails,
 * --json on stdout, --junit and --html files, usage errors with status 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';

const bin = join(repoRoot, 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'conf-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'conformance', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('go-netrpc conformance (CLI)', () => {
  it('passes the reference with status 0 and writes JSON, JUnit and HTML', async () => {
    const junit = join(tmp, 'j.xml');
    const html = join(tmp, 'r.html');
    const r = await cli(['yamux', '--iut', 'hashicorp', '--time-scale', '0.05', '--cases', '1.1,2.1,4.1', '--json', '--junit', junit, '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as { iut: string; results: { id: string; verdict: string }[] };
    expect(rep.iut).toBe('hashicorp');
    expect(rep.results.map((x) => [x.id, x.verdict])).toEqual([['1.1', 'pass'], ['2.1', 'pass'], ['4.1', 'pass']]);
    expect(r.stderr).toMatch(/^1 +Framing and chunking \.+ 1 pass/m);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="yamux\.2" name="2\.1 /);
    expect(readFileSync(html, 'utf8')).toContain('<h1>yamux conformance matrix</h1>');
  }, 120_000);

  it('runs the IUT as the yamux client with --role client (the IUT opens odd ids)', async () => {
    const r = await cli(['yamux', '--iut', 'go-netrpc', '--role', 'client', '--time-scale', '0.05', '--cases', '1.1,2.13', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as { role: string; results: { id: string; verdict: string; observed: string }[] };
    expect(rep.role).toBe('client');
    expect(rep.results.map((x) => [x.id, x.verdict])).toEqual([['1.1', 'pass'], ['2.13', 'pass']]);
    expect(rep.results[1]?.observed).toBe('ids 1, 3, 5');
    const bad = await cli(['yamux', '--iut', 'go-netrpc', '--role', 'peer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^go-netrpc: USAGE: --role must be server or client/m);
  }, 120_000);

  it('exits 1 when a case fails (a broken IUT through --exec)', async () => {
    const r = await cli(['yamux', '--time-scale', '0.05', '--cases', '1.1', '--exec', process.execPath, bin, 'conformance', 'yamux-iut', '--fault', 'drop-fin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL 1\.1 Echo on one stream/);
    expect(r.stdout).toMatch(/expected: the IUT's FIN on stream 1/);
  }, 120_000);

  it('reports usage errors with status 2', async () => {
    const r = await cli(['yamux', '--time-scale', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^go-netrpc: USAGE: --time-scale must be a number/);
  });
});
