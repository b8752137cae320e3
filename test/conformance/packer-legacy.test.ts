/**
 * TS Packer components under the real `packer` 1.6.6 (Debian; legacy 3-field handshake, yamux +
 * MuxBroker + msgpack net/rpc), in both msgpack dialects: a TS builder with Packer's own
 * shell-local provisioner and manifest post-processor (JSON template), HCL2 templates through
 * the TS ConfigSpec, a multi-component `packer-plugin-NAME` (describe/start), a TS provisioner and a TS post-processor
 * with Packer's builtin null builder, prepare and run errors and a crash mid-run (packer's exit 1 and text), SIGINT
 * cancelling a running TS builder, and the cookie check.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';

const PACKER = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('packer is not installed: .ci/run installs it (apt-get install -y packer)');
  }
})();

let dir = '';

function pluginScript(component: string, dialect: string): string {
  const { cmd, args } = tsPluginCommand('packer-components.ts');
  const quoted = [cmd, ...args, component].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return `#!/bin/sh\nGONETRPC_PACKER_DIALECT=${dialect} exec ${quoted} "$@"\n`;
}

function install(dialect: string): string {
  const plugins = join(dir, dialect);
  execFileSync('mkdir', ['-p', plugins]);
  for (const [file, component] of [
    ['packer-builder-tsdemo', 'builder'],
    ['packer-provisioner-tsdemo', 'provisioner'],
    ['packer-post-processor-tsdemo', 'post-processor'],
    ['packer-plugin-tsset', 'set'],
  ] as const) {
    writeFileSync(join(plugins, file), pluginScript(component, dialect));
    chmodSync(join(plugins, file), 0o755);
  }
  return plugins;
}

function packerEnv(plugins: string): NodeJS.ProcessEnv {
  return { ...process.env, PACKER_PLUGIN_PATH: plugins, CHECKPOINT_DISABLE: '1', PACKER_CONFIG_DIR: dir, PACKER_CACHE_DIR: join(dir, 'cache') };
}

async function build(plugins: string, template: object): Promise<{ code: number | null; out: string }> {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(template));
  const r = await runWith(PACKER, ['build', '-color=false', file], { env: packerEnv(plugins), cwd: dir, timeoutMs: 90_000 });
  return { code: r.code, out: r.stdout.toString('utf8') + r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'packer-conf-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['ugorji-1.2', 'ugorji-2015'])('TS components under packer 1.6.6, %s', (dialect) => {
  let plugins = '';
  beforeAll(() => {
    plugins = install(dialect);
  });

  it('a TS builder runs with shell-local and manifest; the TS artifact id reaches the manifest', async () => {
    const manifest = join(dir, `manifest-${dialect}.json`);
    const r = await build(plugins, {
      builders: [{ type: 'tsdemo', greeting: 'world', artifact_id: 'ts-artifact-42' }],
      provisioners: [{ type: 'shell-local', inline: ['echo provisioned-by-shell-local'] }],
      'post-processors': [{ type: 'manifest', output: manifest }],
    });
    expect(r.out).toContain('==> tsdemo: TS builder says hello to world');
    expect(r.out).toContain('tsdemo: provisioned-by-shell-local');
    expect(r.out).toContain('--> tsdemo: TS artifact ts-artifact-42');
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { builds: { artifact_id: string; builder_type: string }[] };
    expect(m.builds[0]).toMatchObject({ artifact_id: 'ts-artifact-42', builder_type: 'tsdemo' });
  });

  it('HCL2: the TS ConfigSpec (gob hcldec.ObjectSpec with cty types) drives a build of TS builder, provisioner and post-processor', async () => {
    const file = join(dir, `h-${dialect}.pkr.hcl`);
    writeFileSync(
      file,
      [
        'source "tsdemo" "example" {',
        '  greeting    = "hcl"',
        '  artifact_id = "hcl-artifact"',
        '  tags        = ["a", "b"]',
        '  labels      = { k = "v" }',
        '  count       = 3',
        '}',
        'build {',
        '  sources = ["source.tsdemo.example"]',
        '  provisioner "shell-local" {',
        '    inline = ["echo provisioned-hcl"]',
        '  }',
        '  provisioner "tsdemo" {',
        '    message = "hcl provisioner"',
        '  }',
        '  post-processor "tsdemo" {',
        '    suffix = "-hclpp"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const r = await runWith(PACKER, ['build', '-color=false', file], { env: packerEnv(plugins), cwd: dir, timeoutMs: 90_000 });
    const out = r.stdout.toString('utf8') + r.stderr;
    expect(out).toContain('==> tsdemo.example: TS builder says hello to hcl');
    expect(out).toContain('config: {"tags":["a","b"],"labels":{"k":"v"},"count":3}');
    expect(out).toContain('tsdemo.example: provisioned-hcl');
    expect(out).toContain('TS provisioner: hcl provisioner (instance ts-instance)');
    expect(out).toContain('TS post-processor got hcl-artifact from go-netrpc.ts');
    expect(out).toContain('--> tsdemo.example: post-processed hcl-artifact-hclpp');
    expect(r.code).toBe(0);
  });

  it('HCL2: an attribute missing from the TS ConfigSpec is rejected by packer with its HCL diagnostic', async () => {
    const file = join(dir, `bad-${dialect}.pkr.hcl`);
    writeFileSync(file, 'source "tsdemo" "example" {\n  greting = "typo"\n}\nbuild {\n  sources = ["source.tsdemo.example"]\n}\n');
    const r = await runWith(PACKER, ['build', '-color=false', file], { env: packerEnv(plugins), cwd: dir, timeoutMs: 90_000 });
    expect(r.code).toBe(1);
    expect(r.stdout.toString('utf8') + r.stderr).toContain('An argument named "greting" is not expected here. Did you mean "greeting"?');
  });

  it('a multi-component packer-plugin-tsset (describe, start KIND NAME) serves builder, provisioner and post-processor', async () => {
    const r = await build(plugins, {
      builders: [{ type: 'tsset-hello', greeting: 'set' }],
      provisioners: [{ type: 'tsset-say', message: 'from the set' }],
      'post-processors': [{ type: 'tsset-rename', suffix: '-set' }],
    });
    expect(r.out).toContain('==> tsset-hello: TS builder says hello to set');
    expect(r.out).toContain('==> tsset-hello: TS provisioner: from the set');
    expect(r.out).toContain('--> tsset-hello: post-processed ts-artifact-set');
    expect(r.code).toBe(0);
  });

  it("a TS builder's Communicator serves Packer's shell and file provisioners (commands, stdout/stderr streams, exit status, upload, download)", async () => {
    const src = join(dir, `src-${dialect}.txt`);
    writeFileSync(src, `uploaded through the TS communicator (${dialect})\n`);
    const r = await build(plugins, {
      builders: [{ type: 'tsdemo', greeting: 'comm', local_communicator: true }],
      provisioners: [
        { type: 'shell', inline: ['echo via-shell-provisioner $((1+2))', 'echo to-stderr >&2'] },
        { type: 'file', source: src, destination: join(dir, `up-${dialect}.txt`) },
        { type: 'file', direction: 'download', source: src, destination: join(dir, `down-${dialect}.txt`) },
      ],
    });
    expect(r.out).toContain('tsdemo: via-shell-provisioner 3');
    expect(r.out).toContain('==> tsdemo: to-stderr');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, `up-${dialect}.txt`), 'utf8')).toBe(`uploaded through the TS communicator (${dialect})\n`);
    expect(readFileSync(join(dir, `down-${dialect}.txt`), 'utf8')).toBe(`uploaded through the TS communicator (${dialect})\n`);
  });

  it("a TS provisioner's Communicator client reaches the TS builder's communicator through Packer (start, upload, download)", async () => {
    const scratch = mkdtempSync(join(dir, `scratch-${dialect}-`));
    const r = await build(plugins, {
      builders: [{ type: 'tsdemo', local_communicator: true }],
      provisioners: [{ type: 'tsdemo', message: 'comm', scratch }],
    });
    expect(r.out).toContain('TS provisioner ran a command: exit 5, stdout "comm-out 42\\n"');
    expect(r.out).toContain('TS provisioner downloaded "uploaded by a TS provisioner\\n"');
    expect(readFileSync(join(scratch, 'from-ts.txt'), 'utf8')).toBe('uploaded by a TS provisioner\n');
    expect(r.code).toBe(0);
  });

  it("a failing command's exit status reaches Packer's shell provisioner (gob CommandFinished)", async () => {
    const r = await build(plugins, { builders: [{ type: 'tsdemo', local_communicator: true }], provisioners: [{ type: 'shell', inline: ['exit 3'] }] });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Script exited with non-zero exit status: 3');
  });

  it('a prepare error gives exit 1 and the TS message', async () => {
    const r = await build(plugins, { builders: [{ type: 'tsdemo', fail_prepare: true }] });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Failed to prepare build: "tsdemo"`);
    expect(r.out).toContain('fail_prepare is set: refusing to build');
  });

  it('a run error gives exit 1 and the TS message', async () => {
    const r = await build(plugins, { builders: [{ type: 'tsdemo', fail_run: true }] });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Build 'tsdemo' errored after [^:]+: run failed on purpose/);
    expect(r.out).toContain('--> tsdemo: run failed on purpose');
  });

  it("a TS plugin that crashes mid-run gives exit 1 and Packer's text for a dead plugin", async () => {
    const r = await build(plugins, { builders: [{ type: 'tsdemo', crash_in_run: true }] });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Build 'tsdemo' errored after [^:]+: unexpected EOF/);
  });

  it('a TS provisioner and a TS post-processor run with the builtin null builder', async () => {
    const r = await build(plugins, {
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: [{ type: 'tsdemo', message: 'hello from the template' }],
      'post-processors': [{ type: 'tsdemo', suffix: '-processed' }],
    });
    expect(r.out).toContain('null: TS provisioner: hello from the template');
    expect(r.out).toMatch(/TS post-processor got \S+ from fnoeding\.null/);
    expect(r.out).toMatch(/--> null: post-processed \S+-processed/);
    expect(r.code).toBe(0);
  });

  it('a TS provisioner error gives exit 1 and its message', async () => {
    const r = await build(plugins, { builders: [{ type: 'null', communicator: 'none' }], provisioners: [{ type: 'tsdemo', message: 'fail' }] });
    expect(r.code).toBe(1);
    expect(r.out).toContain('TS provisioner failed on purpose');
  });

  it('Ctrl-C (SIGINT to the process group of packer) cancels a running TS builder through Builder.Cancel', async () => {
    const file = join(dir, `cancel-${dialect}.json`);
    writeFileSync(file, JSON.stringify({ builders: [{ type: 'tsdemo', wait_for_cancel: true }] }));
    // Its own process group, like a terminal's foreground job: packer's panicwrap parent ignores
    // SIGINT and relies on the group delivery; the TS plugin gets it too and must ignore it.
    const child = spawn(PACKER, ['build', '-color=false', file], { env: packerEnv(plugins), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pgid = child.pid as number;
    let out = '';
    let sent = false;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (!sent && out.includes('waiting for cancel')) {
        sent = true;
        process.kill(-pgid, 'SIGINT');
      }
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    // Never hang the suite: after 25 s the group is killed and the assertions below show why.
    const guard = setTimeout(() => process.kill(-pgid, 'SIGKILL'), 25_000);
    try {
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      clearTimeout(guard);
      expect(out).toContain('Cancelling build after receiving interrupt');
      expect(out).toContain('TS builder saw the cancel');
      expect(out).toContain('Cleanly cancelled builds after being interrupted.');
      expect(code).toBe(1);
    } finally {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
  });
});

it('a TS plugin run by hand prints Packer\'s message and exits 1', async () => {
  const { cmd, args } = tsPluginCommand('packer-components.ts');
  const env = { ...process.env };
  delete env['PACKER_PLUGIN_MAGIC_COOKIE'];
  const r = await runWith(cmd, [...args, 'builder'], { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Please do not execute plugins directly. Packer will execute these for you.');
  expect(r.stdout.length).toBe(0);
});
