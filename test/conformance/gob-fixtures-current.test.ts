/**
 * fixtures/gob is current: regenerating the zoo with the built gobgen (go-testbed/cmd/gobgen,
 * one fresh Go process per case) gives the committed files. Streams holding multi-entry maps
 * are not byte-reproducible (Go randomises map order): for those the sidecars must be equal and
 * Go must decode the committed bytes to the sidecar's values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, type GobFixture } from '../helpers/gob-fixtures.js';
import { GobPeer } from '../helpers/gob-peer.js';
import { goBin, runProgram } from '../helpers/go-peer.js';

describe('fixtures/gob is what gobgen generates now', () => {
  let dir: string;
  let fresh: Map<string, GobFixture>;
  let peer: GobPeer;
  const committed = loadFixtures();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gobgen-'));
    const r = await runProgram(goBin('gobgen'), ['-out', dir], undefined, 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    fresh = new Map(loadFixtures(dir).map((f) => [f.id, f]));
    peer = new GobPeer();
  }, 150_000);

  afterAll(() => {
    peer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the same set of cases', () => {
    expect([...fresh.keys()]).toEqual(committed.map((f) => f.id));
    expect(committed.length).toBeGreaterThan(60);
  });

  it.each(committed.map((f) => [f.id, f] as const))('%s', async (_id, f) => {
    const g = fresh.get(f.id);
    expect(g, 'case missing from a fresh generation').toBeDefined();
    if (!g) return;
    const { bytes: fb, ...fs } = f;
    const { bytes: gb, ...gs } = g;
    expect(gs).toEqual(fs);
    const reproducible = f.hostile !== undefined || f.byteCompare;
    if (reproducible) {
      expect(Buffer.from(gb).equals(Buffer.from(fb)), 'bytes differ from a fresh gobgen run').toBe(true);
    } else {
      const r = await peer.decode(f.id, fb);
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(f.values?.map((v) => v.wire));
    }
  });
});
