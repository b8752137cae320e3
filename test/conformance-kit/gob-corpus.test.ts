/**
 * The gob corpus is current and consistent: `gobconform gen` regenerates exactly the checked-in
 * fixtures/conformance/gob (manifest and streams; big streams are pinned by size and SHA-256),
 * and every case of the catalogue names a manifest entry of the right kind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOB_SECTIONS } from '../../src/conformance/gob/catalogue.js';
import { EOF_IN_MESSAGE, inputOf, loadManifest } from '../../src/conformance/gob/manifest.js';
import { gobconformPath } from '../../src/conformance/gob/tools.js';
import { repoRoot } from '../helpers/go-peer.js';

const dir = join(repoRoot, 'fixtures/conformance/gob');
const tmp = mkdtempSync(join(tmpdir(), 'gob-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('fixtures/conformance/gob', () => {
  it('is what go-testbed/cmd/gobconform gen writes today', () => {
    execFileSync(gobconformPath(), ['gen', '-out', tmp], { stdio: 'pipe', timeout: 110_000 });
    const files = readdirSync(dir).sort();
    expect(readdirSync(tmp).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(tmp, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
  }, 120_000);

  it('every catalogue case names a manifest entry of its section kind', () => {
    const m = loadManifest();
    for (const s of GOB_SECTIONS) {
      for (const c of s.cases) {
        const e = m.get(c.name);
        expect(e, `${c.id} ${c.name}`).toBeDefined();
        expect(e?.kind, c.id).toBe(s.kind === 'value' ? 'value' : 'hostile');
        // Section 7 holds streams Go rejects even with Decode(nil); section 8 only typed rejections.
        if (s.kind === 'hostile') expect(e?.goErrorSchemaless, c.id).toMatch(/./);
        if (s.kind === 'typed') expect(e?.goErrorSchemaless ?? '', c.id).toBe('');
      }
    }
  });

  it('uses every corpus case except the empty hostile vector (an empty stream is a clean end for a filter)', () => {
    const used = new Set(GOB_SECTIONS.flatMap((s) => s.cases.map((c) => c.name)));
    expect([...loadManifest().keys()].filter((n) => !used.has(n))).toEqual(['bad_data_0']);
  });

  it('case ids are unique and numbered within their section', () => {
    const ids = GOB_SECTIONS.flatMap((s) => s.cases.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of GOB_SECTIONS) for (const c of s.cases) expect(c.id.startsWith(`${s.id}.`)).toBe(true);
  });

  it("Go's io.EOF-inside-a-message quirk is recorded as such", () => {
    expect(loadManifest().get('h_map_count_huge')?.goError).toMatch(new RegExp(`^${EOF_IN_MESSAGE.replace(/[()]/g, '\\$&')}`));
  });

  it('big streams come from Go and match their pinned size and SHA-256', async () => {
    const e = loadManifest().get('big_bytes');
    expect(e?.file).toBeUndefined();
    const data = await inputOf(e as NonNullable<typeof e>);
    expect(data.length).toBe(e?.size);
    expect(data.length).toBeGreaterThan(4 << 20);
  }, 60_000);
});
