/**
 * Go hosts (hashicorp/go-plugin v1.8.0 plugin.NewClient) loading TypeScript plugins served by
 * `serve()`: go-testbed's pluginhost (pluginshared contract) and the upstream example hosts
 * examples/basic and examples/grpc (KV_PROTO=netrpc), built unmodified from the module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCert } from '../../src/plugin/index.js';
import { goBin } from '../helpers/go-peer.js';
import { buildUpstream, runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';

const tsPlugin = tsPluginCommand('testbed-plugin.ts');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

async function goHost(args: string[], env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const r = await runWith(goBin('pluginhost'), [...args, '--', tsPlugin.cmd, ...tsPlugin.args], { env: { ...process.env, ...env } });
  const line = r.stdout.toString().trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`pluginhost printed no JSON (exit ${r.code}): ${r.stdout.toString()}\n${r.stderr}`);
  }
}

function procState(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2];
  } catch {
    return undefined;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const st = procState(pid);
    if (st === undefined || st === 'Z') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('Go host (go-plugin v1.8.0) → TS plugin', () => {
  for (const mtls of [false, true]) {
    it(`Ping, Dispense, calls, errors, broker callbacks both ways, raw streams, Kill${mtls ? ' with AutoMTLS' : ''}`, async () => {
      const r = await goHost(['-scenario', 'basic', ...(mtls ? ['-automtls'] : [])], { TESTBED_ENV_PROBE: 'probe' });
      expect(r).toMatchObject({
        ping: '',
        negotiatedVersion: 1,
        greet: 'Hello, go-host!',
        callback: 'Hello, go-host!',
        adder: 42,
        rawOk: true,
        rawWritten: 300000,
        echoOk: true,
        fail: 'boom from go host',
        version: 1,
        env: 'probe',
        dispenseUnknownLocal: 'unknown plugin type: nope',
        dispenseUnknownRemote: 'unknown plugin type: missing',
        network: 'unix',
        exited: true,
      });
      // Graceful: go-plugin's Kill waits exactly 2 s for the plugin to exit after Control.Quit before
      // it takes the force-kill path, so any killMs below 2 000 means Quit was honoured (load
      // stretches the graceful path, it cannot make the forced one shorter).
      expect(r['killMs']).toBeLessThan(2_000);
    });
  }

  it('negotiates versions with the Go host and reports a mismatch with Go’s message', async () => {
    expect(await goHost(['-scenario', 'basic', '-versions', '1,2'], { TESTBED_VERSIONS: '2,3' })).toMatchObject({ negotiatedVersion: 2, version: 2 });
    const bad = await goHost(['-scenario', 'basic', '-versions', '1'], { TESTBED_VERSIONS: '2' });
    expect(bad['startError']).toMatch(/incompatible API version with plugin. Plugin version: 2, Client versions: \[1\]/);
  });

  it('uses ClientConfig.TLSConfig against a TS plugin serving user TLS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-gotls-'));
    const [plug, host] = [generateCert(), generateCert()];
    const files: Record<string, string> = { 'p.pem': plug.certPem, 'pk.pem': plug.keyPem, 'h.pem': host.certPem, 'hk.pem': host.keyPem };
    for (const [n, v] of Object.entries(files)) await writeFile(join(dir, n), v);
    const r = await goHost(['-scenario', 'basic', '-tls', ['h.pem', 'hk.pem', 'p.pem'].map((n) => join(dir, n)).join(',')], {
      TESTBED_TLS_CERT: join(dir, 'p.pem'),
      TESTBED_TLS_KEY: join(dir, 'pk.pem'),
      TESTBED_TLS_CA: join(dir, 'h.pem'),
    });
    expect(r).toMatchObject({ greet: 'Hello, go-host!', callback: 'Hello, go-host!', echoOk: true, exited: true });
  });

  it('connects over TCP when the TS plugin listens on TCP (Windows behaviour)', async () => {
    expect(await goHost(['-scenario', 'basic'], { TESTBED_TCP: '1' })).toMatchObject({ network: 'tcp', greet: 'Hello, go-host!', callback: 'Hello, go-host!', exited: true });
  });

  it('forwards stdout/stderr to SyncStdout/SyncStderr and hclog JSON into the Go host logger', async () => {
    const r = await goHost(['-scenario', 'stdio']);
    expect(r['syncStdout']).toBe('hello-stdio\n');
    expect(r['syncStderr']).toBe('hello-stdio\n');
    const hostLog = String(r['hostLog']).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const printed = hostLog.find((e) => e['@message'] === 'print called');
    expect(printed).toMatchObject({ '@level': 'info', text: 'hello-stdio' });
    // Go re-logged it as JSON (so our timestamp parsed with Go's 6-digit layout), not as a raw Debug line.
    expect(printed?.['timestamp']).toBeDefined();
    expect(hostLog.some((e) => e['@message'] === 'plugin address')).toBe(true);
  });

  it('Kill interrupts a pending call and the TS plugin exits', async () => {
    expect(await goHost(['-scenario', 'kill'])).toMatchObject({ exited: true, sleepErr: 'unexpected EOF' });
  });

  it('a TS plugin crashing mid-call is seen by the Go host', async () => {
    expect(await goHost(['-scenario', 'crash'])).toMatchObject({ exited: true, crashErr: 'unexpected EOF' });
  });

  it('the TS plugin exits when its Go host dies (SIGKILL)', async () => {
    const holder = spawn(goBin('pluginhost'), ['-scenario', 'hold', '--', tsPlugin.cmd, ...tsPlugin.args], { stdio: ['pipe', 'pipe', 'ignore'] });
    children.push(holder);
    const line = await new Promise<string>((resolve) => holder.stdout?.once('data', (d: Buffer) => resolve(d.toString())));
    const info = JSON.parse(line) as { pid: number; addr: string; greet: string };
    expect(info.greet).toBe('Hello, holder!');
    holder.kill('SIGKILL');
    expect(await waitGone(info.pid, 30_000)).toBe(true);
  }, 180_000);

  it('a Go host reattaches to a running TS plugin (ReattachConfig) and Kill quits it', async () => {
    const holder = spawn(goBin('pluginhost'), ['-scenario', 'hold', '--', tsPlugin.cmd, ...tsPlugin.args], { stdio: ['pipe', 'pipe', 'ignore'] });
    children.push(holder);
    const line = await new Promise<string>((resolve) => holder.stdout?.once('data', (d: Buffer) => resolve(d.toString())));
    const info = JSON.parse(line) as { pid: number; addr: string };
    const r = await runWith(goBin('pluginhost'), ['-scenario', 'reattach', '-reattach', info.addr, '-pid', String(info.pid)]);
    const out = JSON.parse(r.stdout.toString().trim()) as Record<string, unknown>;
    expect(out).toMatchObject({ ping: '', greet: 'Hello, go-host!', callback: 'Hello, go-host!', adder: 42, exited: true });
    expect(await waitGone(info.pid, 30_000)).toBe(true);
  }, 180_000);

  it("prints Go's message and exits 1 when run by hand", async () => {
    const r = await runWith(tsPlugin.cmd, tsPlugin.args);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe(
      'This binary is a plugin. These are not meant to be executed directly.\nPlease execute the program that consumes these plugins, which will\nload any plugins automatically\n',
    );
  });
});

describe('upstream go-plugin example hosts → TS plugins', () => {
  let basicHost = '';
  let grpcHost = '';
  let negotiatedHost = '';
  beforeAll(async () => {
    [basicHost, grpcHost, negotiatedHost] = await Promise.all([buildUpstream('basic-host'), buildUpstream('grpc-host'), buildUpstream('negotiated-host')]);
  }, 300_000);

  async function wrapper(dir: string, rel: string, entry: string): Promise<void> {
    const { cmd, args } = tsPluginCommand(entry);
    const path = join(dir, rel);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, `#!/bin/sh\nexec ${[cmd, ...args].map((a) => `'${a}'`).join(' ')}\n`);
    await chmod(path, 0o755);
  }

  it('examples/basic host loads a TS greeter at ./plugin/greeter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-basic-'));
    await wrapper(dir, 'plugin/greeter', 'greeter-plugin.ts');
    const r = await runWith(basicHost, [], { cwd: dir });
    const out = r.stdout.toString();
    expect(r.code).toBe(0);
    expect(out).toContain('Hello from TypeScript!');
    expect(out).toMatch(/\[DEBUG\] plugin\.greeter: message from plugin: foo=bar/);
    expect(out).toMatch(/plugin\.greeter: message from GreeterHello\.Greet/);
  });

  it('examples/negotiated host (KV_PROTO=netrpc, version 2) loads a TS KV plugin serving version 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-neghost-'));
    await wrapper(dir, 'kv-plugin', 'kv-plugin.ts');
    const env = { ...process.env, KV_PROTO: 'netrpc', KV_TS_VERSION: '2' };
    expect((await runWith(negotiatedHost, ['put', 'a', 'b'], { env, cwd: dir })).code).toBe(0);
    const get = await runWith(negotiatedHost, ['get', 'a'], { env, cwd: dir });
    expect(get.stdout.toString()).toBe('b\n\nWritten from plugin-ts-netrpc\n');
    const v1 = await runWith(negotiatedHost, ['get', 'a'], { env: { ...env, KV_TS_VERSION: '1' }, cwd: dir });
    expect(v1.code).toBe(1);
    expect(v1.stdout.toString()).toContain('incompatible API version with plugin. Plugin version: 1, Client versions: [2]');
  });

  it('examples/grpc host with KV_PROTO=netrpc loads a TS KV plugin (put/get)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-kvhost-'));
    await wrapper(dir, 'kv-ts', 'kv-plugin.ts');
    const env = { ...process.env, KV_PROTO: 'netrpc', KV_PLUGIN: 'exec ./kv-ts' };
    const put = await runWith(grpcHost, ['put', 'hello', 'world'], { env, cwd: dir });
    expect(put.code).toBe(0);
    expect(await readFile(join(dir, 'kv_hello'), 'utf8')).toBe('world\n\nWritten from plugin-ts-netrpc');
    const get = await runWith(grpcHost, ['get', 'hello'], { env, cwd: dir });
    expect(get.code).toBe(0);
    expect(get.stdout.toString()).toBe('world\n\nWritten from plugin-ts-netrpc\n');
  });
});
