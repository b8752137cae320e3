/**
 * Matrix column 2: the oldest go-plugin release that builds with the current Go toolchain
 * (v1.0.0: the committed module go-testbed/legacy, see test/helpers/plugins/legacy.ts), both directions: TS host → v1.0.0 Go plugins, and
 * v1.0.0 Go hosts → TS plugins, with AutoMTLS and MuxBroker callbacks both ways.
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { implementService } from '../../src/rpc/service.js';
import { PluginClient } from '../../src/plugin/index.js';
import { AdderService, BASIC_HANDSHAKE, Greeter, KV, kvPutArgs, NameService, TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';
import { legacyBinaries, type LegacyBinaries } from '../helpers/plugins/legacy.js';
import { runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';

let bins: LegacyBinaries;
const clients: PluginClient[] = [];
beforeAll(() => {
  bins = legacyBinaries();
});
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.kill()));
});

describe('TS host → go-plugin v1.0.0 plugins', () => {
  for (const autoMtls of [false, true]) {
    it(`calls and broker callbacks both ways${autoMtls ? ' over AutoMTLS' : ''}, then Kill`, async () => {
      const c = new PluginClient({ cmd: bins.plugingo, handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, autoMtls });
      clients.push(c);
      await c.ping();
      const tb = await c.dispense<(typeof Testbed)['methods']>('testbed');
      expect(await tb.Greet('old')).toBe('Hello, old!');
      const broker = await c.broker();
      const id = broker.nextId();
      void broker.acceptAndServe(id, implementService(NameService, { Name: () => 'ts' }));
      expect(await tb.GreetWithCallback(id)).toBe('Hello, ts!');
      const adder = await broker.dialClient(await tb.OfferAdder(''));
      expect(await adder.service(AdderService).Add({ A: 1, B: 2 })).toBe(3);
      await adder.close();
      const big = new Uint8Array(400 * 1024).map((_, i) => i & 0xff);
      expect(Buffer.from(await tb.Echo(big)).equals(Buffer.from(big))).toBe(true);
      await expect(tb.Fail('old boom')).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: 'old boom' });
      const crashed = tb.Crash(5).catch((e: unknown) => e);
      expect(await crashed).toMatchObject({ code: 'PROCESS_EXITED' });
      expect((await c.waitExited()).code).toBe(5);
    });
  }

  it('drives the v1.0.0 examples/grpc plugin-go-netrpc KV', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-legacy-kv-'));
    const c = new PluginClient({ cmd: bins.kvNetrpc, cwd: dir, handshake: BASIC_HANDSHAKE, plugins: { kv: KV } });
    clients.push(c);
    const kv = await c.dispense<(typeof KV)['methods']>('kv');
    const put = kvPutArgs('old', 'times');
    expect(await kv.Put(put)).toBeNull();
    expect(Buffer.from(await kv.Get('old')).toString()).toBe('times\n\nWritten from plugin-go-netrpc');
  });

  it('drives the v1.0.0 examples/basic greeter', async () => {
    const c = new PluginClient({ cmd: bins.basicGreeter, handshake: BASIC_HANDSHAKE, plugins: { greeter: Greeter } });
    clients.push(c);
    const g = await c.dispense<(typeof Greeter)['methods']>('greeter');
    expect(await g.Greet(null)).toBe('Hello!');
  });
});

describe('go-plugin v1.0.0 hosts → TS plugins', () => {
  const ts = tsPluginCommand('testbed-plugin.ts');
  for (const mtls of [false, true]) {
    it(`pluginhost v1.0.0${mtls ? ' with AutoMTLS' : ''}: calls, callbacks both ways, raw streams, Kill`, async () => {
      const r = await runWith(bins.pluginhost, ['-scenario', 'basic', ...(mtls ? ['-automtls'] : []), '--', ts.cmd, ...ts.args]);
      expect(JSON.parse(r.stdout.toString())).toMatchObject({
        ping: '',
        greet: 'Hello, go-host!',
        callback: 'Hello, go-host!',
        adder: 42,
        rawOk: true,
        echoOk: true,
        fail: 'boom from go host',
        dispenseUnknownRemote: 'unknown plugin type: missing',
        exited: true,
      });
    });
  }

  it('pluginhost v1.0.0 forwards TS plugin stdio and re-logs its hclog JSON', async () => {
    const r = await runWith(bins.pluginhost, ['-scenario', 'stdio', '--', ts.cmd, ...ts.args]);
    const out = JSON.parse(r.stdout.toString()) as Record<string, string>;
    expect(out['syncStdout']).toBe('hello-stdio\n');
    expect(out['syncStderr']).toBe('hello-stdio\n');
    const printed = (out['hostLog'] ?? '').split('\n').find((l) => l.includes('"print called"'));
    expect(JSON.parse(printed ?? '{}')).toMatchObject({ '@level': 'info', text: 'hello-stdio' });
  });

  it('v1.0.0 examples/basic host loads a TS greeter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-legacy-basic-'));
    await mkdir(join(dir, 'plugin'));
    await writeFile(join(dir, 'plugin', 'greeter'), `#!/bin/sh\nexec ${[ts.cmd, ...tsPluginCommand('greeter-plugin.ts').args].map((a) => `'${a}'`).join(' ')}\n`);
    await chmod(join(dir, 'plugin', 'greeter'), 0o755);
    const r = await runWith(bins.basicHost, [], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('Hello from TypeScript!');
  });
});
