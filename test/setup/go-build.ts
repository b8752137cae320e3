/**
 * Building the go-testbed programs, shared by the test setup (test/setup/go-testbed.global.ts)
 * and `npm run demo`: one Go version requirement (the `go` line of go-testbed/go.mod), one clear
 * message when Go is missing or too old, progress while a first run downloads modules and
 * compiles, and nothing to do when the binaries are newer than every Go source of their module.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const testbedDir = join(repoRoot, 'go-testbed');

/** Thrown when the Go toolchain is missing, too old, or a build fails; the message says what to do. */
export class GoToolchainError extends Error {
  override readonly name = 'GoToolchainError';
}

/** The minimum Go version, read from the `go` directive of go-testbed/go.mod (e.g. "1.24"). */
export function requiredGoVersion(moduleDir = testbedDir): string {
  const m = /^go\s+(\d+\.\d+)/m.exec(readFileSync(join(moduleDir, 'go.mod'), 'utf8'));
  if (m?.[1] === undefined) throw new GoToolchainError(`${moduleDir}/go.mod has no go directive`);
  return m[1];
}

function versionAtLeast(have: string, want: string): boolean {
  const [ha = 0, hb = 0] = have.split('.').map(Number);
  const [wa = 0, wb = 0] = want.split('.').map(Number);
  return ha > wa || (ha === wa && hb >= wb);
}

/** Checks that `go` is on PATH and new enough; returns its version ("1.26.8"). */
export function requireGo(purpose: string): string {
  const want = requiredGoVersion();
  const r = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const advice =
    `${purpose} builds small Go programs from go-testbed/ (real hashicorp/go-plugin, yamux and Go ` +
    `net/rpc peers). Install Go ${want} or newer (https://go.dev/dl/), make sure \`go\` is on PATH, and run it again.`;
  if (r.error !== undefined || r.status !== 0) {
    const why = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the Go toolchain (`go`) is not on PATH' : `\`go env GOVERSION\` failed: ${r.error?.message ?? r.stderr.trim()}`;
    throw new GoToolchainError(`${why}. ${advice}`);
  }
  const have = r.stdout.trim().replace(/^go/, '');
  if (!versionAtLeast(have, want)) throw new GoToolchainError(`found Go ${have}, need Go ${want} or newer. ${advice}`);
  return have;
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'bin' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSourceMtime(p));
    else if (/\.go$|^go\.(mod|sum)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when every `bin/<name>` exists and is newer than every .go, go.mod and go.sum of the module. */
export function binariesUpToDate(moduleDir: string, names: readonly string[]): boolean {
  const sources = newestSourceMtime(moduleDir);
  return names.every((n) => {
    const b = join(moduleDir, 'bin', n);
    return existsSync(b) && statSync(b).mtimeMs >= sources;
  });
}

/** Every `cmd/<name>` directory of a module that holds Go files (its programs). */
export function commandsOf(moduleDir: string): string[] {
  return readdirSync(join(moduleDir, 'cmd'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(join(moduleDir, 'cmd', e.name)).some((f) => f.endsWith('.go')))
    .map((e) => e.name)
    .sort();
}

/** One program to build: `bin/<name>` from package `pkg` (a path or an import path) of a module. */
export interface GoTarget {
  readonly name: string;
  readonly pkg: string;
}

/** go-testbed's own programs: every `cmd/<name>`. */
export function testbedTargets(names: readonly string[] = commandsOf(testbedDir)): GoTarget[] {
  return names.map((name) => ({ name, pkg: `./cmd/${name}` }));
}

/** The go-plugin v1.0.0 module (go-testbed/legacy, committed go.mod + go.sum). */
export const legacyDir = join(testbedDir, 'legacy');

/** Its programs, built into go-testbed/bin/legacy-<name>. */
export const LEGACY_TARGETS: readonly GoTarget[] = [
  { name: 'legacy-plugingo', pkg: './cmd/plugingo' },
  { name: 'legacy-pluginhost', pkg: './cmd/pluginhost' },
  { name: 'legacy-basic-host', pkg: 'github.com/hashicorp/go-plugin/examples/basic' },
  { name: 'legacy-basic-greeter', pkg: 'github.com/hashicorp/go-plugin/examples/basic/plugin' },
  { name: 'legacy-kv-netrpc', pkg: 'github.com/hashicorp/go-plugin/examples/grpc/plugin-go-netrpc' },
];

export interface BuildOptions {
  /** Module directory to build in (default go-testbed/). Binaries always go to go-testbed/bin/. */
  moduleDir?: string;
  /** Progress lines go here (default: stderr). */
  log?: (line: string) => void;
}

const binDir = join(testbedDir, 'bin');

/** True when every `go-testbed/bin/<name>` exists and is newer than every Go source of go-testbed (legacy/ included). */
export function targetsUpToDate(names: readonly string[]): boolean {
  return binariesUpToDate(testbedDir, names);
}

/**
 * Builds the targets into go-testbed/bin/ unless they are up to date. A first run downloads the
 * modules of go.sum (several MB) and compiles them: it says so, and shows one line per step
 * instead of only Go's `go: downloading` lines.
 */
export function buildGoPrograms(targets: readonly GoTarget[], opts: BuildOptions = {}): void {
  const dir = opts.moduleDir ?? testbedDir;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rel = dir.startsWith(repoRoot) ? dir.slice(repoRoot.length) : dir;
  const names = targets.map((t) => t.name);
  if (targets.length === 0 || targetsUpToDate(names)) return;
  const started = Date.now();
  const go = (args: string[]): void => {
    try {
      execFileSync('go', args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    } catch (err) {
      throw new GoToolchainError(`\`go ${args.join(' ')}\` failed in ${dir}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  };
  log(`go-netrpc: building the Go test peers in ${rel}/ (${names.join(', ')}).`);
  log('  The first run downloads hashicorp/go-plugin, yamux and their dependencies from the Go module');
  log('  proxy and compiles them; this can take a few minutes. Later runs reuse the binaries.');
  log(`  [1/${targets.length + 1}] go mod download (modules listed in ${rel}/go.sum)`);
  go(['mod', 'download']);
  targets.forEach((t, i) => {
    log(`  [${i + 2}/${targets.length + 1}] go build -o bin/${t.name} ${t.pkg}`);
    go(['build', '-o', join(binDir, t.name), t.pkg]);
  });
  // go build leaves an unchanged binary untouched; mark it as checked against today's sources.
  const now = new Date();
  for (const n of names) utimesSync(join(binDir, n), now, now);
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
