/**
 * `go-netrpc trace --child-decoder` between real Go peers: the relay process only captures and a
 * child process decodes the capture stream into the transcript. go-testbed's pluginhost
 * (go-plugin v1.8.0) must get the same results and Kill() must not wait on the trace, the
 * transcript must hold the same calls as an in-process trace; the child holds none of the host's
 * pipes, is not in the trace's process group, and when the trace is SIGKILLed it still finishes
 * the transcript and exits (also right after 4 MB of replies to a TS host); a real `packer
 * build` (which SIGKILLs its plugins right after the last Artifact reply) still finds that reply
 * in the transcript.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginClient } from '../../src/plugin/index.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';
import { runWith } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-child-'));
});

type Ev = Record<string, unknown> & { kind: string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The transcript once the decoder child wrote its summary (it may finish after the host is done). */
async function transcript(file: string): Promise<Ev[]> {
  for (let waited = 0; ; waited += 50) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const evs = text.endsWith('\n') ? text.trim().split('\n').map((l) => JSON.parse(l) as Ev) : [];
    if (evs.some((e) => e.kind === 'summary')) return evs;
    if (waited > 20_000) throw new Error(`no summary in ${file} after 20 s:\n${text}`);
    await sleep(50);
  }
}

async function host(args: string[], traceArgs: string[] | undefined): Promise<Record<string, unknown>> {
  const plugin = traceArgs === undefined ? [goBin('plugingo')] : [process.execPath, cli, 'trace', '--json', ...traceArgs, '--', goBin('plugingo')];
  const r = await runWith(goBin('pluginhost'), [...args, '--', ...plugin]);
  const line = r.stdout.toString().trim().split('\n').pop() ?? '';
  // The host's own go-plugin log (hclog JSON on its stderr) says whether Kill() had to SIGKILL.
  return { ...(JSON.parse(line) as Record<string, unknown>), hostLog: r.stderr.toString() };
}

/** Every call with its reply, as `from method args → reply | error`, sorted (streams interleave differently run to run). */
function callLines(evs: Ev[]): string[] {
  return evs
    .filter((e) => e.kind === 'call')
    .map((c) => {
      const r = evs.find((e) => e.kind === 'reply' && e['conn'] === c['conn'] && e['stream'] === c['stream'] && e['seq'] === c['seq']);
      // go-plugin's Control.Quit ends Serve before net/rpc writes the reply: answered or not, run to run.
      if (c['method'] === 'Control.Quit') return `${String(c['from'])} Control.Quit`;
      return `${String(c['from'])} ${String(c['method'])} → ${r === undefined ? 'unanswered' : r['error'] !== '' ? `error ${String(r['error'])}` : 'ok'}`;
    })
    .sort();
}

const withoutTiming = (r: Record<string, unknown>): Record<string, unknown> => {
  const { killMs: _killMs, hostLog: _hostLog, ...rest } = r;
  return rest;
};

