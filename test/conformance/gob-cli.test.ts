/**
 * The built `go-netrpc` bin (dist/cli/main.js, built by globalSetup) against the Go zoo:
 * - `gob echo` output decodes in Go (gobpeer) into the original Go types with the values Go
 *   decoded from the fixture — for every value case;
 * - `gob dump --json` prints one wire-view JSON document per value, equal to Go's values;
 * - bad input: exit status 1 and exactly one stderr line `go-netrpc: CODE at byte N: …`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortWireMaps } from '../../src/cli/json.js';
import type { Json } from '../../src/cli/json.js';
import { decodeValues } from '../helpers/gob-decode-all.js';
import { fixturesDir, hostileFixtures, valueFixtures } from '../helpers/gob-fixtures.js';
import { GobPeer } from '../helpers/gob-peer.js';
import { zoo, zooRegistry } from '../helpers/gob-zoo.js';
import { repoRoot, runProgram } from '../helpers/go-peer.js';

const bin = join(repoRoot, 'dist', 'cli', 'main.js');
const cli = (args: string[], input?: Uint8Array) => runProgram(process.execPath, [bin, ...args], input, 60_000);
const registry = zooRegistry();

let peer: GobPeer;
beforeAll(() => {
  peer = new GobPeer();
});
afterAll(() => peer?.close());

describe('go-netrpc gob echo', () => {
  it.each(valueFixtures().map((f) => [f.id, f] as const))('%s: Go decodes the echo to the same values', async (id, f) => {
    const r = await cli(['gob', 'echo', join(fixturesDir, `${id}.gob`)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const g = await peer.decode(id, r.stdout);
    expect(g.error).toBeUndefined();
    expect(g.values).toEqual(f.values.map((v) => v.wire));
  });

  it('reads stdin when no FILE is given', async () => {
    const f = valueFixtures().find((x) => x.id === 'netrpc')!;
    const r = await cli(['gob', 'echo'], f.bytes);
    expect(r.code).toBe(0);
    expect((await peer.decode('netrpc', r.stdout)).values).toEqual(f.values.map((v) => v.wire));
  });
});

describe('go-netrpc gob dump', () => {
  it.each(valueFixtures().map((f) => [f.id, f] as const))('%s: --json prints Go’s values', async (id, f) => {
    const r = await cli(['gob', 'dump', '--json', join(fixturesDir, `${id}.gob`)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.toString('utf8').trimEnd().split('\n');
    const types = zoo[id]!;
    const got = lines.map((l, i) => sortWireMaps(types[i]!, JSON.parse(l) as Json, registry));
    expect(got).toEqual(f.values.map((v, i) => sortWireMaps(types[i]!, v.wire as Json, registry)));
  });

  it('prints type definitions and values in text form', async () => {
    const r = await cli(['gob', 'dump', join(fixturesDir, 'struct_basic.gob')]);
    expect(r.code).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(out).toContain('struct Point { X int; Y int }');
    expect(out).toContain('struct AB { A int; B string }');
    expect(out).toContain('{"X":22,"Y":33}');
    expect(out.trimEnd().split('\n').filter((l) => l.startsWith('value ')).length).toBe(6);
  });

  it('prints types first carried by interface values, once', async () => {
    const r = await cli(['gob', 'dump', join(fixturesDir, 'iface_struct.gob')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^type \d+ = struct WithIface \{ V interface \{\} \}$/);
    expect(lines.filter((l) => l === 'type Point = struct Point { X int; Y int }')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('value '))).toHaveLength(3);
  });

  it('rejects bad usage with status 2', async () => {
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
    for (const cmd of [['gob', 'dump'], ['gob', 'dump', '--json'], ['gob', 'echo']]) {
      const r = await cli(cmd, f.bytes);
      expect(r.code, `${cmd.join(' ')} on ${id}`).toBe(1);
      expect(r.stderr, `Go: ${f.hostile.goError}`).toMatch(/^go-netrpc: [A-Z_]+ at byte \d+: [^\n]+\n$/);
    }
  });
});
