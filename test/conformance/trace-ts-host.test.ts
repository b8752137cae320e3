/**
 * `go-netrpc trace` between a TypeScript host (PluginClient) and go-testbed's Go plugin, with and
 * without AutoMTLS: the host's results are those of an untraced session and the transcript holds
 * every call with its decoded arguments and reply.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginClient } from '../../src/plugin/index.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
type Ev = Record<string, unknown> & { kind: string };

async function session(autoMtls: boolean, out?: string): Promise<unknown[]> {
  const launch = out === undefined ? { cmd: goBin('plugingo') } : { cmd: process.execPath, args: [cli, 'trace', '--json', '--out', out, '--', goBin('plugingo')] };
  // Traced, the host's kill() waits for the trace process, which writes its summary once the
  // plugin has exited; Go's 2 s grace before SIGKILL is too short for that on a loaded machine.
  const grace = out === undefined ? {} : { killGraceMs: 60_000 };
  const c = new PluginClient({ ...launch, handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, autoMtls, startTimeoutMs: 30_000, ...grace });
  try {
    const tb = await c.dispense<(typeof Testbed)['methods']>('testbed');
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    const echoed = await tb.Echo(big);
    const fail = await tb.Fail('nope').then(
      () => 'no error',
      (err: unknown) => (err as Error).message,
    );
    return [await tb.Greet('ts-host'), Buffer.from(echoed).equals(Buffer.from(big)), fail, await tb.Version('')];
  } finally {
    await c.kill();
  }
}

describe('go-netrpc trace between a TS host and a Go plugin', () => {
  for (const autoMtls of [false, true]) {
    it(`same results as untraced, every call in the transcript${autoMtls ? ' (AutoMTLS)' : ''}`, async () => {
      const out = join(await mkdtemp(join(tmpdir(), 'gonetrpc-trace-ts-')), 't.jsonl');
      const plain = await session(autoMtls);
      expect(plain).toEqual(['Hello, ts-host!', true, 'nope', 1]);
      expect(await session(autoMtls, out)).toEqual(plain);
      const evs = (await readFile(out, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Ev);
      const pairs = evs
        .filter((e) => e.kind === 'reply')
        .map((r) => {
          const c = evs.find((e) => e.kind === 'call' && e['stream'] === r['stream'] && e['seq'] === r['seq']) as Ev;
          return [c['method'], typeof c['args'] === 'string' ? String(c['args']).slice(0, 12) : c['args'], r['error'] === '' ? (typeof r['reply'] === 'string' ? String(r['reply']).slice(0, 12) : r['reply']) : `error: ${String(r['error'])}`];
        });
      const echo64 = Buffer.from(new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff)).toString('base64').slice(0, 12);
      expect(pairs).toEqual(
        expect.arrayContaining([
          ['Dispenser.Dispense', 'testbed', 1],
          ['Plugin.Echo', echo64, echo64],
          ['Plugin.Fail', 'nope', 'error: nope'],
          ['Plugin.Greet', 'ts-host', 'Hello, ts-h'.padEnd(12, 'o')],
          ['Plugin.Version', '', 1],
        ]),
      );
      // kill() asks the plugin to quit; whether its reply beats its exit is go-plugin's own race.
      expect(evs.some((e) => e.kind === 'call' && e['method'] === 'Control.Quit')).toBe(true);
      expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);
      // The trace writes its summary after the plugin has exited. When the plugin exits before its
      // Quit reply gets out, the host's quit() fails and, as Go's Client.Kill, it SIGKILLs the
      // process (the trace) at once: then, and only then, the summary may be missing.
      const quit = evs.find((e) => e.kind === 'call' && e['method'] === 'Control.Quit');
      const quitAnswered = evs.some((e) => e.kind === 'reply' && e['stream'] === quit?.['stream'] && e['seq'] === quit?.['seq']);
      if (quitAnswered || evs.at(-1)?.kind === 'summary') expect(evs.at(-1)).toMatchObject({ kind: 'summary' });
      else expect(evs.at(-1)).toMatchObject({ kind: 'exit' });
    });
  }
});
