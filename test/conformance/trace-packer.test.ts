/**
 * `go-netrpc trace` (dist/cli/main.js) on Packer sessions: a real `packer build` (Debian's packer
 * 1.6.6, 3-field handshake, host writes ugorji 1.2) with the traced plugin put in the plugin dir
 * through a two-line wrapper: a Go builder built against hashicorp/packer v1.6.6 (2015 ugorji) and
 * a TS builder (ugorji 1.2); and the TS Packer host with a plugin built against
 * packer-plugin-sdk v0.6.4 (4-field handshake). The build result must be unchanged and the
 * transcript must hold every call paired with its reply, arguments decoded from msgpack.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PackerPluginClient } from 'go-netrpc/packer';
import type { TraceEvent } from '../../src/trace/index.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const PACKER = execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gonetrpc-trace-packer-'));
});

const q = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/** A plugin dir holding `name` as a wrapper that traces `command` (or runs it directly). */
function pluginDir(tag: string, name: string, command: string[], traced: boolean, env = ''): { plugins: string; out: string } {
  const plugins = join(dir, tag);
  mkdirSync(plugins, { recursive: true });
  const out = join(dir, `${tag}-{pid}.jsonl`);
  const trace = traced ? `${q(process.execPath)} ${q(cli)} trace --json --out ${q(out)} --capture ${q(join(dir, `${tag}-{pid}.capture`))} -- ` : '';
  writeFileSync(join(plugins, name), `#!/bin/sh\n${env}exec ${trace}${command.map(q).join(' ')} "$@"\n`);
  chmodSync(join(plugins, name), 0o755);
  return { plugins, out };
}

async function build(plugins: string, template: object): Promise<{ code: number | null; out: string }> {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(template));
  const env = { ...process.env, PACKER_PLUGIN_PATH: plugins, CHECKPOINT_DISABLE: '1', PACKER_CONFIG_DIR: dir, PACKER_CACHE_DIR: join(dir, 'cache') };
  const r = await runWith(PACKER, ['build', '-color=false', file], { env, cwd: dir, timeoutMs: 90_000 });
  // Timings and the provisioner's temp script name differ from run to run.
  const out = (r.stdout.toString('utf8') + r.stderr)
    .replace(/after .*(seconds|microseconds)/g, 'after …')
    .replace(/packer-shell\d+/g, 'packer-shell…');
  return { code: r.code, out };
}

