/**
 * serve() as seen from a launching host: the handshake line a TS plugin prints (fields, TCP port
 * range, AutoMTLS certificate encoding, the multiplex field) and its launch-time failures.
 */
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCert } from '../../../src/plugin/automtls.js';
import { createPluginEnv } from '../../../src/plugin/env.js';
import { PluginError } from '../../../src/plugin/errors.js';
import { decodeRawStdBase64, parseHandshake } from '../../../src/plugin/handshake.js';
import { PluginProcess } from '../../../src/plugin/process.js';
import { TESTBED_HANDSHAKE } from '../../helpers/plugins/testbed-contract.js';
import { runWith, tsPluginCommand } from '../../helpers/plugins/upstream.js';

const ts = tsPluginCommand('testbed-plugin.ts');

async function firstLine(env: Record<string, string>, appVersions = [1], ports: { minPort?: number; maxPort?: number } = {}): Promise<string> {
  const { proc, line } = await PluginProcess.launch({
    command: ts.cmd,
    args: ts.args,
    env: createPluginEnv({ handshake: TESTBED_HANDSHAKE, appVersions, env, ...ports }),
    startTimeoutMs: 20_000,
  });
  proc.sigkill();
  await proc.exited;
  return line;
}

describe('serve(): the handshake line of a TS plugin', () => {
  it('defaults to a unix socket and a trailing empty cert field', async () => {
    const line = await firstLine({});
    expect(line).toMatch(/^1\|1\|unix\|\/.+\/plugin\d+\|netrpc\|$/);
  });

  it('walks the TCP port range on 127.0.0.1 and appends |true only when PLUGIN_MULTIPLEX_GRPC is set', async () => {
    const line = await firstLine({ TESTBED_TCP: '1', PLUGIN_MULTIPLEX_GRPC: 'true' }, [1], { minPort: 23100, maxPort: 23199 });
    expect(line).toMatch(/^1\|1\|tcp\|127\.0\.0\.1:231\d\d\|netrpc\|\|true$/);
    const h = parseHandshake(line, { appVersions: [1] });
    expect(h).toMatchObject({ network: 'tcp', multiplex: true });
  });

  it('honours PLUGIN_UNIX_SOCKET_DIR and PLUGIN_UNIX_SOCKET_GROUP (chown + 0660)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-sock-'));
    const gid = process.getgid?.() ?? 0;
    const { proc, line } = await PluginProcess.launch({
      command: ts.cmd,
      args: ts.args,
      env: createPluginEnv({ handshake: TESTBED_HANDSHAKE, appVersions: [1], unixSocketDir: dir, unixSocketGroup: String(gid) }),
      startTimeoutMs: 20_000,
    });
    try {
      const address = parseHandshake(line, { appVersions: [1] }).address;
      expect(address.startsWith(`${dir}/plugin`)).toBe(true);
      const st = await stat(address);
      expect(st.isSocket()).toBe(true);
      expect(st.mode & 0o777).toBe(0o660);
      expect(st.gid).toBe(gid);
    } finally {
      proc.sigkill();
      await proc.exited;
    }
  });

  it('negotiates the highest common version', async () => {
    expect(await firstLine({ TESTBED_VERSIONS: '1,2,3' }, [2, 1])).toMatch(/^1\|2\|/);
  });

  it('with PLUGIN_CLIENT_CERT prints its own P-521 certificate as unpadded base64 DER', async () => {
    const line = await firstLine({ PLUGIN_CLIENT_CERT: generateCert().certPem });
    const field = line.split('|')[5] ?? '';
    expect(field.length).toBeGreaterThan(50);
    expect(field).not.toMatch(/[=\n]/);
    const der = decodeRawStdBase64(field);
    expect(der).toBeDefined();
    const x = new X509Certificate(Buffer.from(der ?? []));
    expect(x.subjectAltName).toBe('DNS:localhost');
  });

  it('fails visibly (exit status, stderr tail) when it cannot listen', async () => {
    const err = await firstLine({ TESTBED_TCP: '1' }, [1], { minPort: 30, maxPort: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect(err).toMatchObject({ code: 'PROCESS_EXITED', stderrTail: expect.stringContaining('PLUGIN_MIN_PORT value of 30 is greater than PLUGIN_MAX_PORT value of 20') });
  });

  it('closes a TLS connection that never completes its handshake (tlsHandshakeTimeoutMs)', async () => {
    const { proc, line } = await PluginProcess.launch({
      command: ts.cmd,
      args: ts.args,
      env: createPluginEnv({ handshake: TESTBED_HANDSHAKE, appVersions: [1], clientCertPem: generateCert().certPem, env: { TESTBED_TLS_HANDSHAKE_TIMEOUT_MS: '300' } }),
      startTimeoutMs: 20_000,
    });
    try {
      const { address } = parseHandshake(line, { appVersions: [1] });
      const socket = connect({ path: address }); // connects and never speaks
      socket.on('error', () => undefined);
      const t0 = performance.now();
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Node's default would hold it 120 s; Go forever. Closed at ~300 ms (generous bound for a loaded machine).
      expect(performance.now() - t0).toBeLessThan(30_000);
      expect(proc.status).toBeUndefined(); // the plugin itself keeps serving
    } finally {
      proc.sigkill();
      await proc.exited;
    }
  });
});

describe('serve(): stop()', () => {
  it('restores process.stdout.write, so later writes reach the real stdout again', async () => {
    const script = tsPluginCommand('serve-stop.ts');
    const env = { ...process.env, ...createPluginEnv({ handshake: TESTBED_HANDSHAKE, appVersions: [1] }) };
    const r = await runWith(script.cmd, script.args, { env, timeoutMs: 30_000 });
    const lines = r.stdout.toString().split('\n');
    expect(lines[0]).toMatch(/^1\|1\|unix\|/);
    expect(lines.slice(1)).toEqual(['after stop', '']); // the write before stop() went to the host's stream
    expect(r.code).toBe(0);
  });
});
