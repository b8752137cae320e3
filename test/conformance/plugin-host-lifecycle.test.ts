/**
 * PluginClient lifecycle, timeouts, cancellation and error reporting against go-testbed's real Go
 * plugin (go-plugin v1.8.0 plugin.Serve): a throwing logger, exit state after a failed start,
 * kill() of a reattached plugin in a script, call timeouts (also for a SIGSTOPped plugin),
 * AbortSignal on start/dispense/kill/calls, and the actionable messages of each failure.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PluginClient, PluginError, type LogEntry, type PluginClientOptions } from '../../src/plugin/index.js';
import { goBin } from '../helpers/go-peer.js';
import { TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';
import { runWith, tsPluginCommand } from '../helpers/plugins/upstream.js';

const clients: PluginClient[] = [];
afterEach(async () => {
  for (const c of clients) if (c.pid !== undefined && !c.exited()) process.kill(c.pid, 'SIGCONT');
  await Promise.allSettled(clients.splice(0).map((c) => c.kill()));
});

/** SIGSTOPs `pid` and waits until every thread is stopped (state T in /proc). */
async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  for (let i = 0; i < 500 && readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'T'; i++) await new Promise((r) => setTimeout(r, 10));
}

function client(opts: Partial<PluginClientOptions<{ testbed: typeof Testbed }>> = {}): PluginClient<{ testbed: typeof Testbed }> {
  const c = new PluginClient({ cmd: goBin('plugingo'), handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, startTimeoutMs: 20_000, ...opts });
  clients.push(c);
  return c;
}

describe('PluginClient lifecycle against a Go plugin', () => {
  it('a logger that throws does not take the host down (reported once as a warning)', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      let calls = 0;
      const c = client({
        logger: {
          log: () => {
            calls++;
            throw new Error('logger broke');
          },
        },
      });
      const tb = await c.dispense('testbed');
      expect(await tb.Print('x')).toBe('printed');
      expect(await tb.Greet('still')).toBe('Hello, still!');
      expect(calls).toBeGreaterThan(1);
      const ours = warn.mock.calls.filter((a) => String(a[0]).includes('logger given to PluginClient threw'));
      expect(ours).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  for (const [what, env, code] of [
    ['handshake timeout', { TESTBED_HANG: '1' }, 'HANDSHAKE_TIMEOUT'],
    ['early exit', { TESTBED_EXIT_EARLY: '4' }, 'PROCESS_EXITED'],
    ['over-long handshake line', { TESTBED_LONG_LINE: String(70 * 1024) }, 'HANDSHAKE_INVALID'],
  ] as const) {
    it(`after a failed start (${what}) exited() is true and waitExited() resolves`, async () => {
      const c = client({ env, startTimeoutMs: 1_000 });
      const exits: unknown[] = [];
      c.on('exit', (s) => exits.push(s));
      await expect(c.start()).rejects.toMatchObject({ code });
      expect(c.exited()).toBe(true);
      const status = await c.waitExited();
      expect(status).toEqual(what === 'early exit' ? { code: 4, signal: null } : { code: null, signal: 'SIGKILL' });
      expect(exits).toEqual([status]);
      expect(() => process.kill(c.pid as number, 0)).toThrow();
    });
  }

  it('kill() of a reattached plugin completes in a script (exit code 0, code after it runs)', async () => {
    const owner = client();
    await owner.ping();
    const script = tsPluginCommand('reattach-kill.ts');
    const r = await runWith(script.cmd, script.args, { env: { ...process.env, GONETRPC_REATTACH: JSON.stringify(owner.reattachConfig()) }, timeoutMs: 30_000 });
    expect(r.stdout.toString()).toBe('Hello, reattached!\nafter kill, exited=true\n');
    expect(r.code).toBe(0);
    expect((await owner.waitExited()).code).toBe(0);
  });
});

describe('observability', () => {
  it('logs the lifecycle at debug through `logger` (as Go\'s host) and emits one \'exit\' event', async () => {
    const entries: LogEntry[] = [];
    const c = client({ logger: { log: (e) => entries.push(e) } });
    const exits: unknown[] = [];
    c.on('exit', (st) => exits.push(st));
    await c.ping();
    await c.kill();
    const ours = entries.filter((e) => e.module === 'plugin').map((e) => [e.level, e.message, e.fields]);
    expect(ours).toEqual([
      ['debug', 'starting plugin', { path: goBin('plugingo'), args: [goBin('plugingo')] }],
      ['debug', 'plugin started', { path: goBin('plugingo'), pid: c.pid }],
      ['debug', 'waiting for RPC address', { plugin: goBin('plugingo') }],
      ['debug', 'using plugin', { version: 1 }],
      ['debug', 'plugin exited', { path: goBin('plugingo'), pid: c.pid, status: 'exit status 0' }],
    ]);
    expect(entries.some((e) => e.module === 'plugingo' && e.message === 'testbed plugin starting')).toBe(true);
    expect(exits).toEqual([{ code: 0, signal: null }]);
  });

  it('NODE_DEBUG=gonetrpc:* shows plugin, rpc and yamux activity, and a clean kill logs no EPIPE', async () => {
    const script = tsPluginCommand('debug-session.ts');
    const env = { ...process.env, NODE_DEBUG: 'gonetrpc:*' };
    const runs = await Promise.all([0, 1, 2].map(() => runWith(script.cmd, script.args, { env, timeoutMs: 30_000 })));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe('Hello, debug!\n');
      expect(r.stderr).toMatch(/GONETRPC:PLUGIN \d+: \[DEBUG\] +plugin: using plugin: version=1/);
      expect(r.stderr).toMatch(/GONETRPC:RPC \d+: rpc: call Plugin\.Greet seq=0/);
      expect(r.stderr).toMatch(/GONETRPC:YAMUX \d+: client session: opened stream 1/);
      expect(r.stderr).toContain('plugin exited');
      expect(r.stderr).not.toMatch(/EPIPE|ECONNRESET/);
    }
  });
});

