/**
 * PluginClient driving a TypeScript plugin (both sides ours): dispense, callbacks, managed
 * cleanup, and reattaching a second client to a running plugin (Go ReattachConfig).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { implementService } from '../../../src/rpc/service.js';
import { cleanupClients, clientsKilled, PluginClient, type LogEntry } from '../../../src/plugin/index.js';
import { pluginLogName } from '../../../src/plugin/host-logging.js';
import { NameService, TESTBED_HANDSHAKE, Testbed } from '../../helpers/plugins/testbed-contract.js';
import { runWith, tsPluginCommand } from '../../helpers/plugins/upstream.js';

const ts = tsPluginCommand('testbed-plugin.ts');
const clients: PluginClient[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.kill()));
});

function tsClient(managed = false): PluginClient {
  const c = new PluginClient({ cmd: ts.cmd, args: ts.args, handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, managed, startTimeoutMs: 20_000 });
  clients.push(c);
  return c;
}

describe('TS host → TS plugin', () => {
  it('calls, callbacks through the broker, and a reattached second client', async () => {
    const c = tsClient();
    const tb = await c.dispense<(typeof Testbed)['methods']>('testbed');
    expect(await tb.Greet('ts')).toBe('Hello, ts!');
    const broker = await c.broker();
    const id = broker.nextId();
    void broker.acceptAndServe(id, implementService(NameService, { Name: () => 'node' }));
    expect(await tb.GreetWithCallback(id)).toBe('Hello, node!');
    const rc = c.reattachConfig();
    expect(rc).toBeDefined();
    const again = new PluginClient({ handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, reattach: rc as NonNullable<typeof rc> });
    clients.push(again);
    const tb2 = await again.dispense<(typeof Testbed)['methods']>('testbed');
    expect(await tb2.Greet('reattached')).toBe('Hello, reattached!');
    await again.kill(); // Control.Quit through the second connection: the plugin exits
    expect((await c.waitExited()).code).toBe(0);
  });

  it('cleanupClients() kills every managed client', async () => {
    const a = tsClient(true);
    const b = tsClient(true);
    await Promise.all([a.ping(), b.ping()]);
    await cleanupClients();
    expect(clientsKilled()).toBe(true);
    expect(a.exited() && b.exited()).toBe(true);
  });

  it('kill() falls back to SIGKILL when the plugin does not answer Control.Quit', async () => {
    const c = new PluginClient({ cmd: ts.cmd, args: ts.args, handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, killGraceMs: 300, startTimeoutMs: 20_000 });
    clients.push(c);
    const tb = await c.dispense<(typeof Testbed)['methods']>('testbed');
    const frozen = tb.Freeze(120_000).catch((e: unknown) => e); // blocks the plugin's event loop
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    await c.kill();
    // Far above the 300 ms grace, far below the 120 s freeze a missing fallback would wait out.
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect((await c.waitExited()).signal).toBe('SIGKILL');
    expect(await frozen).toMatchObject({ code: 'CLIENT_CLOSED' });
  }, 180_000);

  it('a TS plugin ignores SIGINT, as Go plugins do', async () => {
    const c = tsClient();
    await c.ping();
    process.kill(c.pid as number, 'SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    await c.ping();
    expect(c.exited()).toBe(false);
  });

  it('managed plugins are killed when the host process exits without cleanupClients()', async () => {
    const host = tsPluginCommand('managed-host.ts');
    const r = await runWith(host.cmd, host.args, { timeoutMs: 30_000 });
    const pid = Number(r.stdout.toString().trim());
    expect(pid).toBeGreaterThan(0);
    const deadline = Date.now() + 30_000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      try {
        process.kill(pid, 0);
        const st = readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2];
        alive = st !== 'Z';
      } catch {
        alive = false;
      }
      if (alive) await new Promise((res) => setTimeout(res, 50));
    }
    expect(alive).toBe(false);
  }, 180_000);

  it('re-emits a TS plugin\'s log lines under its script name, not `node` (logName overrides)', async () => {
    const entries: LogEntry[] = [];
    const c = new PluginClient({ cmd: ts.cmd, args: ts.args, handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, logger: { log: (e) => entries.push(e) }, startTimeoutMs: 20_000 });
    clients.push(c);
    await c.ping();
    expect(entries.find((e) => e.message === 'ts testbed plugin serving')?.module).toBe('testbed-plugin');
    expect(pluginLogName('/usr/bin/node', ['--import', 'file:///x/loader.mjs', '/p/my-plugin.mjs'])).toBe('my-plugin');
    expect(pluginLogName('/opt/bin/plugingo', ['-x'])).toBe('plugingo');
    expect(pluginLogName('node', ['-e', 'code'])).toBe('node');
    const named = new PluginClient({ cmd: ts.cmd, args: ts.args, handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, logger: { log: (e) => entries.push(e) }, logName: 'kv', startTimeoutMs: 20_000 });
    clients.push(named);
    entries.length = 0;
    await named.ping();
    expect(entries.find((e) => e.message === 'ts testbed plugin serving')?.module).toBe('kv');
  });

  it('rejects construction with both or neither of cmd and reattach', () => {
    expect(() => new PluginClient({ handshake: TESTBED_HANDSHAKE, plugins: {} })).toThrow('exactly one of `cmd` (launch a plugin) or `reattach` (attach to a running one) must be set');
    expect(() => new PluginClient({ handshake: TESTBED_HANDSHAKE, cmd: ts.cmd })).toThrow(
      'no plugins to dispense: set `plugins` (plugin name → describeService(...) of its methods) or `versionedPlugins`',
    );
  });
});
