/**
 * `go-netrpc trace --capture FILE` and `go-netrpc trace read FILE` (dist/cli/main.js) on a real
 * session: go-testbed's pluginhost (go-plugin v1.8.0) runs the trace, which launches the Go
 * plugingo. Reading the raw capture offline must give exactly the transcript the live trace
 * wrote (JSON and text), and the capture holds the relayed bytes themselves. With --no-live the
 * trace only captures, and `trace read` shows the calls a live trace of the same session shows.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatEvent, type TraceEvent } from '../../src/trace/index.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { runWith } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-capture-'));
});

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

async function tracedHost(name: string, args: string[], traceArgs: string[] = []): Promise<{ live: string[]; capture: string; result: string }> {
  const live = join(dir, `${name}.jsonl`);
  const capture = join(dir, `${name}.capture`);
  const plugin = [process.execPath, cli, 'trace', '--json', '--out', live, '--capture', capture, ...traceArgs, '--', goBin('plugingo')];
  const r = await runWith(goBin('pluginhost'), [...args, '--', ...plugin]);
  return { live: lines(await readFile(live, 'utf8')), capture, result: r.stdout.toString() };
}

const read = (args: string[]) => runWith(process.execPath, [cli, 'trace', 'read', ...args], { timeoutMs: 60_000 });

describe('go-netrpc trace read: a capture decodes offline into the live transcript', () => {
  for (const mtls of [false, true]) {
    it(`Go host + Go plugin${mtls ? ' under AutoMTLS (plaintext captured)' : ''}`, async () => {
      const { live, capture, result } = await tracedHost(`basic-${mtls}`, ['-scenario', 'basic', ...(mtls ? ['-automtls'] : [])]);
      expect(result).toContain('"greet":"Hello, go-host!"');
      const evs = live.map((l) => JSON.parse(l) as TraceEvent);
      expect(evs.some((e) => e.kind === 'call' && e.method === 'Plugin.Greet')).toBe(true);

      const json = await read(['--json', capture]);
      expect(json.code).toBe(0);
      const offline = lines(json.stdout.toString());
      // go-plugin's Control.Quit race (trace-go.test.ts) may get the live trace SIGKILLed before
      // its closing lines; everything it wrote must then be the start of the offline transcript.
      if (evs.at(-1)?.kind === 'summary') expect(offline).toEqual(live);
      else {
        expect(offline.slice(0, live.length)).toEqual(live);
        expect(offline.at(-1)).toMatch(/^\{"kind":"summary"/);
      }

      const text = await read([capture]);
      expect(text.code).toBe(0);
      const liveText = evs.map((e) => formatEvent(e)).join('\n').split('\n');
      expect(lines(text.stdout.toString()).slice(0, liveText.length)).toEqual(liveText);

      // The capture holds the session's plaintext bytes: the greeting reply is in it verbatim.
      expect((await readFile(capture)).includes(Buffer.from('Hello, go-host!'))).toBe(true);
    });
  }

  /** Every answered call as `method args → reply`, sorted (Control.Quit may lose its reply to go-plugin's kill race). */
  const answered = (evs: TraceEvent[]): string[] =>
    evs
      .flatMap((e) => {
        if (e.kind !== 'call' || e.method === 'Control.Quit') return [];
        const r = evs.find((x): x is Extract<TraceEvent, { kind: 'reply' }> => x.kind === 'reply' && x.conn === e.conn && x.stream === e.stream && x.seq === e.seq);
        return [`${e.method} ${JSON.stringify(e.args)} → ${r === undefined ? '(none)' : r.error !== '' ? `error ${r.error}` : JSON.stringify(r.reply)}`];
      })
      .sort();
  const PROXY_KINDS = new Set(['start', 'env', 'handshake', 'conn', 'note', 'exit']);
  const proxyLevel = (e: TraceEvent): boolean => PROXY_KINDS.has(e.kind) || ((e.kind === 'stdout' || e.kind === 'stderr') && e.via === 'pipe');

  for (const mtls of [false, true]) {
    it(`--no-live only captures: the session is the same, and trace read shows the calls a live trace shows${mtls ? ' (AutoMTLS)' : ''}`, async () => {
      const scenario = ['-scenario', 'basic', ...(mtls ? ['-automtls'] : [])];
      const quiet = await tracedHost(`nolive-${mtls}`, scenario, ['--no-live']);
      const decoded = await tracedHost(`nolive-ref-${mtls}`, scenario);
      expect(quiet.result).toContain('"greet":"Hello, go-host!"');
      // The host's results (its last stdout line, JSON) are the same, apart from a timing.
      const results = (out: string): unknown => ({ ...(JSON.parse(lines(out).at(-1) ?? '{}') as object), killMs: 0 });
      expect(results(quiet.result)).toEqual(results(decoded.result));

      const live = quiet.live.map((l) => JSON.parse(l) as TraceEvent);
      expect(live[0]).toMatchObject({ kind: 'note', message: expect.stringContaining('--no-live') as unknown });
      expect(live.every(proxyLevel)).toBe(true);
      expect(live.some((e) => e.kind === 'handshake')).toBe(true);

      const r = await read(['--json', quiet.capture]);
      expect(r.code).toBe(0);
      const offline = lines(r.stdout.toString()).map((l) => JSON.parse(l) as TraceEvent);
      // What the live transcript showed is the offline one's proxy-level part, in order.
      expect(offline.filter(proxyLevel).slice(0, live.length - 1)).toEqual(live.slice(1));
      expect(offline.at(-1)?.kind).toBe('summary');
      // The calls are decoded offline exactly as a live trace of the same session decodes them.
      const ref = decoded.live.map((l) => JSON.parse(l) as TraceEvent);
      expect(answered(offline)).toEqual(answered(ref));
      expect(answered(offline)).toContain('Plugin.Greet "go-host" → "Hello, go-host!"');
      expect(answered(offline).length).toBeGreaterThan(5);
    });
  }

  it('reads captures appended by several launches one after the other, and reports a damaged file', async () => {
    const { capture } = await tracedHost('twice', ['-scenario', 'basic']);
    const once = lines((await read(['--json', capture])).stdout.toString());
    const bytes = await readFile(capture);
    const twice = join(dir, 'twice-doubled.capture');
    await writeFile(twice, Buffer.concat([bytes, bytes]));
    const both = lines((await read(['--json', twice])).stdout.toString());
    expect(both.length).toBe(2 * once.length + 1);
    expect(JSON.parse(both[once.length] as string)).toMatchObject({ kind: 'note', message: `next capture (byte ${bytes.length} of the file)` });

    const cut = join(dir, 'cut.capture');
    await writeFile(cut, bytes.subarray(0, bytes.length - 7));
    const r = await read([cut]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^go-netrpc: CAPTURE_INVALID: the capture ends inside a record at byte \d+ .*cut short\n$/);
    expect(r.stdout.toString()).toContain('the capture stops here without the end of the trace');

    const notCapture = await read([join(repoRoot, 'package.json')]);
    expect([notCapture.code, notCapture.stderr]).toEqual([1, expect.stringContaining('CAPTURE_INVALID: not a go-netrpc trace capture')]);
    const missing = await read([join(dir, 'nope')]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('IO_FAILED: ENOENT')]);
    expect((await read([])).code).toBe(2);
  });
});