describe('timeouts and cancellation', () => {
  it('callTimeoutMs bounds every call with TIMEOUT; a per-call timeoutMs overrides it', async () => {
    const c = client({ callTimeoutMs: 300 });
    const tb = await c.dispense('testbed');
    const err = (await tb.Sleep(30_000).catch((e: unknown) => e)) as PluginError;
    expect(err).toBeInstanceOf(PluginError);
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('Plugin.Sleep');
    expect(await tb.Sleep(600, { timeoutMs: 20_000 })).toBe('slept');
    expect(await tb.Greet('after')).toBe('Hello, after!');
  });

  it('a SIGSTOPped plugin fails calls with TIMEOUT after callTimeoutMs, not after the 40 s keepalive', async () => {
    const c = client({ callTimeoutMs: 500 });
    const tb = await c.dispense('testbed');
    await stopProcess(c.pid as number);
    const t0 = performance.now();
    await expect(tb.Greet('stopped')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(c.ping()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(performance.now() - t0).toBeLessThan(15_000);
    process.kill(c.pid as number, 'SIGCONT');
    expect(await tb.Greet('resumed')).toBe('Hello, resumed!');
  });

  it('an aborted call rejects with ABORTED (not CALL_FAILED) and the client stays usable', async () => {
    const c = client();
    const tb = await c.dispense('testbed');
    const ac = new AbortController();
    const pending = tb.Sleep(30_000, { signal: ac.signal }).catch((e: unknown) => e);
    ac.abort(new Error('user gave up'));
    expect(await pending).toMatchObject({ code: 'ABORTED' });
    await expect(c.dispense('testbed', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await tb.Greet('ok')).toBe('Hello, ok!');
  });

  it('start({ signal }) aborts a start in progress and kills the process', async () => {
    const c = client({ env: { TESTBED_HANG: '1' } });
    const ac = new AbortController();
    const started = c.start({ signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await expect(started).rejects.toMatchObject({ code: 'ABORTED' });
    expect((await c.waitExited()).signal).toBe('SIGKILL');
  });

  it('kill() during a start in progress ends it at once (CLIENT_CLOSED) instead of waiting for the start timeout', async () => {
    const c = client({ env: { TESTBED_HANG: '1' }, startTimeoutMs: 60_000 });
    const started = c.start().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    await c.kill();
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(await started).toMatchObject({ code: 'CLIENT_CLOSED' });
    expect((await c.waitExited()).signal).toBe('SIGKILL');
  });

  it('kill({ signal }) cuts the grace period short for a plugin that cannot answer Quit', async () => {
    const c = client({ killGraceMs: 60_000 });
    await c.ping();
    await stopProcess(c.pid as number);
    const t0 = performance.now();
    await c.kill({ signal: AbortSignal.timeout(300) });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect((await c.waitExited()).signal).toBe('SIGKILL');
  });
});

describe('actionable errors', () => {
  it('a wrong magic cookie says so', async () => {
    const err = (await client({ handshake: { ...TESTBED_HANDSHAKE, magicCookieValue: 'wrong' } }).start().catch((e: unknown) => e)) as PluginError;
    expect(err.code).toBe('PROCESS_EXITED');
    expect(err.message).toContain('(exit status 1)');
    expect(err.message).toContain('hint: the plugin rejected the magic cookie');
  });

  it('a call after kill() is CLIENT_CLOSED', async () => {
    const c = client();
    const tb = await c.dispense('testbed');
    await c.kill();
    await expect(tb.Greet('late')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(c.ping()).rejects.toMatchObject({ code: 'CLIENT_CLOSED', message: 'plugin client was closed by kill()' });
  });

  it('a crash mid-call names the exit status and renders the hclog stderr tail as text', async () => {
    const c = client();
    const tb = await c.dispense('testbed');
    const err = (await tb.Crash(3).catch((e: unknown) => e)) as PluginError;
    expect(err.code).toBe('PROCESS_EXITED');
    expect(err.message).toMatch(/^Plugin\.Crash: plugin process exited \(exit status 3\)/);
    expect(err.stderrTail).toContain('[DEBUG] testbed plugin starting: versions=1');
    expect(err.stderrTail).not.toContain('"@message"');
    expect(err.message).toContain('[DEBUG] testbed plugin starting');
  });
});
