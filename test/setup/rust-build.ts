/**
 * Building the Rust yamux IUT (go-testbed/rust-yamux-iut: the `yamux` crate from crates.io) into
 * go-testbed/bin/rust-yamux-iut for the conformance kit's `--iut rust-yamux` adapter. Like the Go
 * peers it is skipped while the binary is newer than Cargo.toml, Cargo.lock and src/; cargo's own
 * output goes to go-testbed/bin/.rust-target (ignored by git and by the Go source scan). A cold
 * build (crates download and compile) took 158 s on the loaded 2-core machine. A missing cargo
 * fails the run with one clear message: the Rust column of the conformance matrix never skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './go-build.js';

export const rustIutDir = join(repoRoot, 'go-testbed', 'rust-yamux-iut');
const binary = join(repoRoot, 'go-testbed', 'bin', 'rust-yamux-iut');
const targetDir = join(repoRoot, 'go-testbed', 'bin', '.rust-target');

function newestSource(): number {
  const files = ['Cargo.toml', 'Cargo.lock', ...readdirSync(join(rustIutDir, 'src')).map((f) => join('src', f))];
  return Math.max(...files.map((f) => statSync(join(rustIutDir, f)).mtimeMs));
}

/** cargo on PATH, or rustup's default place (CARGO_HOME or ~/.cargo). */
function findCargo(): string | undefined {
  const candidates = ['cargo', join(process.env['CARGO_HOME'] ?? join(homedir(), '.cargo'), 'bin', 'cargo')];
  return candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
}

export function rustIutUpToDate(): boolean {
  return existsSync(binary) && statSync(binary).mtimeMs >= newestSource();
}

export function buildRustIut(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (rustIutUpToDate()) return;
  const cargo = findCargo();
  if (cargo === undefined) {
    throw new Error(
      'go-netrpc test setup: `cargo` is not on PATH (nor in ~/.cargo/bin). The yamux conformance matrix runs the Rust ' +
        '`yamux` crate (go-testbed/rust-yamux-iut) and never skips it: install Rust (rustup or `apt-get install -y cargo`).',
    );
  }
  const started = Date.now();
  log('go-netrpc: building the Rust yamux IUT (go-testbed/rust-yamux-iut, cargo build --release --locked).');
  log('  The first run downloads the yamux crate and its dependencies from crates.io and compiles them (about 3 minutes).');
  try {
    execFileSync(cargo, ['build', '--release', '--locked', '--quiet', '--target-dir', targetDir], { cwd: rustIutDir, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    throw new Error(`go-netrpc test setup: \`cargo build\` failed in ${rustIutDir}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  copyFileSync(join(targetDir, 'release', 'rust-yamux-iut'), binary);
  const now = new Date();
  utimesSync(binary, now, now);
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
