/**
 * The heavy ecosystem peers of the examples (test/examples/): go-testbed/mattermost (Mattermost's
 * server/public plugin environment) and go-testbed/argo (Argo Rollouts' metric-provider plugin
 * packages, with the Kubernetes module graph). Each is its own Go module so the core peers stay
 * fast to build; their programs go to go-testbed/bin/ like the others. A build is skipped while
 * every binary is newer than every Go source of its module; a failed build (no Go, no module
 * proxy) fails the run with the command and its output: the examples never skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { commandsOf, testbedDir } from './go-build.js';

/** The ecosystem modules under go-testbed/ (used by test/examples/mattermost and test/examples/argo-rollouts). */
export const ECOSYSTEM_MODULES: readonly { readonly dir: string }[] = [{ dir: 'mattermost' }, { dir: 'argo' }];

function newestGoSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestGoSource(p));
    else if (/\.go$|^go\.(mod|sum)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** The programs of one ecosystem module (its cmd/<name> directories). */
export function ecosystemPrograms(module: string): string[] {
  return commandsOf(join(testbedDir, module));
}

/** Builds one module's programs into go-testbed/bin/ unless they are newer than its sources. */
export function buildEcosystemModule(module: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const dir = join(testbedDir, module);
  const names = ecosystemPrograms(module);
  const sources = newestGoSource(dir);
  const bin = (n: string): string => join(testbedDir, 'bin', n);
  if (names.every((n) => existsSync(bin(n)) && statSync(bin(n)).mtimeMs >= sources)) return;
  const started = Date.now();
  log(`go-netrpc: building the ${module} example peers (go-testbed/${module}: ${names.join(', ')}). The first run`);
  log('  downloads and compiles a large module graph and can take several minutes; later runs reuse the binaries.');
  try {
    execFileSync('go', ['build', '-o', '../bin/', './cmd/...'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  } catch (err) {
    throw new Error(`go-netrpc test setup: \`go build -o ../bin/ ./cmd/...\` failed in go-testbed/${module}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  // go build leaves an unchanged binary untouched; mark it as checked against today's sources.
  const now = new Date();
  for (const n of names) utimesSync(bin(n), now, now);
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
