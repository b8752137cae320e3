/**
 * The `go-netrpc gob` commands against the Go zoo:
 * - `gob echo` output decodes in Go (gobpeer) into the original Go types with the values Go
 *   decoded from the fixture, and `gob dump --json` prints one wire-view JSON document per value
 *   equal to Go's values — for every value case through the commands' own functions (gobEcho,
 *   gobDump: the code behind the bin), and for a representative set through the built bin
 *   (dist/cli/main.js, built by globalSetup) as users run it;
 * - bad input: the bin exits with status 1 and prints exactly one stderr line
 *   `go-netrpc: CODE at byte N: …`.
 * (Spawning node for all ~60 cases × 2 commands costs a minute on the shared 2-core machine.)
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gobDump } from '../../src/cli/gob-dump.js';
import { gobEcho } from '../../src/cli/gob-echo.js';
import { sortWireMaps } from '../../src/cli/json.js';
import type { Json } from '../../src/cli/json.js';
import { decodeValues } from '../helpers/gob-decode-all.js';
import { fixturesDir, hostileFixtures, valueFixtures } from '../helpers/gob-fixtures.js';
import type { GobFixture } from '../helpers/gob-fixtures.js';
import { GobPeer } from '../helpers/gob-peer.js';
import { zoo, zooRegistry } from '../helpers/gob-zoo.js';
import { repoRoot, runProgram } from '../helpers/go-peer.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const cli = (args: string[], input?: Uint8Array) => runProgram(process.execPath, [bin, ...args], input, 60_000);
const registry = zooRegistry();
const values = valueFixtures();
/** Cases run through the built bin: interfaces, maps, marshalers, time, net/rpc, non-UTF-8. */
const binCases = ['iface_nested', 'map_multi', 'marshalers', 'time_zones', 'netrpc', 'strings_non_utf8', 'recursive', 'bigint'];

/** Runs a command function in-process on `bytes`, collecting its output. */
async function inProcess(cmd: 'echo' | 'dump --json', bytes: Uint8Array): Promise<Buffer> {
  const out: Buffer[] = [];
  const sink = async (c: Uint8Array | string): Promise<void> => {
    out.push(Buffer.from(typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
  };
  const input = Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]);
  if (cmd === 'echo') await gobEcho(input, sink);
  else await gobDump(input, true, sink);
  return Buffer.concat(out);
}

function dumpedValues(id: string, stdout: Buffer): Json[] {
  const types = zoo[id]!;
  return stdout
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((l, i) => sortWireMaps(types[i]!, JSON.parse(l) as Json, registry));
}

function expected(f: GobFixture): Json[] {
  return (f.values ?? []).map((v, i) => sortWireMaps(zoo[f.id]![i]!, v.wire as Json, registry));
}

let peer: GobPeer;
beforeAll(() => {
  peer = new GobPeer();
});
afterAll(() => peer?.close());

describe('gob echo', () => {
  it.each(values.map((f) => [f.id, f] as const))('%s: Go decodes the echo to the same values', async (id, f) => {
    const g = await peer.decode(id, await inProcess('echo', f.bytes));
    expect(g.error).toBeUndefined();
    expect(g.values).toEqual(f.values.map((v) => v.wire));
  });

  it.each(binCases)('bin: %s', async (id) => {
    const f = values.find((x) => x.id === id)!;
    const r = await cli(['gob', 'echo', join(fixturesDir, `${id}.gob`)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const g = await peer.decode(id, r.stdout);
    expect(g.error).toBeUndefined();
    expect(g.values).toEqual(f.values.map((v) => v.wire));
  });

  it('bin reads stdin when no FILE is given', async () => {
    const f = values.find((x) => x.id === 'netrpc')!;
    const r = await cli(['gob', 'echo'], f.bytes);
    expect(r.code).toBe(0);
    expect((await peer.decode('netrpc', r.stdout)).values).toEqual(f.values.map((v) => v.wire));
  });
});

describe('gob dump', () => {
  it.each(values.map((f) => [f.id, f] as const))('%s: --json prints Go’s values', async (id, f) => {
    expect(dumpedValues(id, await inProcess('dump --json', f.bytes))).toEqual(expected(f));
  });

  it.each(binCases)('bin: %s --json', async (id) => {
    const f = values.find((x) => x.id === id)!;
    const r = await cli(['gob', 'dump', '--json', join(fixturesDir, `${id}.gob`)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(dumpedValues(id, r.stdout)).toEqual(expected(f));
  });

  it('bin prints type definitions and values in text form', async () => {
    const r = await cli(['gob', 'dump', join(fixturesDir, 'struct_basic.gob')]);
    expect(r.code).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(out).toContain('struct Point { X int; Y int }');
    expect(out).toContain('struct AB { A int; B string }');
    expect(out).toContain('{"X":22,"Y":33}');
    expect(out.trimEnd().split('\n').filter((l) => l.startsWith('value ')).length).toBe(6);
  });

  it('bin prints types first carried by interface values, once', async () => {
    const r = await cli(['gob', 'dump', join(fixturesDir, 'iface_struct.gob')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^type \d+ = struct WithIface \{ V interface \{\} \}$/);
    expect(lines.filter((l) => l === 'type Point = struct Point { X int; Y int }')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('value '))).toHaveLength(3);
  });

  it('bin rejects bad usage with status 2', async () => {
    const r = await cli(['gob', 'frob']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^go-netrpc: /);
  });
});

describe('go-netrpc on bad input', () => {
  const hostile = hostileFixtures().filter((f) => {
    try {
      decodeValues(f.bytes);
      return false; // schemaless decoding is fine (type errors need a target type)
    } catch {
      return true;
    }
  });

  it('covers the Go robustness vectors', () => {
    expect(hostile.map((f) => f.id)).toEqual(expect.arrayContaining(['bad_count', 'bad_data_1', 'huge_slice', 'overflow_55337']));
  });

  it.each(hostile.map((f) => [f.id, f] as const))('%s: status 1 and one stderr line', async (id, f) => {
    const cmds = ['bad_data_1', 'deep_array_skipped', 'bad_count'].includes(id)
      ? [['gob', 'dump'], ['gob', 'dump', '--json'], ['gob', 'echo']]
      : [['gob', 'dump']];
    for (const cmd of cmds) {
      const r = await cli(cmd, f.bytes);
      expect(r.code, `${cmd.join(' ')} on ${id}`).toBe(1);
      expect(r.stderr, `Go: ${f.hostile.goError}`).toMatch(/^go-netrpc: [A-Z_]+ at byte \d+: [^\n]+\n$/);
    }
  });
});
