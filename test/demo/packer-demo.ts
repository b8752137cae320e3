/**
 * `npm run demo:packer`: go-netrpc/packer against Debian's real `packer` 1.6.6, step by step.
 *
 * 1. TS components (test/helpers/plugins/packer-components.ts) installed as packer-builder-tsdemo,
 *    packer-provisioner-tsdemo and packer-post-processor-tsdemo run under `packer build`, once with
 *    a JSON template (next to Packer's shell-local provisioner and manifest post-processor) and
 *    once with an HCL2 template (through the TS ConfigSpec).
 * 2. A TS host drives Packer's own Go null builder (`packer plugin packer-builder-null`), running
 *    the Go shell-local provisioner from its provision hook.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackerPluginClient, type Ui } from '../../src/packer/index.js';
import { tsPluginCommand } from '../helpers/plugins/upstream.js';

function step(title: string): void {
  console.log(`\n=== ${title}`);
}

const packer = execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'packer-demo-'));
try {
  step(`Installing TS components as Packer 1.6 plugins in ${dir}`);
  const { cmd, args } = tsPluginCommand('packer-components.ts');
  for (const component of ['builder', 'provisioner', 'post-processor']) {
    const file = join(dir, `packer-${component}-tsdemo`);
    writeFileSync(file, `#!/bin/sh\nexec ${[cmd, ...args, component].map((a) => `'${a}'`).join(' ')}\n`);
    chmodSync(file, 0o755);
    console.log(`  ${file}`);
  }
  const env = { ...process.env, PACKER_PLUGIN_PATH: dir, CHECKPOINT_DISABLE: '1' };
  const run = (template: string): void => {
    console.log(`$ packer build ${template}`);
    const r = spawnSync(packer, ['build', '-color=false', template], { cwd: dir, env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`packer build ${template} exited ${String(r.status)}`);
  };

  step('packer build (JSON): TS builder + shell-local + TS provisioner + manifest + TS post-processor');
  writeFileSync(
    join(dir, 'demo.json'),
    JSON.stringify(
      {
        builders: [{ type: 'tsdemo', greeting: 'the demo', artifact_id: 'demo-artifact' }],
        provisioners: [
          { type: 'shell-local', inline: ['echo "shell-local ran on the TS build"'] },
          { type: 'tsdemo', message: 'hello from a TS provisioner' },
        ],
        'post-processors': [[{ type: 'manifest', output: 'manifest.json' }, { type: 'tsdemo', suffix: '-post' }]],
      },
      null,
      2,
    ),
  );
  run('demo.json');
  console.log(`manifest.json: ${readFileSync(join(dir, 'manifest.json'), 'utf8')}`);

  step('packer build (HCL2): the same components configured through their ConfigSpec');
  writeFileSync(
    join(dir, 'demo.pkr.hcl'),
    'source "tsdemo" "hcl" {\n  greeting = "HCL2"\n  tags = ["x"]\n}\nbuild {\n  sources = ["source.tsdemo.hcl"]\n  provisioner "tsdemo" {\n    message = "HCL2 provisioner"\n  }\n}\n',
  );
  run('demo.pkr.hcl');

  step('TS host → Go plugin: packer plugin packer-builder-null, hook running packer-provisioner-shell-local');
  const ui: Ui = {
    say: async (m) => console.log(`  ui.say: ${m}`),
    message: async (m) => console.log(`  ui.message: ${m}`),
    error: async (m) => console.log(`  ui.error: ${m}`),
    machine: async () => undefined,
    ask: async () => '',
  };
  const plugin = await PackerPluginClient.start({ command: [packer, 'plugin', 'packer-builder-null'], env: { CHECKPOINT_DISABLE: '1' } });
  console.log(`  handshake: ${JSON.stringify(plugin.handshake)}`);
  const builder = await plugin.builder();
  console.log(`  Prepare → ${JSON.stringify(await builder.prepare({ communicator: 'none' }, { packer_build_name: 'demo', packer_builder_type: 'null' }))}`);
  const artifact = await builder.run({
    ui,
    hook: async (name, data, ctx) => {
      console.log(`  Hook.Run ${name} ${JSON.stringify(data)}`);
      const shell = await PackerPluginClient.start({ command: [packer, 'plugin', 'packer-provisioner-shell-local'] });
      const prov = await shell.provisioner();
      await prov.prepare({ inline: ['echo "the Go shell-local provisioner, driven from Node"'] });
      await prov.provision({ ui: ctx.ui, generatedData: data as Record<string, never> });
      await shell.close();
    },
  });
  console.log(`  Artifact: id=${await artifact?.id()} builderId=${await artifact?.builderId()} string=${JSON.stringify(await artifact?.string())}`);
  await plugin.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
