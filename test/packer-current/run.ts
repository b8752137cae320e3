/**
 * `npm run test:packer-current` (opt-in, not part of `npm test`): TS Packer components under a
 * current Packer (1.11.x, built once from the Go module proxy: packer-binary.ts), the way a user
 * installs them there:
 *
 * 1. the multi-component plugin of test/helpers/plugins/packer-components.ts (builder `hello`,
 *    provisioner `say`, post-processor `rename`, datasource `greet`; SDK 4-field handshake) is a
 *    small shell script `packer-plugin-tsset` that execs Node on it; `packer plugins install
 *    --path packer-plugin-tsset github.com/go-netrpc/tsset` runs its `describe`, copies it to
 *    `packer-plugin-tsset_v1.2.3_x5.0_linux_amd64` with a `_SHA256SUM` beside it;
 * 2. `packer build` of HCL2 and JSON templates: the TS datasource feeds the TS builder and Packer's
 *    own shell-local provisioner; TS provisioner, TS post-processor and Packer's manifest
 *    post-processor follow;
 * 3. what a Packer user can get wrong: a prepare error, an unknown attribute, a run error, a
 *    plugin crash mid-run, a provision error,
 *    datasource Configure and Execute errors (exit 1 and the text), and Ctrl-C cancelling a
 *    running TS builder through `Builder.Cancel`;
 * 4. the README's current-Packer example, followed as written (readme-example.ts).
 *
 * Prints one line per check and `N passed, N failed`; exits 1 if any failed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';
import { currentPacker, PACKER_CURRENT_VERSION } from './packer-binary.js';
import { readmeExample } from './readme-example.js';
import { cancelTemplate, mainTemplate, JSON_TEMPLATE, templateWith } from './templates.js';

const started = Date.now();
const log = (line: string): void => console.log(`packer-current: ${line}`);
const PACKER = currentPacker(log);
const dir = mkdtempSync(join(tmpdir(), 'packer-current-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: dir,
  PACKER_CONFIG_DIR: dir,
  PACKER_PLUGIN_PATH: join(dir, 'plugins'),
  PACKER_CACHE_DIR: join(dir, 'cache'),
  CHECKPOINT_DISABLE: '1',
};

async function packer(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  const r = await runWith(PACKER, args, { env, cwd: dir, timeoutMs: 300_000 });
  return { code: r.code, out: r.stdout.toString('utf8') + r.stderr };
}

async function build(name: string, text: string): Promise<{ code: number | null; out: string }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = await runWith(PACKER, ['build', '-color=false', file], { env, cwd: dir, timeoutMs: 300_000 });
  return { code: r.code, out: r.stdout.toString('utf8') + r.stderr };
}

const results: { name: string; ok: boolean; ms: number; err?: string }[] = [];
async function check(name: string, fn: () => Promise<void>): Promise<void> {
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - t });
    log(`✓ ${name} (${Date.now() - t} ms)`);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    results.push({ name, ok: false, ms: Date.now() - t, err: text });
    log(`✗ ${name}\n${text}`);
  }
}

// Packer wraps long diagnostics at the terminal width: compare with runs of whitespace folded.
const fold = (s: string): string => s.replace(/\s+/g, ' ');
const contains = (out: string, part: string): void => assert.ok(fold(out).includes(fold(part)), `expected ${JSON.stringify(part)} in:\n${out}`);

try {
  const version = await runWith(PACKER, ['version'], { env, cwd: dir });
  log(`${version.stdout.toString('utf8').trim()} at ${PACKER}; scratch ${dir}`);

  await check('packer plugins install --path accepts the TS plugin (describe, versioned name, SHA256SUM)', async () => {
    const { cmd, args } = tsPluginCommand('packer-components.ts');
    const shim = join(dir, 'packer-plugin-tsset');
    const quoted = [cmd, ...args, 'set'].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    writeFileSync(shim, `#!/bin/sh\nGONETRPC_PACKER_PROTOCOL=sdk exec ${quoted} "$@"\n`);
    chmodSync(shim, 0o755);
    const r = await packer(['plugins', 'install', '--path', shim, 'github.com/go-netrpc/tsset']);
    assert.equal(r.code, 0, r.out);
    const installed = join(dir, 'plugins', 'github.com', 'go-netrpc', 'tsset', 'packer-plugin-tsset_v1.2.3_x5.0_linux_amd64');
    contains(r.out, `Successfully installed plugin github.com/go-netrpc/tsset from ${shim} to ${installed}`);
    assert.equal(readFileSync(`${installed}_SHA256SUM`, 'utf8'), createHash('sha256').update(readFileSync(shim)).digest('hex'));
    const listed = await packer(['plugins', 'installed']);
    contains(listed.out, installed);
  });

  await check('HCL2: TS datasource → TS builder + shell-local + TS provisioner → TS post-processor + manifest', async () => {
    const r = await build('main.pkr.hcl', mainTemplate(join(dir, 'manifest.json')));
    contains(r.out, '==> tsset-hello.example: TS builder says hello to hello packer eleven');
    contains(r.out, 'config: {"tags":["packer","eleven"],"labels":{"k":"v"},"count":3}');
    contains(r.out, 'tsset-hello.example: provisioned-by-shell-local 9007199254740993 2.5');
    contains(r.out, '==> tsset-hello.example: TS provisioner: hello from hcl (instance ts-instance)');
    contains(r.out, 'TS post-processor got current-artifact from go-netrpc.ts');
    contains(r.out, '--> tsset-hello.example: post-processed current-artifact-renamed');
    contains(r.out, '--> tsset-hello.example: TS artifact current-artifact');
    assert.equal(r.code, 0, r.out);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { builds: { artifact_id: string; builder_type: string }[] };
    assert.deepEqual([m.builds[0]?.artifact_id, m.builds[0]?.builder_type], ['current-artifact', 'tsset-hello']);
  });

  await check('packer validate evaluates the datasource as unknown (OutputSpec) and accepts the template', async () => {
    const r = await packer(['validate', join(dir, 'main.pkr.hcl')]);
    contains(r.out, 'The configuration is valid.');
    assert.equal(r.code, 0, r.out);
  });

  await check('JSON template: the installed TS builder with shell-local and manifest', async () => {
    const r = await build('main.json', JSON_TEMPLATE);
    contains(r.out, '==> tsset-hello: TS builder says hello to json');
    contains(r.out, 'tsset-hello: provisioned-json');
    contains(r.out, '--> tsset-hello: TS artifact json-artifact');
    assert.equal(r.code, 0, r.out);
  });

  await check('a prepare error: exit 1 and the TS text', async () => {
    const r = await build('prepare.pkr.hcl', templateWith({ source: 'fail_prepare = true' }));
    contains(r.out, 'fail_prepare is set: refusing to build');
    assert.equal(r.code, 1, r.out);
  });

  await check("an attribute the ConfigSpec lacks: exit 1 and Packer's HCL diagnostic", async () => {
    const r = await build('typo.pkr.hcl', templateWith({ source: 'artifact_ib = "typo"' }));
    contains(r.out, 'An argument named "artifact_ib" is not expected here. Did you mean "artifact_id"?');
    assert.equal(r.code, 1, r.out);
  });

  await check('a run error: exit 1 and the TS text', async () => {
    const r = await build('run.pkr.hcl', templateWith({ source: 'fail_run = true' }));
    assert.match(r.out, /Build 'tsset-hello\.example' errored after [^:]+: run failed on purpose/);
    assert.equal(r.code, 1, r.out);
  });

  await check("a TS plugin crashing mid-run: exit 1 and Packer's text for a dead plugin", async () => {
    const r = await build('crash.pkr.hcl', templateWith({ source: 'crash_in_run = true' }));
    assert.match(r.out, /Build 'tsset-hello\.example' errored after [^:]+: unexpected EOF/);
    assert.equal(r.code, 1, r.out);
  });

  await check('a TS provisioner error: exit 1 and its text', async () => {
    const r = await build('provision.pkr.hcl', templateWith({ provisioner: 'message = "fail"' }));
    contains(r.out, 'TS provisioner failed on purpose');
    assert.equal(r.code, 1, r.out);
  });

  await check('a datasource Configure error: exit 1 and the TS text', async () => {
    const r = await build('dsconf.pkr.hcl', templateWith({ data: 'name = "bad"' }));
    contains(r.out, 'name must not be "bad"');
    assert.equal(r.code, 1, r.out);
  });

  await check('a datasource Execute error: exit 1 and the SDK text', async () => {
    const r = await build('dsexec.pkr.hcl', templateWith({ data: 'name = "x"\n  fail_execute = true' }));
    contains(r.out, 'Datasource.Execute failed: the TS datasource failed on purpose');
    assert.equal(r.code, 1, r.out);
  });

  await check("the README's example: its install command, then its template builds with the TS datasource's output", async () => {
    const { program, template } = readmeExample();
    const file = join(dir, 'hello-plugin.mts');
    writeFileSync(file, program);
    const { cmd, args } = tsPluginCommand('packer-components.ts'); // node and tsx's loader
    const byHand = await runWith(cmd, [...args.slice(0, -1), file], { env, cwd: dir });
    const install = /now: packer (plugins install --path \S+ \S+)/.exec(byHand.stdout.toString('utf8'));
    assert.ok(install?.[1] !== undefined, `no install command printed: ${byHand.stdout.toString('utf8')}${byHand.stderr}`);
    const r1 = await packer(install[1].split(' '));
    contains(r1.out, 'Successfully installed plugin github.com/example/hello');
    assert.equal(r1.code, 0, r1.out);
    const r = await build('readme.pkr.hcl', template);
    contains(r.out, '==> hello-greeter.example: the TS builder says hello packer user');
    contains(r.out, '--> hello-greeter.example: a TS artifact');
    assert.equal(r.code, 0, r.out);
  });

  await check('Ctrl-C (SIGINT to the process group) cancels a running TS builder through Builder.Cancel', async () => {
    const file = join(dir, 'cancel.pkr.hcl');
    writeFileSync(file, cancelTemplate());
    const child = spawn(PACKER, ['build', '-color=false', file], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
    const guard = setTimeout(() => process.kill(-pgid, 'SIGKILL'), 120_000);
    try {
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      contains(out, 'Cancelling build after receiving interrupt');
      contains(out, 'TS builder saw the cancel');
      contains(out, 'Cleanly cancelled builds after being interrupted.');
      assert.equal(code, 1, out);
    } finally {
      clearTimeout(guard);
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
  });
} finally {
  if (process.env['PACKER_CURRENT_KEEP'] === '1') log(`kept ${dir}`);
  else if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
log(`Packer ${PACKER_CURRENT_VERSION}: wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
