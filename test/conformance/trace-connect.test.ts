/**
 * `go-netrpc trace --connect ADDR` (dist/cli/main.js) between real Go peers in go-plugin's
 * reattach mode: go-testbed's pluginhost `-scenario hold` launches the Go plugingo and prints its
 * ReattachConfig; a second pluginhost reattaches (`-reattach NETWORK:ADDR -pid N`) either to the
 * plugin directly or to the address the trace prints. The host must get the same results and the
 * transcript must hold the calls with decoded arguments and replies; SIGTERM ends the trace with
 * its summary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/index.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { runWith } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
let dir = '';
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-connect-'));
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `cmd` and resolves to its first stdout line. */
async function firstLine(cmd: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr?.resume();
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, line };
}

/** A running plugin (held by a Go host): its reattach address and pid. */
async function heldPlugin(): Promise<{ addr: string; pid: number }> {
  const { line } = await firstLine(goBin('pluginhost'), ['-scenario', 'hold', '--', goBin('plugingo')]);
  const o = JSON.parse(line) as { addr: string; pid: number; greet: string };
  expect(o.greet).toBe('Hello, holder!');
  return o;
}

async function reattach(addr: string, pid: number): Promise<Record<string, unknown>> {
  const r = await runWith(goBin('pluginhost'), ['-scenario', 'reattach', '-reattach', addr, '-pid', String(pid)]);
  const { killMs: _killMs, ...result } = JSON.parse(r.stdout.toString().trim().split('\n').pop() ?? '') as Record<string, unknown>;
  return result;
}

describe('go-netrpc trace --connect (go-plugin reattach)', () => {
  for (const child of [false, true]) {
    it(`a Go host reattaches through the trace: same results, every call decoded, summary on SIGTERM${child ? ' (--child-decoder)' : ''}`, async () => {
      const direct = await heldPlugin();
      const plain = await reattach(direct.addr, direct.pid);
      expect(plain['greet']).toBe('Hello, go-host!');

      const target = await heldPlugin();
      const out = join(dir, `connect-${child}.jsonl`);
      const trace = await firstLine(process.execPath, [cli, 'trace', '--json', '--out', out, ...(child ? ['--child-decoder'] : []), '--connect', target.addr]);
      expect(trace.line).toMatch(/^unix:\/.*gonetrpc-trace-.*\/plugin\.sock$/);
      const traced = await reattach(trace.line, target.pid);
      expect(traced).toEqual(plain);
      trace.child.kill('SIGTERM');
      const [code] = (await once(trace.child, 'exit')) as [number | null];
      expect(code).toBe(0);

      // The decoder child may finish the transcript up to a moment after the trace exited.
      for (let waited = 0; child && !(await readFile(out, 'utf8')).includes('"kind":"summary"'); waited += 50) {
        if (waited > 20_000) throw new Error('no summary from the decoder child after 20 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      const evs = (await readFile(out, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TraceEvent);
      const call = (m: string) => evs.find((e): e is Extract<TraceEvent, { kind: 'call' }> => e.kind === 'call' && e.method === m);
      const reply = (c: Extract<TraceEvent, { kind: 'call' }> | undefined) => evs.find((e): e is Extract<TraceEvent, { kind: 'reply' }> => e.kind === 'reply' && c !== undefined && e.conn === c.conn && e.stream === c.stream && e.seq === c.seq);
      expect(call('Plugin.Greet')?.args).toBe('go-host');
      expect(reply(call('Plugin.Greet'))?.reply).toBe('Hello, go-host!');
      expect(call('Plugin.Add')?.args).toEqual({ A: 40, B: 2 });
      expect(reply(call('Plugin.Add'))?.reply).toBe(42);
      expect(call('Plugin.Name')?.from).toBe('plugin');
      expect(evs.some((e) => e.kind === 'note' && e.message === `trace: reattach the host to ${trace.line}`)).toBe(true);
      const summary = evs.at(-1);
      expect(summary?.kind).toBe('summary');
      expect(summary?.kind === 'summary' && summary.methods.find((m) => m.method === 'Plugin.Greet')?.count).toBe(1);
    });
  }

  it('rejects a malformed address as a usage error', async () => {
    const r = await runWith(process.execPath, [cli, 'trace', '--connect', 'nonsense'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--connect needs unix:/path, tcp:host:port or host:port');
  });
});
