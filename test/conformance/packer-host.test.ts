/**
 * A TS host drives Debian's packer 1.6.6 builtin Go plugins (`packer plugin packer-builder-null`,
 * `…-provisioner-shell-local`, `…-builder-file`, `…-post-processor-checksum`) end to end, without
 * Packer: handshake, broker id 0, Prepare → Run with host-side Hook+Ui servers (the hook runs the
 * Go shell-local provisioner, whose output travels provisioner → host → builder → host Ui) → Artifact,
 * and PostProcess with a host-side Artifact+Ui server; and a third-party-style builder built
 * against hashicorp/packer v1.6.6 (go-testbed/packer-legacy, 2015 ugorji dialect) and a
 * multi-component plugin built against packer-plugin-sdk v0.6.4 (4-field handshake). Both msgpack
 * dialects on the host side.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCommunicator, PackerError, PackerPluginClient, type Artifact, type Ui } from 'go-netrpc/packer';
import { RpcError } from 'go-netrpc/rpc';
import { repoRoot } from '../helpers/go-peer.js';
import { tsPluginCommand } from '../helpers/plugins/upstream.js';

const PACKER = execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
let dir = '';
const started: PackerPluginClient[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'packer-host-'));
});
afterAll(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

function recordingUi(): Ui & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    say: async (m) => void lines.push(`say: ${m}`),
    message: async (m) => void lines.push(`message: ${m}`),
    error: async (m) => void lines.push(`error: ${m}`),
    machine: async (c, ...a) => void lines.push(`machine: ${c} ${a.join(',')}`),
    ask: async () => '',
  };
}

const packerVars = (name: string, type: string) => ({
  packer_build_name: name,
  packer_builder_type: type,
  packer_debug: false,
  packer_force: false,
  packer_on_error: '',
  packer_user_variables: {},
  packer_sensitive_variables: [],
});

async function start(plugin: string, dialect: 'ugorji-1.2' | 'ugorji-2015'): Promise<PackerPluginClient> {
  const c = await PackerPluginClient.start({ command: [PACKER, 'plugin', plugin], dialect, env: { CHECKPOINT_DISABLE: '1' } });
  started.push(c);
  return c;
}

describe.each(['ugorji-1.2', 'ugorji-2015'] as const)('TS host, Go 1.6.6 builtin plugins, host writes %s', (dialect) => {
  it('null builder: prepare, run with a hook that runs the Go shell-local provisioner, artifact', async () => {
    const plugin = await start('packer-builder-null', dialect);
    expect(plugin.handshake).toMatchObject({ protocol: 'legacy', network: 'unix' });
    const builder = await plugin.builder();
    const prepared = await builder.prepare({ communicator: 'none' }, packerVars('nb', 'null'));
    expect(prepared.warnings).toEqual([]);
    const ui = recordingUi();
    const hooks: { name: string; data: unknown }[] = [];
    const artifact = await builder.run({
      ui,
      hook: async (name, data, ctx) => {
        hooks.push({ name, data });
        const shell = await start('packer-provisioner-shell-local', dialect);
        const prov = await shell.provisioner();
        await prov.prepare({ inline: ['echo from-go-shell-local'] }, packerVars('nb', 'null'));
        await prov.provision({ ui: ctx.ui, generatedData: data as Record<string, never> });
        await shell.close();
      },
    });
    expect(hooks.map((h) => h.name)).toEqual(['packer_provision']);
    expect(hooks[0]?.data).toMatchObject({ ID: 'Null' });
    expect(ui.lines).toContain('message: from-go-shell-local');
    expect(artifact).not.toBeNull();
    expect(await artifact?.builderId()).toBe('fnoeding.null');
    expect(await artifact?.id()).toBe('Null');
    expect(await artifact?.string()).toBe('Did not export anything. This is the null builder');
  });

  it('null builder: a prepare error carries the Go text', async () => {
    const builder = await (await start('packer-builder-null', dialect)).builder();
    const err = await builder.prepare({ communicator: 'ssh' }, packerVars('nb', 'null')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackerError);
    expect((err as PackerError).code).toBe('COMPONENT_ERROR');
    expect((err as Error).message).toContain('4 error(s) occurred:');
    expect((err as Error).message).toContain('* An ssh_username must be specified');
  });

  it('file builder artifact → checksum post-processor (host serves the artifact)', async () => {
    const target = join(dir, `out-${dialect}.txt`);
    const builder = await (await start('packer-builder-file', dialect)).builder();
    await builder.prepare({ target, content: 'hello packer\n' }, packerVars('fb', 'file'));
    const built = await builder.run({ ui: recordingUi() });
    expect(readFileSync(target, 'utf8')).toBe('hello packer\n');
    const files = (await built?.files()) ?? [];
    expect(files).toEqual([target]);
    const local: Artifact = { builderId: await built!.builderId(), id: await built!.id(), description: await built!.string(), files };
    const pp = await (await start('packer-post-processor-checksum', dialect)).postProcessor();
    const sums = join(dir, `sums-${dialect}.txt`);
    await pp.configure({ checksum_types: ['sha256'], output: sums }, packerVars('fb', 'file'));
    const ui = recordingUi();
    const out = await pp.postProcess({ ui, artifact: local });
    expect(readFileSync(sums, 'utf8')).toContain(createHash('sha256').update('hello packer\n').digest('hex'));
    expect(await out.artifact?.files()).toEqual([target, sums]);
  });

  it("Go's remote shell provisioner runs through a TS localCommunicator (upload, start, streams, exit status)", async () => {
    const prov = await (await start('packer-provisioner-shell', dialect)).provisioner();
    await prov.prepare({ inline: ['echo remote-shell $((6*7))', 'echo err-line >&2'], remote_folder: dir }, packerVars('p', 'null'));
    const ui = recordingUi();
    await prov.provision({ ui, generatedData: {}, communicator: localCommunicator() });
    expect(ui.lines).toContain('message: remote-shell 42');
    expect(ui.lines).toContain('error: err-line');
  });

  it('a provisioner error is the Go text as an RpcError', async () => {
    const prov = await (await start('packer-provisioner-shell-local', dialect)).provisioner();
    await prov.prepare({ inline: ['exit 3'] }, packerVars('p', 'null'));
    const err = await prov.provision({ ui: recordingUi(), generatedData: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as Error).message).toContain('Script exited with non-zero exit status: 3');
  });
});

describe.each(['ugorji-1.2', 'ugorji-2015'] as const)('TS host, a builder built against hashicorp/packer v1.6.6 (2015 ugorji), host writes %s', (dialect) => {
  const bin = `${repoRoot}go-testbed/bin/packer-builder-go2015`;

  it('prepare → run (hook data, Ui) → artifact', async () => {
    const plugin = await PackerPluginClient.start({ command: [bin], dialect });
    started.push(plugin);
    const builder = await plugin.builder();
    expect(await builder.prepare({ greeting: 'hi' }, packerVars('g', 'go2015'))).toEqual({ generatedVars: ['Greeting'], warnings: ['greeting is hi'] });
    const ui = recordingUi();
    const hooks: unknown[] = [];
    const artifact = await builder.run({ ui, hook: async (name, data) => void hooks.push([name, data]) });
    expect(ui.lines).toEqual(['say: go2015 says hi']);
    expect(hooks).toEqual([['packer_provision', { Greeting: 'hi', Count: 3 }]]);
    expect(await artifact?.id()).toBe('go2015-hi');
    expect(await artifact?.builderId()).toBe('go-netrpc.go2015');
    expect(await artifact?.files()).toEqual(['/tmp/a', '/tmp/b']);
    expect(await artifact?.string()).toBe('go2015 artifact go2015-hi');
    expect(await artifact?.state('generated_data')).toEqual({ Greeting: 'state' });
    expect(await artifact?.state('nothing')).toBeNull();
  });

  it('a prepare error carries the Go text', async () => {
    const plugin = await PackerPluginClient.start({ command: [bin], dialect });
    started.push(plugin);
    const err = await (await plugin.builder()).prepare({ fail: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackerError);
    expect((err as Error).message).toBe('go2015: fail was set');
  });
});

describe.each(['ugorji-1.2', 'ugorji-2015'] as const)('TS host, a multi-component plugin built against packer-plugin-sdk v0.6.4, host writes %s', (dialect) => {
  const bin = `${repoRoot}go-testbed/bin/packer-plugin-gosdk`;

  it('describe, then start builder hello: 4-field handshake, prepare → run → artifact', async () => {
    const desc = JSON.parse(execFileSync(bin, ['describe'], { encoding: 'utf8' })) as { builders: string[]; api_version: string };
    expect(desc).toMatchObject({ builders: ['hello'], api_version: 'x5.0' });
    const plugin = await PackerPluginClient.start({ command: [bin, 'start', 'builder', 'hello'], dialect });
    started.push(plugin);
    expect(plugin.handshake.protocol).toBe('sdk');
    const builder = await plugin.builder();
    expect(await builder.prepare({ greeting: 'sdk' }, packerVars('s', 'gosdk-hello'))).toEqual({ generatedVars: ['Greeting'], warnings: ['greeting is sdk'] });
    const ui = recordingUi();
    const hooks: unknown[] = [];
    const artifact = await builder.run({ ui, hook: async (name, data) => void hooks.push([name, data]) });
    expect(ui.lines).toEqual(['say: gosdk says sdk']);
    expect(hooks).toEqual([['packer_provision', { Greeting: 'sdk' }]]);
    expect(await artifact?.id()).toBe('gosdk-sdk');
    expect(await artifact?.files()).toBeNull();
    const err = await builder.prepare({ fail: true }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('gosdk: fail was set');
  });
});

describe('TS host, datasources (Packer ≥ 1.7 calls: ConfigSpec → Configure → OutputSpec → Execute)', () => {
  it('the Go SDK datasource: specs and its gob cty.Value as plain JS, int64 exact', async () => {
    const plugin = await PackerPluginClient.start({ command: [`${repoRoot}go-testbed/bin/packer-plugin-gosdk`, 'start', 'datasource', 'echo'] });
    started.push(plugin);
    const ds = await plugin.datasource();
    expect(await ds.configSpec()).toEqual({ name: { type: 'string', required: true } });
    await ds.configure({ name: 'abc' });
    expect(await ds.outputSpec()).toEqual({
      greeting: { type: 'string', required: false },
      length: { type: 'number', required: false },
      big: { type: 'number', required: false },
      half: { type: 'number', required: false },
      ok: { type: 'bool', required: false },
      letters: { type: { list: 'string' }, required: false },
      meta: { type: { map: 'number' }, required: false },
      nested: { type: { object: { pair: { tuple: ['string', 'bool'] } } }, required: false },
      missing: { type: 'string', required: false },
    });
    const out = await ds.execute();
    expect(out.value).toEqual({
      greeting: 'hello abc',
      length: 3,
      big: 2n ** 62n + 1n,
      half: -0.5,
      ok: true,
      letters: ['a', 'b', 'c'],
      meta: { pi: 3.25 },
      nested: { pair: ['x', false] },
      missing: null,
    });
    expect(out.type).toMatchObject({ object: { big: 'number', letters: { list: 'string' } } });
  });

  it('Go datasource errors: Configure gives its text, Execute the SDK prefix', async () => {
    const bin = `${repoRoot}go-testbed/bin/packer-plugin-gosdk`;
    const bad = await PackerPluginClient.start({ command: [bin, 'start', 'datasource', 'echo'] });
    started.push(bad);
    const err = await (await bad.datasource()).configure({ name: 'bad' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).message).toBe('gosdk: name must not be bad');
    const failing = await PackerPluginClient.start({ command: [bin, 'start', 'datasource', 'echo'] });
    started.push(failing);
    const ds = await failing.datasource();
    await ds.configure({ name: 'fail' });
    const err2 = await ds.execute().catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(PackerError);
    expect((err2 as PackerError).message).toBe('Datasource.Execute failed: gosdk: execute failed on purpose');
  });

  it('a TS datasource through the TS host: our gob cty.Value decodes back to the same values', async () => {
    const { cmd, args } = tsPluginCommand('packer-components.ts');
    const plugin = await PackerPluginClient.start({ command: [cmd, ...args, 'set', 'start', 'datasource', 'greet'], env: { GONETRPC_PACKER_PROTOCOL: 'sdk' } });
    started.push(plugin);
    const ds = await plugin.datasource();
    await ds.configure({ name: 'two words' });
    const out = await ds.execute();
    expect(out.value).toEqual({
      greeting: 'hello two words',
      length: 9,
      big: 9007199254740993n,
      ratio: -0.1,
      words: ['two', 'words'],
      meta: { source: 'go-netrpc' },
      nested: { ok: true, sizes: [1, 2.5, 1e300, 5e-324, -3, 2 ** 70] },
      pair: ['x', 7],
      missing: null,
    });
  });
});

it('a Communicator upload from the Go SDK provisioner and from the TS provisioner reaches a TS host that reads it with for await (which resets the stream at its end)', async () => {
  const size = (1 << 20) + 7;
  const { cmd, args } = tsPluginCommand('packer-components.ts');
  for (const command of [[`${repoRoot}go-testbed/bin/packer-plugin-gosdk`, 'start', 'provisioner', 'upload'], [cmd, ...args, 'provisioner']] as [string, ...string[]][]) {
    const plugin = await PackerPluginClient.start({ command });
    started.push(plugin);
    const provisioner = await plugin.provisioner();
    await provisioner.prepare({ message: 'upload', upload_bytes: size });
    for (let round = 0; round < 2; round++) {
      const got: Buffer[] = [];
      const no = (): Promise<never> => Promise.reject(new Error('unused'));
      const communicator = {
        start: no,
        download: no,
        uploadDir: no,
        downloadDir: no,
        async upload(path: string, data: NodeJS.ReadableStream) {
          expect(path).toBe('/bench/upload');
          for await (const c of data) got.push(c as Buffer);
        },
      };
      await provisioner.provision({ ui: recordingUi(), communicator });
      const all = Buffer.concat(got);
      expect(all.length).toBe(size);
      expect(all.every((b, i) => b === (i & 0xff))).toBe(true);
    }
  }
});

it('a TS builder plugin that crashes mid-run rejects the pending Builder.Run with RpcError', async () => {
  const { cmd, args } = tsPluginCommand('packer-components.ts');
  const plugin = await PackerPluginClient.start({ command: [cmd, ...args, 'builder'] });
  started.push(plugin);
  const builder = await plugin.builder();
  await builder.prepare({ crash_in_run: true });
  const err = await builder.run({ ui: recordingUi() }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RpcError);
  expect(['SHUTDOWN', 'UNEXPECTED_EOF', 'CONNECTION_ERROR']).toContain((err as RpcError).code);
});

it('a plugin that exits before the handshake is a PackerError with its stderr', async () => {
  const err = await PackerPluginClient.start({ command: ['sh', '-c', 'echo boom >&2; exit 1'] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PackerError);
  expect((err as PackerError).code).toBe('PLUGIN_EXITED');
  expect((err as Error).message).toContain('boom');
});
