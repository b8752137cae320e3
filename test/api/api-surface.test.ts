/**
 * The public API surface is reviewed on change: the exported names and declarations of every
 * subpath (from dist/*.d.ts, built by the test setup) must equal test/api/api-surface.txt, and
 * README's Errors tables must equal each layer's error-code table. After an intended change run
 * `npm run api:update` and review the diff.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from 'go-netrpc';
import * as gob from 'go-netrpc/gob';
import * as plugin from 'go-netrpc/plugin';
import * as pluginServe from 'go-netrpc/plugin/serve';
import * as rpc from 'go-netrpc/rpc';
import * as testing from 'go-netrpc/testing';
import * as yamux from 'go-netrpc/yamux';
import { apiSurface, ERRORS_END, ERRORS_START, errorsMarkdown, errorTables, root as repoRoot, snapshotFile, typedSubpaths, withErrorsSection } from './api-surface.js';

function listDts(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listDts(p) : p.endsWith('.d.ts') ? [p] : [];
  });
}

const HINT = 'the public API changed: if intended, run `npm run api:update` and review the diff';

describe('public API surface', () => {
  it('covers every subpath of package.json exports', () => {
    expect(typedSubpaths().map(([s]) => s)).toEqual(['.', './gob', './yamux', './rpc', './msgpack', './packer', './plugin', './plugin/serve', './testing', './gen']);
  });

  it('matches test/api/api-surface.txt', () => {
    const want = readFileSync(snapshotFile, 'utf8');
    const got = apiSurface();
    expect(got, HINT).toBe(want);
  }, 120_000);

  it('one factory convention: create<Thing>, never new<Thing>/make<Thing> (README: API conventions)', () => {
    const fns = [...apiSurface().matchAll(/^export declare function (\w+)/gm)].map((m) => m[1]);
    expect(fns.length).toBeGreaterThan(10);
    expect(fns.filter((n) => /^(new|make|build)[A-Z]/.test(n ?? ''))).toEqual([]);
  });

  it('ships no @internal members in its .d.ts', () => {
    const withInternal = listDts(join(repoRoot, 'dist'))
      .filter((f) => readFileSync(f, 'utf8').includes('@internal'))
      .map((f) => relative(repoRoot, f))
      .sort();
    expect(withInternal).toEqual([]);
  });

  it('ships no `export *` re-exports', () => {
    for (const [, file] of typedSubpaths()) {
      const dts = readFileSync(file, 'utf8');
      expect(dts, file).not.toMatch(/^export \* from /m);
    }
  });

  it('GoNetrpcError is exported from every subpath, the same class everywhere', () => {
    for (const m of [gob, yamux, rpc, plugin, pluginServe, testing]) expect(m.GoNetrpcError).toBe(root.GoNetrpcError);
    // The serve-only entry re-exports the same objects as go-netrpc/plugin.
    expect([pluginServe.serve, pluginServe.PluginError, pluginServe.PluginErrorCode]).toEqual([plugin.serve, plugin.PluginError, plugin.PluginErrorCode]);
    expect(pluginServe.serve).toBe(plugin.serve);
    for (const E of [gob.GobError, yamux.YamuxError, rpc.RpcError, plugin.PluginError]) expect(E.prototype).toBeInstanceOf(root.GoNetrpcError);
  });
});

describe('error codes: one documented as-const table per layer', () => {
  const tables = [gob.GobErrorCode, yamux.YamuxErrorCode, rpc.RpcErrorCode, plugin.PluginErrorCode];

  it('each maps SCREAMING_SNAKE codes to a one-sentence meaning', () => {
    for (const t of tables) {
      expect(Object.keys(t).length).toBeGreaterThan(3);
      for (const [code, meaning] of Object.entries(t)) {
        expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(meaning, code).toMatch(/^\S.{10,}[.)]$/);
      }
    }
  });

  it('each error class accepts its codes (the type is the table keys)', () => {
    const e = new plugin.PluginError('ABORTED', 'x');
    const code: plugin.PluginErrorCode = e.code;
    expect(plugin.PluginErrorCode[code]).toBe(plugin.PluginErrorCode.ABORTED);
    expect(new gob.GobError('CORRUPT', 'x').code in gob.GobErrorCode).toBe(true);
    expect(new yamux.YamuxError('TIMEOUT', 'x').code in yamux.YamuxErrorCode).toBe(true);
    expect(new rpc.RpcError('TIMEOUT', 'x').code in rpc.RpcErrorCode).toBe(true);
  });

  it("README's Errors section is generated from the tables", async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(ERRORS_START);
    expect(readme).toContain(ERRORS_END);
    expect(withErrorsSection(readme, errorsMarkdown(await errorTables())), HINT).toBe(readme);
  });
});
