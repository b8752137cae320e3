/**
 * The Mattermost example end to end, against Mattermost's own plugin code
 * (github.com/mattermost/mattermost/server/public v0.4.4, go-testbed/mattermost): the server's
 * plugin environment (plugin.NewEnvironment + Activate: bundle manifest, supervisor, go-plugin
 * netrpc, API served back over the MuxBroker) loads the TypeScript plugin (plugin.ts), runs its
 * hooks as the server does and deactivates it; the checked-in types are what `go-netrpc gen`
 * generates from the module today.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goBin, repoRoot, runProgram } from '../../helpers/go-peer.js';
import { bundleExample, readmeExample, regenerate } from '../example-helpers.js';

const here = join(repoRoot, 'test/examples/mattermost');
const GEN_TIMEOUT_MS = 900_000; // a cold run builds the Go helper and the Mattermost packages' export data
const PLUGIN_ID = 'com.example.go-netrpc';

const pluginDir = mkdtempSync(join(tmpdir(), 'mm-plugins-'));
afterAll(() => rmSync(pluginDir, { recursive: true, force: true }));

/**
 * A plugin bundle as the server unpacks it: plugin.json naming the executable for linux-amd64, a
 * shell script running node on the plugin bundled into one file (the server gives a plugin 3 s
 * to print its handshake; tsx transpiling the 3 000-line generated module on a loaded machine
 * may not make it).
 */
async function installBundle(): Promise<void> {
  const bundle = join(pluginDir, PLUGIN_ID);
  mkdirSync(bundle, { recursive: true });
  const manifest = { id: PLUGIN_ID, name: 'go-netrpc example', version: '0.1.0', server: { executables: { 'linux-amd64': 'plugin.sh' } } };
  writeFileSync(join(bundle, 'plugin.json'), JSON.stringify(manifest));
  await bundleExample(join(here, 'plugin.ts'), join(bundle, 'plugin.mjs'));
  writeFileSync(join(bundle, 'plugin.sh'), `#!/bin/sh\nexec '${process.execPath}' "$(dirname "$0")/plugin.mjs"\n`, { mode: 0o755 });
}

describe('Mattermost: the server plugin environment loads the TypeScript plugin', () => {
  it('Activate (OnActivate calls GetConfig, LogInfo, KVSet back through the broker), hooks, ServeHTTP, Deactivate', async () => {
    await installBundle();
    const r = await runProgram(goBin('mmhost'), [pluginDir, PLUGIN_ID], undefined, 110_000);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.toString().trim().split('\n').pop() ?? '') as Record<string, unknown>;
    expect(report).toMatchObject({
      activated: true,
      manifestVersion: '0.1.0',
      postedReason: '',
      // A nil post is not sent by gob, so the server keeps its own (Go plugins behave the same);
      // the reason is what rejects the post.
      rejected: { id: 'p2', message: 'spam offer' },
      rejectedReason: 'no spam, please',
      commandErr: null,
      http: { status: 201, header: 'go-netrpc', contentType: 'text/plain', body: `POST /plugins/${PLUGIN_ID}/hello?name=Gopher: ping body` },
      deactivated: true,
      // OnActivate: GetConfig's SiteURL came back through LogInfo; OnDeactivate logged too.
      logs: ['activated site https://chat.example.com', 'deactivated'],
      kv: { greeting: 'hello from TypeScript' },
    });
    // The post came back rewritten, every other field (props, hashtags, ids) intact.
    expect(report['posted']).toMatchObject({
      id: 'p1',
      channel_id: 'town-square',
      user_id: 'u1',
      message: 'hello from go (checked by TypeScript)',
      hashtags: '#go',
      props: { from_bot: 'false' },
    });
    expect((report['consumed'] as { message: string }[]).map((p) => p.message)).toEqual(['one', '****** two']);
    expect(report['command']).toMatchObject({ response_type: 'ephemeral', text: 'hi there' });
    expect(report['unknownCommandErr']).toMatchObject({ id: 'unknown_command', message: 'unknown command /nope', status_code: 404 });
  });
});

describe('Mattermost: generated types', () => {
  it('mattermost.gen.ts is what its Regenerate command generates now', async () => {
    const { checkedIn, now } = await regenerate(join(here, 'mattermost.gen.ts'));
    expect(now).toBe(checkedIn);
  }, GEN_TIMEOUT_MS);

  it('the README shows the whole plugin', () => {
    expect(readmeExample('test/examples/mattermost/plugin.ts')).toBe(readFileSync(join(here, 'plugin.ts'), 'utf8'));
  });
});
