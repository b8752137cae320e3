/**
 * `go-netrpc trace --capture FILE` and `go-netrpc trace read FILE` (dist/cli/main.js) on a real
 * session: go-testbed's pluginhost (go-plugin v1.8.0) runs the trace, which launches the Go
 * plugingo. Reading the raw capture offline must give exactly the transcript the live trace
 * wrote (JSON and text), and the capture holds the relayed bytes themselves.
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

async function tracedHost(name: string, args: string[]): Promise<{ live: string[]; capture: string; result: string }> {
  const live = join(dir, `${name}.jsonl`);
  const capture = join(dir, `${name}.capture`);
  const plugin = [process.execPath, cli, 'trace', '--json', '--out', live, '--capture', capture, '--', goBin('plugingo')];
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