/** The pids of `pid`'s children. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
    readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number),
  );
}

const cmdline = (pid: number): string => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
const pgid = (pid: number): number => Number((readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ')[2]);
const fdLinks = (pid: number): Map<number, string> => new Map(readdirSync(`/proc/${pid}/fd`).map((fd) => [Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`)]));

describe('go-netrpc trace --child-decoder', () => {
  it('go-plugin host + Go plugin: same results, Kill() not held up, the same calls as an in-process trace', async () => {
    const args = ['-scenario', 'basic'];
    const [childOut, inlineOut] = [join(dir, 'basic-child.jsonl'), join(dir, 'basic-inline.jsonl')];
    const plain = await host(args, undefined);
    const capture = join(dir, 'basic-child.capture');
    const child = await host(args, ['--out', childOut, '--child-decoder', '--capture', capture]);
    const inline = await host(args, ['--out', inlineOut]);
    expect(plain['greet']).toBe('Hello, go-host!');
    expect(withoutTiming(child)).toEqual(withoutTiming(plain));
    expect(withoutTiming(inline)).toEqual(withoutTiming(plain));
    // go-plugin's Kill() closes the client, waits 2 s for the plugin to exit, then logs "plugin
    // failed to exit gracefully" and SIGKILLs it: the trace (and its wait for the child) must exit
    // within that wait. A Close that failed (go-plugin's own Quit race) kills at once, with that
    // line too, whatever the plugin does.
    const log = String(child['hostLog']);
    expect(log).toContain('starting plugin');
    if (!log.includes('error closing client during Kill')) expect(log).not.toContain('plugin failed to exit gracefully');

    const evs = await transcript(childOut);
    const ref = await transcript(inlineOut);
    expect(callLines(evs)).toEqual(callLines(ref));
    // --capture still gets the same stream: trace read decodes it into the same transcript.
    const offline = await runWith(process.execPath, [cli, 'trace', 'read', '--json', capture]);
    expect(offline.stdout.toString().trim().split('\n')).toEqual(readFileSync(childOut, 'utf8').trim().split('\n'));
    expect(callLines(evs)).toContain('host Plugin.Greet → ok');
    const greet = evs.find((e) => e.kind === 'call' && e['method'] === 'Plugin.Greet') as Ev;
    const reply = evs.find((e) => e.kind === 'reply' && e['conn'] === greet['conn'] && e['stream'] === greet['stream'] && e['seq'] === greet['seq']) as Ev;
    expect([greet['args'], reply['reply']]).toEqual(['go-host', 'Hello, go-host!']);
    // Everything but calls (compared above) and what races at the end run to run: how the
    // connection's close went (EPIPE or ECONNRESET) and whether the plugin logged its listener's close.
    const kinds = (x: Ev[]): string[] => x.map((e) => (e.kind === 'stream' ? `stream ${String(e['label'])}` : e.kind)).filter((k) => !['call', 'reply', 'note', 'conn', 'stderr'].includes(k)).sort();
    expect(kinds(evs)).toEqual(kinds(ref));
    const counts = (x: Ev[]): unknown => (x.at(-1)?.['methods'] as Array<{ method: string; count: number }>).map((m) => [m.method, m.count]);
    expect(counts(evs)).toEqual(counts(ref));
    expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);
    expect(evs.at(-1)).toMatchObject({ kind: 'summary' });
  });

  it('the child holds none of the host pipes, has its own process group, and finishes the transcript after a SIGKILL', async () => {
    const out = join(dir, 'killed.jsonl');
    const env = { ...process.env, GONETRPC_TESTBED_PLUGIN: 'd1c6a0e2-testbed', PLUGIN_PROTOCOL_VERSIONS: '1' };
    const trace = spawn(process.execPath, [cli, 'trace', '--json', '--out', out, '--child-decoder', '--', goBin('plugingo')], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const pid = trace.pid as number;
    trace.stderr.resume();
    const stdoutClosed = once(trace.stdout, 'close');
    const [line] = (await once(createInterface({ input: trace.stdout }), 'line')) as [string];
    expect(line).toMatch(/^1\|1\|unix\|.*gonetrpc-trace-.*plugin\.sock\|netrpc\|$/);
    const kids = childrenOf(pid);
    const decoder = kids.find((k) => cmdline(k).includes('decoder-child.js'));
    const plugin = kids.find((k) => cmdline(k).includes('plugingo'));
    expect(decoder, `children: ${kids.map(cmdline).join(' | ')}`).toBeDefined();
    const d = decoder as number;
    try {
      const traceFds = fdLinks(pid);
      const hostPipes = [traceFds.get(0), traceFds.get(1), traceFds.get(2)];
      const childFds = fdLinks(d);
      for (const [fd, link] of childFds) expect(hostPipes, `decoder fd ${fd} → ${link}`).not.toContain(link);
      expect([childFds.get(1), childFds.get(2), childFds.get(3)]).toEqual(['/dev/null', '/dev/null', out]);
      expect(pgid(d)).not.toBe(pgid(pid));

      trace.kill('SIGKILL');
      await once(trace, 'exit');
      await stdoutClosed; // nothing else holds the host's stdout
      const evs = await transcript(out);
      expect(evs.find((e) => e.kind === 'handshake')).toMatchObject({ relayed: line });
      expect(evs).toContainEqual(expect.objectContaining({ kind: 'note', message: expect.stringMatching(/^the capture stops here without the end of the trace/) as unknown }));
      for (let waited = 0; existsSync(`/proc/${d}`) && cmdline(d).includes('decoder-child'); waited += 50) {
        if (waited > 10_000) throw new Error('the decoder child did not exit after EOF');
        await sleep(50);
      }
    } finally {
      for (const k of [plugin, decoder]) if (k !== undefined && existsSync(`/proc/${k}`)) process.kill(k, 'SIGKILL');
    }
  });

  it('a TS host SIGKILLs the trace the moment it has a large reply: that reply is in the transcript', async () => {
    const out = join(dir, 'ts-killed.jsonl');
    const c = new PluginClient({ cmd: process.execPath, args: [cli, 'trace', '--json', '--child-decoder', '--out', out, '--', goBin('plugingo')], handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, startTimeoutMs: 30_000 });
    let plugin: number | undefined;
    try {
      const tb = await c.dispense<(typeof Testbed)['methods']>('testbed');
      const trace = c.pid as number;
      plugin = childrenOf(trace).find((k) => cmdline(k).includes('plugingo'));
      // 4 × 1 MB back to the host: far more than the pipe to the decoder child holds.
      const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff);
      for (let i = 0; i < 3; i++) await tb.Echo(big);
      expect(Buffer.from(await tb.Echo(big)).equals(Buffer.from(big))).toBe(true);
      process.kill(trace, 'SIGKILL');
    } finally {
      await c.kill();
      if (plugin !== undefined && existsSync(`/proc/${plugin}`)) process.kill(plugin, 'SIGKILL');
    }
    const evs = await transcript(out);
    const echoes = evs.filter((e) => e.kind === 'reply' && e['method'] === 'Plugin.Echo');
    expect(echoes).toHaveLength(4);
    expect(evs).toContainEqual(expect.objectContaining({ kind: 'note', message: expect.stringMatching(/^the capture stops here/) as unknown }));
  });

  it('a real packer build SIGKILLs the trace after the last Artifact reply: the reply is in the transcript', async () => {
    const packer = execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
    const q = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const run = async (tag: string, traced: boolean): Promise<{ code: number | null; out: string }> => {
      const plugins = join(dir, tag);
      mkdirSync(plugins, { recursive: true });
      const trace = traced ? `${q(process.execPath)} ${q(cli)} trace --json --child-decoder --out ${q(join(dir, `${tag}-{pid}.jsonl`))} -- ` : '';
      writeFileSync(join(plugins, 'packer-builder-go2015'), `#!/bin/sh\nexec ${trace}${q(goBin('packer-builder-go2015'))} "$@"\n`);
      chmodSync(join(plugins, 'packer-builder-go2015'), 0o755);
      const file = join(dir, `${tag}.json`);
      writeFileSync(file, JSON.stringify({ builders: [{ type: 'go2015', greeting: 'hi' }] }));
      const env = { ...process.env, PACKER_PLUGIN_PATH: plugins, CHECKPOINT_DISABLE: '1', PACKER_CONFIG_DIR: dir, PACKER_CACHE_DIR: join(dir, 'cache') };
      const r = await runWith(packer, ['build', '-color=false', file], { env, cwd: dir, timeoutMs: 90_000 });
      return { code: r.code, out: (r.stdout.toString('utf8') + r.stderr).replace(/after .*(seconds|microseconds)/g, 'after …') };
    };
    const a = await run('packer-plain', false);
    const b = await run('packer-child', true);
    expect(a.code).toBe(0);
    expect(b).toEqual(a);
    const files = readdirSync(dir).filter((f) => f.startsWith('packer-child-') && f.endsWith('.jsonl'));
    const evs = (await Promise.all(files.map((f) => transcript(join(dir, f))))).flat();
    const files2 = evs.filter((e) => e.kind === 'call' && e['method'] === 'Artifact.Files');
    expect(files2).toHaveLength(1);
    const f = files2[0] as Ev;
    const reply = evs.find((e) => e.kind === 'reply' && e['conn'] === f['conn'] && e['stream'] === f['stream'] && e['seq'] === f['seq']);
    expect(reply).toMatchObject({ reply: ['/tmp/a', '/tmp/b'] });
    expect(evs.filter((e) => e.kind === 'decode-error')).toEqual([]);
  });
});