/** The events of every trace written for `tag` (one file per traced process). */
function events(tag: string): TraceEvent[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${tag}-`) && f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as TraceEvent);
}

type Call = Extract<TraceEvent, { kind: 'call' }>;
type Reply = Extract<TraceEvent, { kind: 'reply' }>;

/** Every call of `method` with its reply. */
function calls(evs: TraceEvent[], method: string): Array<{ call: Call; reply: Reply | undefined }> {
  return evs
    .filter((e): e is Call => e.kind === 'call' && e.method === method)
    .map((call) => ({ call, reply: evs.find((e): e is Reply => e.kind === 'reply' && e.conn === call.conn && e.stream === call.stream && e.seq === call.seq) }));
}

function one(evs: TraceEvent[], method: string): { call: Call; reply: Reply } {
  const all = calls(evs, method);
  expect(all.length, method).toBeGreaterThan(0);
  const c = all[0] as { call: Call; reply: Reply | undefined };
  expect(c.reply, `reply to ${method}`).toBeDefined();
  return c as { call: Call; reply: Reply };
}

describe('go-netrpc trace under a real packer build (packer 1.6.6)', () => {
  it('a Go builder built against hashicorp/packer v1.6.6 (2015 ugorji) with shell-local: same build, every call decoded', async () => {
    const template = { builders: [{ type: 'go2015', greeting: 'hi' }], provisioners: [{ type: 'shell-local', inline: ['echo provisioned'] }] };
    const plain = pluginDir('go-plain', 'packer-builder-go2015', [goBin('packer-builder-go2015')], false);
    const traced = pluginDir('go-traced', 'packer-builder-go2015', [goBin('packer-builder-go2015')], true);
    const a = await build(plain.plugins, template);
    const b = await build(traced.plugins, template);
    expect(a.code).toBe(0);
    expect(a.out).toContain('--> go2015: go2015 artifact go2015-hi');
    expect(b).toEqual(a);

    const evs = events('go-traced');
    const hs = evs.find((e) => e.kind === 'handshake');
    expect(hs).toMatchObject({ line: expect.stringMatching(/^5\|unix\|\//) as unknown, relayed: expect.stringMatching(/^5\|unix\|.*gonetrpc-trace-.*plugin\.sock$/) as unknown });
    expect(evs).toContainEqual(expect.objectContaining({ kind: 'env', name: 'PACKER_PLUGIN_MAGIC_COOKIE', value: expect.stringMatching(/^d602bf8f.*\(magic cookie\)$/) as unknown }));
    expect(evs).toContainEqual(expect.objectContaining({ kind: 'stream', label: "MuxBroker id 0 (dialed by host, Packer's main connection)" }));
    const prepare = one(evs, 'Builder.Prepare');
    expect((prepare.call.args as { Configs: unknown[] }).Configs[0]).toEqual({ greeting: 'hi' });
    expect(prepare.reply.reply).toEqual({ Error: null, GeneratedVars: ['Greeting'], Warnings: ['greeting is hi'] });
    const run = one(evs, 'Builder.Run');
    expect(typeof run.call.args).toBe('number'); // the host's Hook+Ui broker id
    expect(typeof run.reply.reply).toBe('number'); // the plugin's Artifact broker id
    const hook = one(evs, 'Hook.Run');
    expect([hook.call.from, hook.call.args]).toEqual(['plugin', { Data: { Greeting: 'hi', Count: 3 }, Name: 'packer_provision', StreamId: expect.any(Number) }]);
    expect(calls(evs, 'Ui.Say').map((c) => c.call.args)).toContain('go2015 says hi');
    expect(calls(evs, 'Ui.Message').map((c) => c.call.args)).toContain('provisioned');
    expect(one(evs, 'Artifact.Id').reply.reply).toBe('go2015-hi');
    expect(one(evs, 'Artifact.Files').reply.reply).toEqual(['/tmp/a', '/tmp/b']);
    expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);

    // Packer SIGKILLs its plugins at the end; the capture still reads into what the trace wrote.
    const capture = readdirSync(dir).find((f) => f.startsWith('go-traced-') && f.endsWith('.capture')) as string;
    const offline = await runWith(process.execPath, [cli, 'trace', 'read', '--json', join(dir, capture)]);
    expect(offline.code).toBe(0);
    const live = readFileSync(join(dir, capture.replace(/\.capture$/, '.jsonl')), 'utf8').split('\n').filter((l) => l !== '');
    expect(offline.stdout.toString().split('\n').slice(0, live.length)).toEqual(live);
  });

  it('a TS builder writing ugorji 1.2: same build, calls and replies paired', async () => {
    const { cmd, args } = tsPluginCommand('packer-components.ts');
    const template = { builders: [{ type: 'tsdemo', greeting: 'world', artifact_id: 'ts-artifact-42' }] };
    const env = 'GONETRPC_PACKER_DIALECT=ugorji-1.2 ';
    const plain = pluginDir('ts-plain', 'packer-builder-tsdemo', [cmd, ...args, 'builder'], false, env);
    const traced = pluginDir('ts-traced', 'packer-builder-tsdemo', [cmd, ...args, 'builder'], true, env);
    const a = await build(plain.plugins, template);
    const b = await build(traced.plugins, template);
    expect(a.code).toBe(0);
    expect(a.out).toContain('--> tsdemo: TS artifact ts-artifact-42');
    expect(b).toEqual(a);
    const evs = events('ts-traced');
    expect((one(evs, 'Builder.Prepare').call.args as { Configs: unknown[] }).Configs[0]).toEqual({ greeting: 'world', artifact_id: 'ts-artifact-42' });
    expect(calls(evs, 'Ui.Say').map((c) => c.call.args)).toContain('TS builder says hello to world');
    expect(one(evs, 'Artifact.Id').reply.reply).toBe('ts-artifact-42');
    expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);
  });
});

describe('go-netrpc trace with the TS Packer host', () => {
  it('a packer-plugin-sdk v0.6.4 plugin: 4-field handshake relayed with only the address changed', async () => {
    const out = join(dir, 'sdk.jsonl');
    const plugin = await PackerPluginClient.start({ command: [process.execPath, cli, 'trace', '--json', '--out', out, '--', goBin('packer-plugin-gosdk'), 'start', 'builder', 'hello'] });
    try {
      expect(plugin.handshake.protocol).toBe('sdk');
      const builder = await plugin.builder();
      expect(await builder.prepare({ greeting: 'sdk' })).toMatchObject({ warnings: ['greeting is sdk'] });
      const err = await builder.prepare({ fail: true }).catch((e: unknown) => e);
      expect((err as Error).message).toBe('gosdk: fail was set');
    } finally {
      await plugin.close();
    }
    const evs = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TraceEvent);
    const hs = evs.find((e) => e.kind === 'handshake') as Extract<TraceEvent, { kind: 'handshake' }>;
    expect(hs.line).toMatch(/^5\|0\|unix\|\//);
    expect(hs.relayed).toMatch(/^5\|0\|unix\|.*gonetrpc-trace-.*plugin\.sock$/);
    const prepares = calls(evs, 'Builder.Prepare');
    expect(prepares.map((p) => (p.call.args as { Configs: unknown[] }).Configs[0])).toEqual([{ greeting: 'sdk' }, { fail: true }]);
    expect(prepares[1]?.reply?.reply).toMatchObject({ Error: { Message: 'gosdk: fail was set' } });
  });
});
