/**
 * Checks the import layering of src/: internal ← gob ← rpc ← plugin, internal ← yamux ← plugin,
 * internal ← msgpack ← rpc, packer beside plugin (it may use plugin's MuxBroker),
 * gen (Go source → TS) beside them, testing, conformance (the kit), trace and cli on top (cli
 * dispatches to them). gob and yamux never import each other; rpc never imports yamux.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';

const srcDir = join(repoRoot, 'src');

/** Which top-level src/ folders each folder may import from. */
const allowed: Record<string, readonly string[]> = {
  internal: ['internal'],
  gob: ['internal', 'gob'],
  yamux: ['internal', 'yamux'],
  msgpack: ['internal', 'msgpack'],
  rpc: ['internal', 'gob', 'msgpack', 'rpc'],
  plugin: ['internal', 'gob', 'yamux', 'rpc', 'plugin'],
  packer: ['internal', 'gob', 'msgpack', 'yamux', 'rpc', 'plugin', 'packer'],
  testing: ['internal', 'gob', 'yamux', 'rpc', 'plugin', 'testing'],
  conformance: ['internal', 'gob', 'yamux', 'rpc', 'conformance'],
  gen: ['internal', 'gen'],
  trace: ['internal', 'gob', 'msgpack', 'yamux', 'rpc', 'plugin', 'packer', 'trace'],
  cli: ['internal', 'gob', 'yamux', 'rpc', 'plugin', 'conformance', 'gen', 'trace', 'cli'],
  '.': ['internal', 'gob', 'yamux', 'rpc', 'plugin', '.'],
};

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function layerOf(file: string): string {
  const rel = relative(srcDir, file);
  const first = rel.split(/[\\/]/)[0] ?? '.';
  return rel.includes('/') || rel.includes('\\') ? first : '.';
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('src/ import layering', () => {
  const files = listTs(srcDir);

  it('finds source files', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  for (const file of files) {
    it(relative(repoRoot, file), () => {
      const text = readFileSync(file, 'utf8');
      const layer = layerOf(file);
      const ok = allowed[layer];
      expect(ok, `unknown layer ${layer}`).toBeDefined();
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2] ?? '';
        if (!spec.startsWith('.')) {
          // Only Node built-ins may be imported from outside src/ (no runtime dependencies).
          expect(spec.startsWith('node:'), `${relative(repoRoot, file)} imports ${spec}`).toBe(true);
          continue;
        }
        const target = resolve(dirname(file), spec);
        const targetLayer = layerOf(target.replace(/\.js$/, '.ts'));
        expect(ok, `${relative(repoRoot, file)} (${layer}) imports ${spec} (${targetLayer})`).toContain(targetLayer);
      }
    });
  }
});
