/**
 * `go-netrpc trace` under go-plugin's own examples, built unmodified from the go-plugin v1.8.0
 * module: examples/basic (host + Go greeter, the trace placed at ./plugin/greeter through a
 * two-line wrapper script) and the netrpc KV example (examples/grpc host with KV_PROTO=netrpc +
 * plugin-go-netrpc, the trace as KV_PLUGIN). The host output must equal the untraced run's and
 * the transcript must hold the calls with their decoded arguments and replies.
 */
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';
import { buildUpstream, runWith } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
type Ev = Record<string, unknown> & { kind: string };

let basicHost = '';
let greeter = '';
let kvHost = '';
let kvPlugin = '';

beforeAll(async () => {
  [basicHost, greeter, kvHost, kvPlugin] = await Promise.all([buildUpstream('basic-host'), buildUpstream('basic-greeter'), buildUpstream('grpc-host'), buildUpstream('kv-netrpc')]);
}, 300_000);

async function script(path: string, body: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

async function events(file: string): Promise<Ev[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Ev);
}

const calls = (evs: Ev[]): Array<[unknown, unknown, unknown]> =>
  evs.filter((e) => e.kind === 'call').map((c) => {
    const r = evs.find((e) => e.kind === 'reply' && e['conn'] === c['conn'] && e['stream'] === c['stream'] && e['seq'] === c['seq']);
    return [c['method'], c['args'], r?.['error'] === '' ? r['reply'] : r?.['error']];
  });

// Host log lines carry timestamps, socket paths, pids and hclog fields in map order: compare the rest.
const normalize = (s: string): string[] =>
  s
    .split('\n')
    .map((l) =>
      l
        .replace(/^\S+T\S+ /, '')
        .replace(/timestamp=\S+|\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d|\/tmp\/plugin\d+|(address|id|pid)=\S+/g, '…')
        .split(' ')
        .sort()
        .join(' '),
    )
    .filter((l) => l !== '');

describe('go-netrpc trace under go-plugin’s upstream examples', () => {
  it('examples/basic: host and Go greeter, traced through a wrapper script', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-basic-'));
    await script(join(plain, 'plugin/greeter'), `exec '${greeter}' "$@"`);
    const traced = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-basic-'));
    const out = join(traced, 'trace.jsonl');
    await script(join(traced, 'plugin/greeter'), `exec '${process.execPath}' '${cli}' trace --json --cookie-key BASIC_PLUGIN --out '${out}' -- '${greeter}' "$@"`);
    const a = await runWith(basicHost, [], { cwd: plain });
    const b = await runWith(basicHost, [], { cwd: traced });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.stdout.toString()).toContain('Hello!');
    // The same host log lines, as sets: the plugin's stderr reaches the host through one more
    // pipe, so its lines may land later against the host's own lines. The Kill phase is left
    // out: whether the plugin's Quit reply beats its exit is a race in go-plugin itself (the
    // transcript below shows the proxy relayed the reply), and so is whether the plugin lives
    // long enough to log its listener's "accept …: use of closed network connection".
    // (normalize sorts each line's words, so the phrase is matched by its words.)
    const closedConn = (l: string): boolean => ['use', 'of', 'closed', 'network', 'connection'].every((w) => l.split(' ').includes(w));
    const lines = (s: string): string[] => normalize(s).filter((l) => !/exited|Kill|gracefully/.test(l) && !closedConn(l)).sort();
    expect(lines(b.stdout.toString())).toEqual(lines(a.stdout.toString()));
    const evs = await events(out);
    // Control.Quit's reply may be lost to go-plugin's own quit race (see trace-go.test.ts).
    expect(calls(evs).filter(([m]) => m !== 'Control.Quit')).toEqual([
      ['Dispenser.Dispense', 'greeter', expect.any(Number)],
      ['Plugin.Greet', null, 'Hello!'], // the host sends new(interface{}): a nil interface
    ]);
    expect(calls(evs).some(([m]) => m === 'Control.Quit')).toBe(true);
    expect(evs.some((e) => e.kind === 'env' && e['name'] === 'BASIC_PLUGIN' && e['value'] === 'hello  (magic cookie)')).toBe(true);
    expect(evs.some((e) => e.kind === 'stderr' && String(e['line']).includes('message from GreeterHello.Greet'))).toBe(true);
  });

  it('the netrpc KV example (examples/grpc host, KV_PROTO=netrpc): put and get traced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-kv-'));
    const env = (out: string): NodeJS.ProcessEnv => ({ ...process.env, KV_PROTO: 'netrpc', KV_PLUGIN: `'${process.execPath}' '${cli}' trace --json --out '${out}' -- '${kvPlugin}'` });
    expect((await runWith(kvHost, ['put', 'hello', 'world'], { env: env(join(dir, 'put.jsonl')), cwd: dir })).code).toBe(0);
    const get = await runWith(kvHost, ['get', 'hello'], { env: env(join(dir, 'get.jsonl')), cwd: dir });
    expect(get.code).toBe(0);
    expect(get.stdout.toString()).toBe('world\n\nWritten from plugin-go-netrpc\n');
    const kv = [...calls(await events(join(dir, 'put.jsonl'))), ...calls(await events(join(dir, 'get.jsonl')))].filter(([m]) => String(m).startsWith('Plugin.'));
    expect(kv).toHaveLength(2);
    expect(kv[0]?.[0]).toBe('Plugin.Put');
    expect(JSON.stringify(kv[0]?.[1])).toContain('"hello"');
    expect(kv[1]?.slice(0, 2)).toEqual(['Plugin.Get', 'hello']);
    expect(Buffer.from(String(kv[1]?.[2]), 'base64').toString()).toBe('world\n\nWritten from plugin-go-netrpc');
  });
});
