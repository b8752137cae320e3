/**
 * vitest globalSetup: builds the go-testbed programs into go-testbed/bin (skipped when they are
 * newer than their sources; see test/setup/go-build.ts), and the package itself into dist/ (so
 * the `go-netrpc` bin is tested as users run it).
 *
 * A missing or too old Go toolchain fails the run with one clear message: conformance tests
 * never skip silently.
 *
 * The go-plugin v1.0.0 peers come from the committed module go-testbed/legacy (go.mod + go.sum).
 *
 * Development shortcuts (never set in CI): GO_TESTBED_CMDS=yamuxpeer,rpcpeer builds only those
 * programs (`legacy` names the v1.0.0 set); GONETRPC_SKIP_DIST=1 skips building dist/.
 */
import { execFileSync } from 'node:child_process';
import { buildGoPrograms, commandsOf, LEGACY_TARGETS, legacyDir, repoRoot, requireGo, testbedDir, testbedTargets } from './go-build.js';

export default function setup(): void {
  requireGo('npm test');
  const only = process.env['GO_TESTBED_CMDS'];
  const names = only ? only.split(',').map((c) => c.trim()).filter((c) => c !== '') : [...commandsOf(testbedDir), 'legacy'];
  buildGoPrograms(testbedTargets(names.filter((n) => n !== 'legacy')));
  if (names.includes('legacy')) buildGoPrograms(LEGACY_TARGETS, { moduleDir: legacyDir });
  if (process.env['GONETRPC_SKIP_DIST'] !== '1') {
    try {
      execFileSync(process.execPath, [`${repoRoot}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (err) {
      throw new Error(`go-netrpc test setup: building dist/ (tsc -p tsconfig.build.json) failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
