/**
 * The `go-netrpc trace` command line (dist/cli/main.js) on its own: usage errors, a plugin that
 * cannot start, and a plugin that is not a go-plugin plugin at all (its stdout passes through
 * unchanged, its exit status becomes trace's).
 */
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';
import { runWith } from '../helpers/plugins/upstream.js';

const cli = `${repoRoot}dist/cli/main.js`;
const trace = (args: string[]) => runWith(process.execPath, [cli, 'trace', ...args], { timeoutMs: 20_000 });

describe('go-netrpc trace (CLI)', () => {
  it('reports usage errors with status 2 and nothing on stdout', async () => {
    for (const args of [[], ['--bogus', '--', 'x'], ['--out']]) {
      const r = await trace(args);
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr).toMatch(/^go-netrpc: .+\nusage:\n {2}go-netrpc trace /);
    }
  });

  it('says why a plugin could not start, exits 1', async () => {
    const r = await trace(['--', '/nonexistent/plugin']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('cannot start the plugin: spawn /nonexistent/plugin ENOENT');
    expect(r.stderr).toContain('summary: no net/rpc calls');
  });

  it('passes a non-handshake line through unchanged, shows why a host would refuse it, keeps the exit status', async () => {
    const r = await trace(['--', 'sh', '-c', 'echo not-a-handshake; echo more; echo oops >&2; exit 4']);
    expect(r.code).toBe(4);
    expect(r.stdout.toString()).toBe('not-a-handshake\nmore\n');
    expect(r.stderr).toContain(`plugin's first stdout line is not a handshake: "not-a-handshake"`);
    expect(r.stderr).toContain('the host will fail with: Unrecognized remote plugin message: not-a-handshake');
    expect(r.stderr).toMatch(/^oops$/m); // the plugin's own stderr, passed through
    expect(r.stderr).toContain('plugin stderr: oops');
    expect(r.stderr).toContain('plugin exited with status 4');
  });
});
