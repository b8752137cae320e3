/**
 * TS host (PluginClient) ↔ real Go plugins built with hashicorp/go-plugin v1.8.0: go-testbed's
 * plugingo (pluginshared contract) and the upstream examples built unmodified from the module.
 */
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { implementService } from '../../src/rpc/service.js';
import { generateCert, PluginClient, PluginError, type LogEntry, type PluginClientOptions } from '../../src/plugin/index.js';
import { goBin } from '../helpers/go-peer.js';
import { AdderService, BASIC_HANDSHAKE, Greeter, KV, kvPutArgs, NameService, TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';
import { buildUpstream } from '../helpers/plugins/upstream.js';

type TB = (typeof Testbed)['methods'];
const clients: PluginClient[] = [];

function client(opts: Partial<PluginClientOptions> = {}): PluginClient {
  // The testbed plugin set is the default unless the test brings versioned sets.
  const plugins = opts.versionedPlugins === undefined ? { plugins: { testbed: Testbed } } : {};
  const c = new PluginClient({ cmd: goBin('plugingo'), handshake: TESTBED_HANDSHAKE, startTimeoutMs: 20_000, ...plugins, ...opts });
  clients.push(c);
  return c;
}

function collect(): { sink: PassThrough; text: () => string } {
  const sink = new PassThrough();
  let s = '';
  sink.on('data', (d: Buffer) => (s += d.toString()));
  return { sink, text: () => s };
}

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.kill()));
});

