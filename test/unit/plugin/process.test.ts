import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { goBin } from '../../helpers/go-peer.js';
import { createPluginEnv } from '../../../src/plugin/env.js';
import { PluginError } from '../../../src/plugin/errors.js';
import { PluginProcess } from '../../../src/plugin/process.js';
import { discover, matchSegment, verifyChecksum } from '../../../src/plugin/secure.js';

const handshake = { magicCookieKey: 'GONETRPC_TESTBED_PLUGIN', magicCookieValue: 'd1c6a0e2-testbed' };

function env(extra: Record<string, string> = {}): Record<string, string> {
  return createPluginEnv({ handshake, appVersions: [1], env: extra });
}

async function launchError(extra: Record<string, string>, startTimeoutMs = 10_000): Promise<PluginError> {
  try {
    const { proc } = await PluginProcess.launch({ command: goBin('plugingo'), env: env(extra), startTimeoutMs });
    proc.sigkill();
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return err as PluginError;
  }
  throw new Error('launch unexpectedly succeeded');
}

describe('PluginProcess.launch against the Go test plugin (go-plugin Client.Start)', () => {
  it('reads the handshake line of a real go-plugin plugin and kills it', async () => {
    const { proc, line } = await PluginProcess.launch({ command: goBin('plugingo'), env: env(), startTimeoutMs: 10_000 });
    expect(line).toMatch(/^1\|1\|unix\|\/.+\|netrpc\|$/);
    proc.sigkill();
    expect((await proc.exited).signal).toBe('SIGKILL');
  });
  it('reports an early exit with the stderr tail', async () => {
    const err = await launchError({ TESTBED_EXIT_EARLY: '3' });
    expect(err.code).toBe('PROCESS_EXITED');
    expect(err.message).toContain('exit status 3');
    expect(err.stderrTail).toContain('early failure');
  });
  it('times out and kills a plugin that never prints', async () => {
    const err = await launchError({ TESTBED_HANG: '1' }, 300);
    expect(err.code).toBe('HANDSHAKE_TIMEOUT');
  });
  it('returns a stray first stdout line for the strict parser', async () => {
    const { proc, line } = await PluginProcess.launch({ command: goBin('plugingo'), env: env({ TESTBED_PRE_STDOUT: 'hello from init' }), startTimeoutMs: 10_000 });
    expect(line).toBe('hello from init');
    proc.sigkill();
    await proc.exited;
  });
  it('reports a missing executable as SPAWN_FAILED', async () => {
    await expect(PluginProcess.launch({ command: '/nonexistent/plugin', env: env(), startTimeoutMs: 1000 })).rejects.toMatchObject({ code: 'SPAWN_FAILED' });
  });
});

describe('SecureConfig and Discover', () => {
  it('verifies SHA-256 checksums in constant time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-sec-'));
    const f = join(dir, 'plugin-a');
    await writeFile(f, 'binary');
    const sum = createHash('sha256').update('binary').digest();
    await expect(verifyChecksum(f, { checksum: sum })).resolves.toBeUndefined();
    await expect(verifyChecksum(f, { checksum: sum.toString('hex') })).resolves.toBeUndefined();
    await expect(verifyChecksum(f, { checksum: createHash('sha256').update('other').digest() })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    await expect(verifyChecksum(join(dir, 'missing'), { checksum: sum })).rejects.toMatchObject({ code: 'CHECKSUM_ERROR' });
    await expect(verifyChecksum(f, { checksum: new Uint8Array(0) })).rejects.toMatchObject({ code: 'CHECKSUM_ERROR' });
  });
  it('discovers with Go filepath.Glob semantics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-disc-'));
    for (const n of ['plugin-b', 'plugin-a', '.plugin-hidden', 'other']) await writeFile(join(dir, n), '');
    expect(await discover('plugin-*', dir)).toEqual([join(dir, 'plugin-a'), join(dir, 'plugin-b')]);
    expect(await discover('*plugin*', dir)).toEqual([join(dir, '.plugin-hidden'), join(dir, 'plugin-a'), join(dir, 'plugin-b')]);
    expect(matchSegment('plugin-[ab]', 'plugin-a')).toBe(true);
    expect(matchSegment('plugin-[^ab]', 'plugin-a')).toBe(false);
    expect(matchSegment('p?ugin\\*', 'plugin*')).toBe(true);
    await expect(discover('plugin-[', dir)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
