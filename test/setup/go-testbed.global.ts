/**
 * vitest globalSetup (every project): builds the go-testbed programs into go-testbed/bin and the
 * package itself into dist/ (so the `go-netrpc` bin and the packed package are tested as users
 * get them). Both are skipped when already newer than their sources (test/setup/go-build.ts), so
 * running it once per vitest project costs nothing after the first.
 *
 * A missing or too old Go toolchain fails the run with one clear message: conformance tests
 * never skip silently. The go-plugin v1.0.0 peers come from the committed module go-testbed/legacy.
 *
 * Development shortcuts (never set in CI): GO_TESTBED_CMDS=yamuxpeer,rpcpeer builds only those
 * programs (`legacy` names the v1.0.0 set, `rust-yamux-iut` the Rust IUT of test/setup/rust-build.ts,
 * `mattermost` / `argo` the ecosystem modules of test/setup/ecosystem-peers.ts);
 * GONETRPC_SKIP_DIST=1 skips building dist/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEcosystemModule, ECOSYSTEM_MODULES, ecosystemPrograms } from './ecosystem-peers.js';
import { buildGoPrograms, commandsOf, LEGACY_TARGETS, legacyDir, repoRoot, requireGo, targetsUpToDate, testbedDir, testbedTargets } from './go-build.js';
import { buildRustIut } from './rust-build.js';

/** Written after each dist/ build (outside dist/, which is published). */
const distStamp = join(repoRoot, 'node_modules', '.cache', 'go-netrpc-dist-stamp');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((e) => newestMtime(join(path, e))));
}

function distUpToDate(): boolean {
  if (!existsSync(distStamp) || !existsSync(join(repoRoot, 'dist', 'index.js'))) return false;
  const sources = Math.max(newestMtime(join(repoRoot, 'src')), ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => newestMtime(join(repoRoot, f))));
  return statSync(distStamp).mtimeMs >= sources;
}

/** The Packer peers: go-testbed/packer-sdk (packer-plugin-sdk, ugorji 1.2) and packer-legacy (packer v1.6.6, the 2015 ugorji). */
function buildPackerPeers(): void {
  try {
    execFileSync('sh', ['-c', 'command -v packer'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'go-netrpc test setup: `packer` is not on PATH. The Packer conformance tests run the real Packer 1.6.6 from ' +
        "Debian's packages and never skip: `apt-get install -y packer` (.ci/run does this when it is missing).",
    );
  }
  const steps: [string, string[], string][] = [
    ['go', ['build', '-o', '../bin/', './cmd/...'], join(testbedDir, 'packer-sdk')],
    ['sh', ['build.sh'], join(testbedDir, 'packer-legacy')],
  ];
  const names = [...commandsOf(join(testbedDir, 'packer-sdk')), ...commandsOf(join(testbedDir, 'packer-legacy'))];
  // Once per vitest project: skipped, like the other peers, while the binaries are newer than every Go source.
  if (targetsUpToDate(names)) return;
  process.stderr.write('go-netrpc: building the Packer test peers (go-testbed/packer-sdk, packer-legacy); the first run downloads the\n  packer-plugin-sdk and packer v1.6.6 module graphs and can take a few minutes.\n');
  for (const [cmd, args, cwd] of steps) {
    try {
      execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    } catch (err) {
      throw new Error(`go-netrpc test setup: \`${cmd} ${args.join(' ')}\` failed in ${cwd}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // go build leaves an unchanged binary untouched; mark it as checked against today's sources.
  const now = new Date();
  for (const n of names) utimesSync(join(testbedDir, 'bin', n), now, now);
}

export default function setup(): void {
  requireGo('npm test');
  const only = process.env['GO_TESTBED_CMDS'];
  const names = only ? only.split(',').map((c) => c.trim()).filter((c) => c !== '') : [...commandsOf(testbedDir), 'legacy'];
  const isPacker = (c: string): boolean => /packer|msgpack/.test(c);
  // Ecosystem peers (go-testbed/mattermost, go-testbed/argo): named by module or program.
  const ecosystem = ECOSYSTEM_MODULES.map((m) => m.dir).filter((m) => !only || names.includes(m) || ecosystemPrograms(m).some((p) => names.includes(p)));
  const isEcosystem = (c: string): boolean => ECOSYSTEM_MODULES.some((m) => m.dir === c || ecosystemPrograms(m.dir).includes(c));
  buildGoPrograms(testbedTargets(names.filter((n) => n !== 'legacy' && !isPacker(n) && !isEcosystem(n))));
  if (names.includes('legacy')) buildGoPrograms(LEGACY_TARGETS, { moduleDir: legacyDir });
  // Packer peers live in their own modules (ugorji 1.2 / packer-plugin-sdk, and the 2015 ugorji).
  if (!only || names.some(isPacker)) buildPackerPeers();
  // The Rust yamux crate as a conformance IUT (its own cargo project, go-testbed/rust-yamux-iut).
  if (!only || names.includes('rust-yamux-iut')) buildRustIut();
  for (const m of ecosystem) buildEcosystemModule(m);
  if (process.env['GONETRPC_SKIP_DIST'] !== '1' && !distUpToDate()) {
    const started = Date.now();
    // A clean build: files of renamed or deleted sources must not linger in the tested package.
    rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
    try {
      execFileSync(process.execPath, [`${repoRoot}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (err) {
      throw new Error(`go-netrpc test setup: building dist/ (tsc -p tsconfig.build.json) failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    mkdirSync(join(distStamp, '..'), { recursive: true });
    writeFileSync(distStamp, `${new Date(started).toISOString()}\n`);
    // Stamped with the start time: a source saved during the build makes the next run rebuild.
    utimesSync(distStamp, new Date(started), new Date(started));
  }
}
