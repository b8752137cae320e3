/**
 * `go-netrpc trace` between go-testbed's Go host (go-plugin v1.8.0) and the TypeScript testbed
 * plugin served over TCP (TESTBED_TCP=1) with AutoMTLS: the proxy listens on TCP too, terminates
 * TLS on both sides, and the host's results equal the untraced run's.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const ts = tsPluginCommand('testbed-plugin.ts');
type Ev = Record<string, unknown> & { kind: string };

async function host(out?: string): Promise<Record<string, unknown>> {
  const plugin = out === undefined ? [ts.cmd, ...ts.args] : [process.execPath, cli, 'trace', '--json', '--out', out, '--', ts.cmd, ...ts.args];
  const r = await runWith(goBin('pluginhost'), ['-scenario', 'basic', '-automtls', '--', ...plugin], { env: { ...process.env, TESTBED_TCP: '1' } });
  return JSON.parse(r.stdout.toString().trim().split('\n').pop() ?? '') as Record<string, unknown>;
}

describe('go-netrpc trace between a Go host and a TS plugin over TCP with AutoMTLS', () => {
  it('relays unchanged and decodes the calls', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gonetrpc-trace-tcp-')), 't.jsonl');
    const plain = await host();
    expect(plain).toMatchObject({ network: 'tcp', greet: 'Hello, go-host!', adder: 42 });
    const traced = await host(out);
    const { killMs: _a, ...p } = plain;
    const { killMs: _b, ...t } = traced;
    expect(t).toEqual(p);
    const evs = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Ev);
    const hs = evs.find((e) => e.kind === 'handshake') as Ev;
    expect(String(hs['relayed'])).toMatch(/^1\|1\|tcp\|127\.0\.0\.1:\d+\|netrpc\|[A-Za-z0-9+/]{60,}$/);
    expect(String(hs['relayed']).split('|')[5]).not.toBe(String(hs['line']).split('|')[5]);
    const greet = evs.find((e) => e.kind === 'call' && e['method'] === 'Plugin.Greet') as Ev;
    expect(greet['args']).toBe('go-host');
    expect(evs.find((e) => e.kind === 'reply' && e['stream'] === greet['stream'] && e['seq'] === greet['seq'])).toMatchObject({ reply: 'Hello, go-host!', error: '' });
    expect(evs.find((e) => e.kind === 'call' && e['method'] === 'Plugin.Add')).toMatchObject({ args: { A: 40, B: 2 } });
    expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);
  });
});
