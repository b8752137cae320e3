/**
 * The trace CLI's argument parsing, the per-method summary and the bounded transcript output.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatEvent, parseTraceArgs, parseTraceReadArgs, TraceError } from '../../../src/trace/index.js';
import { MethodStats, RESERVOIR } from '../../../src/trace/stats.js';
import { Transcript } from '../../../src/trace/transcript.js';
import { hostEnv } from '../../../src/trace/env-view.js';

describe('parseTraceArgs', () => {
  it('takes options before -- and the plugin command after it', () => {
    expect(parseTraceArgs(['--json', '--out', 'f.txt', '--', './plugin', '--json'])).toEqual({ json: true, live: true, out: 'f.txt', command: './plugin', args: ['--json'] });
    expect(parseTraceArgs(['./plugin', 'a'])).toEqual({ json: false, live: true, command: './plugin', args: ['a'] });
  });
  it('takes --capture FILE, and --connect ADDR instead of a command', () => {
    expect(parseTraceArgs(['--capture', 'c.bin', '--', './plugin'])).toEqual({ json: false, live: true, capture: 'c.bin', command: './plugin', args: [] });
    expect(parseTraceArgs(['--capture', 'c.bin', '--no-live', '--', './plugin'])).toEqual({ json: false, live: false, capture: 'c.bin', command: './plugin', args: [] });
    expect(parseTraceArgs(['--connect', 'unix:/tmp/p.sock', '--out', 't'])).toEqual({ json: false, live: true, connect: 'unix:/tmp/p.sock', out: 't', command: '', args: [] });
    expect(parseTraceArgs(['--connect', '127.0.0.1:1234']).connect).toBe('127.0.0.1:1234');
  });
  it('takes --child-decoder with --out FILE (not without it, nor with --no-live)', () => {
    expect(parseTraceArgs(['--out', 't', '--child-decoder', '--', './plugin'])).toEqual({ json: false, live: true, out: 't', childDecoder: true, command: './plugin', args: [] });
    for (const bad of [['--child-decoder', '--', './plugin'], ['--out', 't', '--capture', 'c', '--no-live', '--child-decoder', '--', './plugin']]) {
      expect(() => parseTraceArgs(bad)).toThrow(/--child-decoder/);
    }
  });
  it('parses trace read arguments', () => {
    expect(parseTraceReadArgs(['--json', 'f.capture'])).toEqual({ json: true, file: 'f.capture' });
    expect(parseTraceReadArgs(['-'])).toEqual({ json: false, file: '-' });
    for (const bad of [[], ['a', 'b'], ['--bogus', 'a']]) expect(() => parseTraceReadArgs(bad)).toThrow(TraceError);
  });
  it('rejects bad usage with TraceError USAGE', () => {
    for (const bad of [[], ['--'], ['--out'], ['--bogus', '--', 'x'], ['--connect', 'x'], ['--connect', 'unix:/p', '--', './plugin'], ['--capture'], ['--no-live', '--', './plugin']]) {
      expect(() => parseTraceArgs(bad)).toThrow(TraceError);
      try {
        parseTraceArgs(bad);
      } catch (err) {
        expect((err as TraceError).code).toBe('USAGE');
      }
    }
  });
});

describe('MethodStats', () => {
  it('reports count, errors, bytes and p50/p99', () => {
    const s = new MethodStats();
    for (let i = 1; i <= 100; i++) s.record('A.B', i, i % 10 === 0, 3);
    expect(s.summary()).toEqual([{ method: 'A.B', count: 100, errors: 10, bytes: 300, p50Ms: 50, p99Ms: 99 }]);
  });
  it('keeps memory bounded on long sessions (reservoir sample)', () => {
    const s = new MethodStats();
    for (let i = 0; i < RESERVOIR * 5; i++) s.record('A.B', i < RESERVOIR * 4 ? 1 : 1000, false, 0);
    const [m] = s.summary();
    expect(m?.count).toBe(RESERVOIR * 5);
    expect(m?.p50Ms).toBe(1);
    expect(m?.p99Ms).toBe(1000);
  });
});

describe('Transcript', () => {
  it('prints calls and replies as readable lines', () => {
    expect(formatEvent({ kind: 'call', t: 12.34, conn: 1, stream: 7, from: 'host', seq: '3', method: 'Plugin.Greet', args: { Name: 'x' }, bytes: 10 })).toBe(
      '→ 12.3 ms  s7 #3 Plugin.Greet {"Name":"x"}',
    );
    expect(formatEvent({ kind: 'reply', t: 13, conn: 1, stream: 7, from: 'plugin', seq: '3', method: 'Plugin.Greet', latencyMs: 1.21, error: '', reply: 'Hello', bytes: 9 })).toBe(
      '← 1.2 ms  s7 #3 "Hello"',
    );
  });
  it('drops events (and says how many) instead of buffering without bound for a slow output', async () => {
    const chunks: string[] = [];
    const held: Array<() => void> = [];
    let stuck = true;
    const out = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        if (stuck) held.push(cb);
        else cb();
      },
    });
    const t = new Transcript(out, { maxBufferedBytes: 1000 });
    for (let i = 0; i < 500; i++) t.write({ kind: 'note', t: 0, message: 'x'.repeat(50) });
    expect(out.writableLength).toBeLessThan(1200);
    stuck = false;
    for (const cb of held.splice(0)) cb();
    await new Promise((r) => setImmediate(r));
    expect(out.writableLength).toBe(0);
    t.write({ kind: 'note', t: 0, message: 'after' });
    const text = chunks.join('');
    expect(text).toContain('after');
    expect(text).toMatch(/trace output was too slow: \d+ event\(s\) dropped/);
  });
});

describe('hostEnv', () => {
  it('shows the variables go-plugin sets, the cookie found by its position, secrets shortened', () => {
    const env = { HOME: '/root', MY_COOKIE: 'v', PLUGIN_MIN_PORT: '10000', PLUGIN_CLIENT_CERT: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(600)}` };
    expect(hostEnv(env)).toEqual([
      ['MY_COOKIE', 'v  (magic cookie?)'],
      ['PLUGIN_MIN_PORT', '10000'],
      ['PLUGIN_CLIENT_CERT', '-----BEGIN CERTIFICATE-----…(628 chars)'],
    ]);
    expect(hostEnv({ ...env, EMPTY: '' }, 'HOME')[0]).toEqual(['HOME', '/root  (magic cookie)']);
  });
});
