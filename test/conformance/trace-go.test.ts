/**
 * `go-netrpc trace` (dist/cli/main.js, built by globalSetup) between real Go peers: go-testbed's
 * pluginhost (hashicorp/go-plugin v1.8.0 plugin.NewClient) runs the trace command as its plugin
 * binary, which launches the Go plugingo. The host must get exactly the results it gets untraced,
 * and the transcript must hold every call with its decoded arguments and reply.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { runWith } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-test-'));
});

type Ev = Record<string, unknown> & { kind: string };

async function host(args: string[], traced: string | undefined, env: Record<string, string> = {}): Promise<{ result: Record<string, unknown>; stderr: string }> {
  const plugin = traced === undefined ? [goBin('plugingo')] : [process.execPath, cli, 'trace', '--json', '--out', traced, '--', goBin('plugingo')];
  const r = await runWith(goBin('pluginhost'), [...args, '--', ...plugin], { env: { ...process.env, ...env } });
  const line = r.stdout.toString().trim().split('\n').pop() ?? '';
  try {
    return { result: JSON.parse(line) as Record<string, unknown>, stderr: r.stderr };
  } catch {
    throw new Error(`pluginhost printed no JSON (exit ${r.code}): ${r.stdout.toString()}\n${r.stderr}`);
  }
}

async function events(file: string): Promise<Ev[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Ev);
}

function callOf(evs: Ev[], method: string): { call: Ev; reply: Ev } {
  const call = evs.find((e) => e.kind === 'call' && e['method'] === method);
  expect(call, `call ${method}`).toBeDefined();
  const c = call as Ev;
  const reply = evs.find((e) => e.kind === 'reply' && e['conn'] === c['conn'] && e['stream'] === c['stream'] && e['seq'] === c['seq']);
  expect(reply, `reply to ${method}`).toBeDefined();
  return { call: c, reply: reply as Ev };
}

const withoutTiming = (r: Record<string, unknown>): Record<string, unknown> => {
  const { killMs: _killMs, ...rest } = r;
  return rest;
};

describe('go-netrpc trace between a Go host and a Go plugin', () => {
  for (const mtls of [false, true]) {
    it(`relays unchanged and decodes every call${mtls ? ' (AutoMTLS terminated on both sides)' : ''}`, async () => {
      const args = ['-scenario', 'basic', ...(mtls ? ['-automtls'] : [])];
      const out = join(dir, `basic-${mtls}.jsonl`);
      const plain = await host(args, undefined);
      const traced = await host(args, out);
      expect(plain.result['greet']).toBe('Hello, go-host!');
      expect(withoutTiming(traced.result)).toEqual(withoutTiming(plain.result));

      const evs = await events(out);
      const hs = evs.find((e) => e.kind === 'handshake') as Ev;
      expect(hs['error']).toBeUndefined();
      const [pluginLine, hostLine] = [String(hs['line']).split('|'), String(hs['relayed']).split('|')];
      expect(hostLine[3]).not.toBe(pluginLine[3]); // the host talks to the proxy
      expect(hostLine.slice(0, 3)).toEqual(pluginLine.slice(0, 3));
      if (mtls) {
        expect((pluginLine[5] ?? '').length).toBeGreaterThan(50);
        expect(hostLine[5]).not.toBe(pluginLine[5]); // the proxy's own certificate
        const cert = evs.find((e) => e.kind === 'env' && e['name'] === 'PLUGIN_CLIENT_CERT') as Ev;
        expect(String(cert['value'])).toMatch(/^-----BEGIN CERTIFICATE-----…\(\d+ chars\)$/);
      } else expect(hostLine[5]).toBe('');

      expect(callOf(evs, 'Control.Ping').reply['error']).toBe('');
      const disp = callOf(evs, 'Dispenser.Dispense');
      expect(disp.call['args']).toBe('testbed');
      expect(typeof disp.reply['reply']).toBe('number');
      const greet = callOf(evs, 'Plugin.Greet');
      expect([greet.call['args'], greet.reply['reply'], greet.call['from']]).toEqual(['go-host', 'Hello, go-host!', 'host']);
      expect(greet.reply['latencyMs']).toBeGreaterThanOrEqual(0);
      // The callback: the plugin dials the host's broker id and calls Plugin.Name on it.
      const cbId = callOf(evs, 'Plugin.GreetWithCallback').call['args'];
      const name = callOf(evs, 'Plugin.Name');
      expect([name.call['from'], name.reply['reply']]).toEqual(['plugin', 'go-host']);
      const cbStream = evs.find((e) => e.kind === 'stream' && e['stream'] === name.call['stream']) as Ev;
      expect(cbStream['label']).toBe(`MuxBroker id ${String(cbId)} (dialed by plugin)`);
      const add = callOf(evs, 'Plugin.Add');
      expect([add.call['args'], add.reply['reply']]).toEqual([{ A: 40, B: 2 }, 42]);
      expect(callOf(evs, 'Plugin.Fail').reply['error']).toBe('boom from go host');
      expect(callOf(evs, 'Plugin.RawWrite').reply['reply']).toBe(300000);
      expect(evs.some((e) => e.kind === 'stream' && /raw bytes, not net\/rpc/.test(String(e['label'])))).toBe(true);
      const failedDispense = evs.filter((e) => e.kind === 'reply' && e['method'] === 'Dispenser.Dispense' && e['error'] !== '');
      expect(failedDispense.map((e) => e['error'])).toEqual(['unknown plugin type: missing']);
      expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);
      expect(evs.some((e) => e.kind === 'call' && e['method'] === 'Control.Quit')).toBe(true);
      // go-plugin's Control.Quit ends Serve before net/rpc writes the reply (rpc_server.go), so
      // the plugin may exit without answering; the host then SIGKILLs what it launched (here the
      // trace, which cannot write its closing lines). That race is go-plugin's, traced or not.
      if (!evs.some((e) => e.kind === 'reply' && e['method'] === 'Control.Quit')) return;
      expect(evs.find((e) => e.kind === 'exit')).toMatchObject({ code: 0, signal: null });
      const summary = evs.at(-1) as Ev;
      expect(summary.kind).toBe('summary');
      const methods = summary['methods'] as Array<Record<string, unknown>>;
      expect(methods.find((m) => m['method'] === 'Dispenser.Dispense')).toMatchObject({ count: 2, errors: 1 });
      expect(methods.find((m) => m['method'] === 'Plugin.Echo')?.['bytes']).toBeGreaterThan(2 * 600_000);
      expect(summary['unanswered']).toBe(0);
    });
  }

  it('shows a plugin that crashes mid-call: its exit status and the call never answered', async () => {
    const out = join(dir, 'crash.jsonl');
    const plain = await host(['-scenario', 'crash'], undefined);
    const traced = await host(['-scenario', 'crash'], out);
    // Go's host sees the crash as either error, depending on whether yamux or net/rpc notices the
    // closed connection first (a race inside go-plugin, traced or not).
    const crashErrs = ['unexpected EOF', 'session shutdown'];
    for (const r of [plain.result, traced.result]) expect(r).toEqual({ crashErr: expect.toBeOneOf(crashErrs), exited: true });
    const evs = await events(out);
    expect(evs.find((e) => e.kind === 'call' && e['method'] === 'Plugin.Crash')).toMatchObject({ args: 3 });
    expect(evs.find((e) => e.kind === 'reply' && e['method'] === 'Plugin.Crash')).toBeUndefined();
    expect(evs.find((e) => e.kind === 'exit')).toMatchObject({ code: 3, signal: null });
    expect(evs.at(-1)).toMatchObject({ kind: 'summary', unanswered: 1, unansweredCalls: [expect.stringMatching(/^s\d+ #0 Plugin\.Crash$/)] });
  });

  it('shows a plugin that prints garbage before its handshake, and the host fails as it does untraced', async () => {
    const env = { TESTBED_PRE_STDOUT: 'hello from init' };
    const out = join(dir, 'garbage.jsonl');
    const plain = await host(['-scenario', 'basic'], undefined, env);
    const traced = await host(['-scenario', 'basic'], out, env);
    expect(String(plain.result['startError'])).toMatch(/Unrecognized remote plugin message: hello from init/);
    // Identical, apart from the diagnostics naming the binary the host launched (node, here).
    const firstPart = (r: Record<string, unknown>): string => String(r['startError']).split('Additional notes')[0] as string;
    expect(firstPart(traced.result)).toBe(firstPart(plain.result));
    const evs = await events(out);
    const hs = evs.find((e) => e.kind === 'handshake') as Ev;
    expect(hs['line']).toBe('hello from init');
    expect(String(hs['error'])).toMatch(/^Unrecognized remote plugin message: hello from init/);
    const text = (await runWith(process.execPath, [cli, 'trace', '--', goBin('plugingo')], { env: { ...process.env, ...env, GONETRPC_TESTBED_PLUGIN: 'x' }, timeoutMs: 20_000 })).stderr;
    expect(text).toContain(`plugin's first stdout line is not a handshake: "hello from init"`);
  });
});