describe('TS host → Go plugin (go-plugin v1.8.0 plugin.Serve)', () => {
  for (const autoMtls of [false, true]) {
    it(`calls, errors and MuxBroker callbacks both ways${autoMtls ? ' over AutoMTLS' : ''}`, async () => {
      const c = client({ autoMtls, env: { TESTBED_ENV_PROBE: 'probe' } });
      await c.ping();
      const tb = await c.dispense<TB>('testbed');
      expect(await tb.Greet('ts-host')).toBe('Hello, ts-host!');
      // host → plugin callback: the host allocates, accepts and serves; the plugin dials.
      const broker = await c.broker();
      const id = broker.nextId();
      const served = broker.acceptAndServe(id, implementService(NameService, { Name: () => 'ts-host' }));
      expect(await tb.GreetWithCallback(id)).toBe('Hello, ts-host!');
      await served;
      // plugin → host: the plugin allocates and serves an adder, the host dials.
      const adderId = await tb.OfferAdder('');
      const adder = await broker.dialClient(adderId);
      expect(await adder.service(AdderService).Add({ A: 40, B: 2 })).toBe(42);
      await adder.close();
      // raw brokered bytes, larger than a yamux window.
      const rawId = broker.nextId();
      const accepted = broker.accept(rawId);
      const written = tb.RawWrite({ Id: rawId, N: 300_000 });
      const stream = await accepted;
      const chunks: Buffer[] = [];
      for await (const ch of stream) chunks.push(ch as Buffer);
      const got = Buffer.concat(chunks);
      expect(await written).toBe(300_000);
      expect(got.length).toBe(300_000);
      expect(got.every((b, i) => b === i % 251)).toBe(true);
      const big = new Uint8Array(600 * 1024).map((_, i) => (i * 7) & 0xff);
      expect(Buffer.from(await tb.Echo(big)).equals(Buffer.from(big))).toBe(true);
      await expect(tb.Fail('boom')).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: 'boom' });
      expect(await tb.Env('TESTBED_ENV_PROBE')).toBe('probe');
      await expect(c.dispense('nope')).rejects.toMatchObject({ code: 'UNKNOWN_PLUGIN', message: "unknown plugin type: nope (the host's plugins map has: testbed)" });
      expect(c.reattachConfig()).toMatchObject({ protocol: 'netrpc', network: 'unix', protocolVersion: 1 });
      await c.kill();
      expect(c.exited()).toBe(true);
      // Graceful, without a wall-clock bound: exit status 0 means Control.Quit was honoured (the
      // SIGKILL fallback would report signal SIGKILL).
      expect(await c.waitExited()).toMatchObject({ code: 0, signal: null });
    });
  }

  it('uses a user-supplied TLS config against a Go plugin with a TLSProvider', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-tls-'));
    const [plug, host] = [generateCert(), generateCert()];
    await writeFile(join(dir, 'cert.pem'), plug.certPem);
    await writeFile(join(dir, 'key.pem'), plug.keyPem);
    await writeFile(join(dir, 'ca.pem'), host.certPem);
    const env = { TESTBED_TLS_CERT: join(dir, 'cert.pem'), TESTBED_TLS_KEY: join(dir, 'key.pem'), TESTBED_TLS_CA: join(dir, 'ca.pem') };
    const c = client({ env, tls: { cert: host.certPem, key: host.keyPem, ca: plug.certPem } });
    const tb = await c.dispense<TB>('testbed');
    expect(await tb.Greet('tls')).toBe('Hello, tls!');
    const mismatched = client({ env, tls: { cert: generateCert().certPem, key: generateCert().keyPem, ca: plug.certPem } });
    await expect(mismatched.start()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    const stranger = generateCert(); // a valid pair the plugin does not trust: Go's TLS server refuses it
    const untrusted = client({ env, tls: { cert: stranger.certPem, key: stranger.keyPem, ca: plug.certPem } });
    await expect(untrusted.ping()).rejects.toBeInstanceOf(PluginError);
  });

  it('unclaimed broker streams are closed after 5 s on both sides (Go MuxBroker timeoutWait)', async () => {
    const c = client();
    const tb = await c.dispense<TB>('testbed');
    const broker = await c.broker();
    const t0 = performance.now();
    const [goDialsUnaccepted, tsDialsUnaccepted] = await Promise.all([
      tb.GreetWithCallback(999).catch((e: unknown) => e),
      broker.dial(777).catch((e: unknown) => e),
    ]);
    const elapsed = performance.now() - t0;
    expect(goDialsUnaccepted).toMatchObject({ code: 'REMOTE_ERROR' });
    expect(tsDialsUnaccepted).toMatchObject({ code: 'BROKER_CLOSED' });
    // Not before the 5 s wait (load can only lengthen it); the upper bound only says "closed by
    // the timeout, not by something else much later".
    expect(elapsed).toBeGreaterThan(4_500);
    expect(elapsed).toBeLessThan(40_000);
    expect(await tb.Greet('still fine')).toBe('Hello, still fine!');
  }, 180_000);

  it('the Go plugin rejects an unknown remote plugin with its own message', async () => {
    const c = client({ plugins: { testbed: Testbed, missing: Testbed } });
    await expect(c.dispense('missing')).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: 'unknown plugin type: missing' });
  });

  it('negotiates the highest common version and rejects a mismatch', async () => {
    const c = client({ versionedPlugins: { 1: { testbed: Testbed }, 2: { testbed: Testbed } }, env: { TESTBED_VERSIONS: '1,2,3' } });
    const tb = await c.dispense<TB>('testbed');
    expect(await tb.Version('')).toBe(2);
    expect(c.negotiatedVersion).toBe(2);
    const bad = client({ env: { TESTBED_VERSIONS: '2,3' } });
    await expect(bad.start()).rejects.toMatchObject({ code: 'APP_VERSION_UNSUPPORTED', message: 'incompatible API version with plugin. Plugin version: 2, Client versions: [1]' });
    expect(bad.exited()).toBe(true);
  });

  it('forwards stdout/stderr streams and re-emits hclog lines with level and fields', async () => {
    const out = collect();
    const err = collect();
    const raw = collect();
    const entries: LogEntry[] = [];
    const c = client({ syncStdout: out.sink, syncStderr: err.sink, stderr: raw.sink, logger: { log: (e) => entries.push(e) }, logLevel: 'info' });
    const tb = await c.dispense<TB>('testbed');
    expect(await tb.Print('hello-stdio')).toBe('printed');
    await c.kill();
    expect(out.text()).toBe('hello-stdio\n');
    expect(err.text()).toBe('hello-stdio\n');
    expect(raw.text()).toContain('"@message":"print called"');
    const printed = entries.find((e: LogEntry) => e.message === 'print called');
    expect(printed).toMatchObject({ level: 'info', json: true, module: 'plugingo', fields: { text: 'hello-stdio' } });
    expect(printed?.timestamp).toBeInstanceOf(Date);
    expect(entries.every((e) => e.level !== 'debug' && e.level !== 'trace')).toBe(true);
  });

  it('kill() rejects a pending call with CLIENT_CLOSED and leaves no process', async () => {
    const c = client();
    const tb = await c.dispense<TB>('testbed');
    const pending = tb.Sleep(30_000).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    await c.kill();
    expect(await pending).toMatchObject({ code: 'CLIENT_CLOSED' });
    expect(c.exited()).toBe(true);
    expect(() => process.kill(c.pid as number, 0)).toThrow();
  });

  it('a plugin crashing mid-call rejects the call with PROCESS_EXITED and its exit status', async () => {
    const c = client();
    const tb = await c.dispense<TB>('testbed');
    const err = (await tb.Crash(3).catch((e: unknown) => e)) as PluginError;
    expect(err).toBeInstanceOf(PluginError);
    expect(err.code).toBe('PROCESS_EXITED');
    expect((await c.waitExited()).code).toBe(3);
    await expect(tb.Greet('x')).rejects.toMatchObject({ code: 'PROCESS_EXITED' });
  });

  it('reports start failures with clear codes', async () => {
    await expect(client({ env: { TESTBED_EXIT_EARLY: '4' } }).start()).rejects.toMatchObject({ code: 'PROCESS_EXITED', stderrTail: expect.stringContaining('early failure') });
    await expect(client({ env: { TESTBED_PRE_STDOUT: 'oops' } }).start()).rejects.toMatchObject({ code: 'HANDSHAKE_INVALID', message: expect.stringContaining('Unrecognized remote plugin message: oops') });
    await expect(client({ env: { TESTBED_HANG: '1' }, startTimeoutMs: 300 }).start()).rejects.toMatchObject({ code: 'HANDSHAKE_TIMEOUT' });
    await expect(client({ handshake: { ...TESTBED_HANDSHAKE, magicCookieValue: 'wrong' } }).start()).rejects.toMatchObject({
      code: 'PROCESS_EXITED',
      stderrTail: expect.stringContaining('This binary is a plugin. These are not meant to be executed directly.'),
    });
  });

  it('verifies the SHA-256 checksum before launching (Go SecureConfig)', async () => {
    const sum = createHash('sha256').update(await readFile(goBin('plugingo'))).digest();
    const ok = client({ secure: { checksum: sum } });
    await ok.ping();
    const bad = client({ secure: { checksum: createHash('sha256').update('x').digest() } });
    await expect(bad.start()).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(bad.pid).toBeUndefined();
  });

  it('honours SkipHostEnv', async () => {
    process.env['GONETRPC_HOST_ONLY'] = 'leak';
    try {
      const c = client({ skipHostEnv: true, env: { TESTBED_ENV_PROBE: 'given' } });
      const tb = await c.dispense<TB>('testbed');
      expect(await tb.Env('GONETRPC_HOST_ONLY')).toBe('');
      expect(await tb.Env('TESTBED_ENV_PROBE')).toBe('given');
      expect(await tb.Env('PLUGIN_PROTOCOL_VERSIONS')).toBe('1');
    } finally {
      delete process.env['GONETRPC_HOST_ONLY'];
    }
  });

  it('reattaches to a Go plugin launched by a Go host and quits it', async () => {
    const { spawn } = await import('node:child_process');
    const holder = spawn(goBin('pluginhost'), ['-scenario', 'hold', '--', goBin('plugingo')], { stdio: ['pipe', 'pipe', 'ignore'] });
    try {
      const line = await new Promise<string>((resolve) => holder.stdout.once('data', (d: Buffer) => resolve(d.toString())));
      const info = JSON.parse(line) as { pid: number; addr: string };
      const [network, address] = [info.addr.slice(0, info.addr.indexOf(':')), info.addr.slice(info.addr.indexOf(':') + 1)];
      const c = new PluginClient({ handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, reattach: { network: network as 'unix', address, pid: info.pid } });
      clients.push(c);
      const tb = await c.dispense<TB>('testbed');
      expect(await tb.Greet('reattached')).toBe('Hello, reattached!');
      await c.kill();
      expect(c.exited()).toBe(true);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('TS host → upstream go-plugin examples (built unmodified from the module)', () => {
  let greeter = '';
  let kvPlugin = '';
  let negotiated = '';
  beforeAll(async () => {
    [greeter, kvPlugin, negotiated] = await Promise.all([buildUpstream('basic-greeter'), buildUpstream('kv-netrpc'), buildUpstream('negotiated-plugin')]);
  }, 300_000);

  it('negotiates netrpc version 2 with examples/negotiated plugin-go, and refuses its gRPC version 3', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-neg-'));
    const c = client({ cmd: negotiated, cwd: dir, handshake: BASIC_HANDSHAKE, versionedPlugins: { 2: { kv: KV } } });
    const kv = await c.dispense<(typeof KV)['methods']>('kv');
    expect(c.negotiatedVersion).toBe(2);
    const put = kvPutArgs('k', 'v');
    expect(await kv.Put(put)).toBeNull();
    expect(Buffer.from(await kv.Get('k')).toString()).toBe('v\n\nWritten from plugin version 2\nRead by plugin version 2\n');
    const grpcOnly = client({ cmd: negotiated, cwd: dir, handshake: BASIC_HANDSHAKE, versionedPlugins: { 2: { kv: KV }, 3: { kv: KV } } });
    await expect(grpcOnly.start()).rejects.toMatchObject({ code: 'PROTOCOL_UNSUPPORTED', message: 'unsupported plugin protocol "grpc". Supported: [netrpc]' });
  });

  it('drives examples/basic plugin greeter (Greet with a nil interface{})', async () => {
    const entries: LogEntry[] = [];
    const c = client({ cmd: greeter, handshake: BASIC_HANDSHAKE, plugins: { greeter: Greeter }, logger: { log: (e) => entries.push(e) } });
    const g = await c.dispense<(typeof Greeter)['methods']>('greeter');
    expect(await g.Greet(null)).toBe('Hello!');
    await c.kill();
    expect(entries.find((e: LogEntry) => e.message === 'message from plugin')).toMatchObject({ level: 'debug', fields: { foo: 'bar' } });
    expect(entries.some((e: LogEntry) => e.message === 'message from GreeterHello.Greet')).toBe(true);
  });

  it('drives examples/grpc plugin-go-netrpc KV (map[string]interface{} args, []byte reply)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-kv-'));
    const c = client({ cmd: kvPlugin, cwd: dir, handshake: BASIC_HANDSHAKE, plugins: { kv: KV } });
    const kv = await c.dispense<(typeof KV)['methods']>('kv');
    const put = kvPutArgs('hello', 'world');
    expect(await kv.Put(put)).toBeNull();
    expect(Buffer.from(await kv.Get('hello')).toString()).toBe('world\n\nWritten from plugin-go-netrpc');
    await expect(kv.Get('missing')).rejects.toMatchObject({ code: 'REMOTE_ERROR', message: 'open kv_missing: no such file or directory' });
  });
});
