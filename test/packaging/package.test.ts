/**
 * The npm package as users get it: `npm pack` (dist/ built by the test setup; `prepack` builds it
 * for a real `npm pack`), installed from the tarball into a temporary project without network,
 * then every subpath imported from ESM and required from CommonJS, the `go-netrpc` bin run, and
 * every README ```ts example type-checked under `tsc --strict` against the installed package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';
import { tsBlocks } from '../helpers/readme-blocks.js';

interface Pkg {
  version: string;
  scripts: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  files: string[];
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Pkg;
/** The code subpaths: '.', './gob', … (not './package.json'). */
const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
const specifier = (sub: string): string => (sub === '.' ? 'go-netrpc' : `go-netrpc/${sub.slice(2)}`);

const tmp = mkdtempSync(join(tmpdir(), 'gonetrpc-pack-'));
const proj = join(tmp, 'proj');
const installed = join(proj, 'node_modules', 'go-netrpc');
let tarball = '';
let packed: string[] = [];

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

function node(args: string[], timeoutMs = 60_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: proj, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run the packaging test without GONETRPC_SKIP_DIST=1 (the test setup builds dist/)');
  }
  // dist/ is fresh from the test setup; `--ignore-scripts` avoids building it a second time.
  const out = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], repoRoot)) as { filename: string; files: { path: string }[] }[];
  const first = out[0];
  if (first === undefined) throw new Error('npm pack printed no result');
  tarball = join(tmp, first.filename);
  packed = first.files.map((f) => f.path).sort();
  mkdirSync(proj);
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // No network: the package has no runtime dependencies, so an offline install needs no registry.
  npm(['install', '--offline', '--no-package-lock', tarball], proj);
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm package contents', () => {
  it('builds dist/ on `npm pack` (prepack)', () => {
    expect(pkg.scripts['prepack']).toBe('npm run build');
    expect(pkg.scripts['build']).toMatch(/tsc -p tsconfig\.build\.json/);
  });

  it('ships every export and bin target, LICENSE (MPL-2.0), README, CHANGELOG; no tests or sources', () => {
    for (const sub of subpaths) {
      const conds = pkg.exports[sub] as Record<string, string>;
      for (const target of Object.values(conds)) expect(packed).toContain(target.replace(/^\.\//, ''));
    }
    for (const target of Object.values(pkg.bin)) expect(packed).toContain(target.replace(/^\.\//, ''));
    expect(packed).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']));
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^Mozilla Public License, version 2\.0\n/);
    // gen-helper/: the Go source of `go-netrpc gen`'s helper, built with the user's Go on first use.
    const genHelper = (p: string): boolean => /^gen-helper\/(?:[\w-]+\.go|go\.mod|go\.sum)$/.test(p);
    expect(packed.filter((p) => !p.startsWith('dist/') && !genHelper(p) && !['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'].includes(p))).toEqual([]);
    expect(packed.filter(genHelper)).toEqual(expect.arrayContaining(['gen-helper/go.mod', 'gen-helper/go.sum']));
    expect(packed.filter((p) => /\.test\.|(^|\/)test\//.test(p))).toEqual([]);
  });

  it('source maps carry their TypeScript sources (src/ is not shipped)', () => {
    const maps = packed.filter((p) => p.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(installed, m), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, m).toBe(map.sources.length);
      expect(map.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0), m).toBe(true);
    }
  });

  it('has repository, homepage and keywords', () => {
    const meta = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(meta['repository']).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\//) });
    expect(meta['homepage']).toMatch(/^https:\/\//);
    expect((meta['keywords'] as string[]).length).toBeGreaterThan(3);
  });

  it('README links lead somewhere from npm: no repository-relative links', () => {
    const readme = readFileSync(join(installed, 'README.md'), 'utf8');
    const relative = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((u) => u !== undefined && !/^https?:\/\//.test(u));
    expect(relative).toEqual([]);
  });
});

describe('installed package', () => {
  it('every subpath imports from ESM', () => {
    const code = subpaths.map((s, i) => `import * as m${i} from '${specifier(s)}';\nconsole.log('${s}', Object.keys(m${i}).length, typeof m${i}.GoNetrpcError);`).join('\n');
    writeFileSync(join(proj, 'esm.mjs'), code);
    const r = node(['esm.mjs']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(subpaths.map((s) => expect.stringMatching(new RegExp(`^${s.replace('.', '\\.')} [1-9]\\d* function$`))));
  });

  it('every subpath requires from CommonJS (Node can require() ES modules) and is the same module as the ESM import', () => {
    const code = [
      "'use strict';",
      `const subs = ${JSON.stringify(subpaths.map(specifier))};`,
      'const out = [];',
      'for (const s of subs) { const m = require(s); out.push(`${s} ${Object.keys(m).length} ${typeof m.GoNetrpcError}`); }',
      "import('go-netrpc/gob').then((esm) => { out.push(`same ${esm.Encoder === require('go-netrpc/gob').Encoder}`); console.log(out.join('\\n')); });",
    ].join('\n');
    writeFileSync(join(proj, 'cjs.cjs'), code);
    const r = node(['cjs.cjs']);
    const lines = r.stdout.trim().split('\n');
    if (process.features.require_module === true) {
      expect(lines).toEqual([...subpaths.map((s) => expect.stringMatching(new RegExp(`^${specifier(s)} [1-9]\\d* function$`))), 'same true']);
    } else {
      // Node 20.0–20.18 and 22.0–22.11: require(esm) is unavailable; the README says ≥ 20.19 / ≥ 22.12.
      expect(r.stderr).toMatch(/ERR_REQUIRE_ESM/);
    }
  });

  it('the go-netrpc bin runs: --version, --help', () => {
    const bin = join(proj, 'node_modules', '.bin', 'go-netrpc');
    expect(existsSync(bin)).toBe(true);
    const v = spawnSync(bin, ['--version'], { cwd: proj, encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`go-netrpc ${pkg.version}\n`);
    const h = spawnSync(bin, ['--help'], { cwd: proj, encoding: 'utf8' });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^usage: go-netrpc /);
    const e = spawnSync(bin, ['gob', 'dump'], { cwd: proj, encoding: 'utf8', input: Buffer.from('0300ff', 'hex') });
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/^go-netrpc: [A-Z_]+/);
  });

  it('every README ```ts example (and a CommonJS consumer) type-checks under tsc --strict against the installed package', () => {
    const blocks = tsBlocks(readFileSync(join(installed, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    const dir = join(proj, 'readme');
    mkdirSync(dir, { recursive: true });
    for (const b of blocks) writeFileSync(join(dir, `line-${b.line}.mts`), `${b.code}\nexport {};\n`);
    // And a CommonJS consumer: require() of every subpath is typed (TypeScript's require(esm) support).
    const cjs = subpaths.map((s, i) => `import m${i} = require('${specifier(s)}');\nconst e${i}: typeof m${i}.GoNetrpcError = m${i}.GoNetrpcError;\nvoid e${i};`);
    writeFileSync(join(dir, 'cjs-consumer.cts'), `${cjs.join('\n')}\nimport gob = require('go-netrpc/gob');\nconst bytes: Uint8Array = new gob.Encoder().encode(1, gob.int);\nvoid bytes;\n`);
    writeFileSync(
      join(proj, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(repoRoot, 'node_modules', '@types')],
        },
        include: ['readme/*.mts', 'readme/*.cts'],
      }),
    );
    // The shipped .d.ts are checked too (skipLibCheck off); tsc takes seconds, more under load.
    const r = node([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], 240_000);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dir).length).toBe(blocks.length + 1);
  }, 300_000);
});
