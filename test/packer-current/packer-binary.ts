/**
 * A current Packer binary for `npm run test:packer-current`, built once from the Go module proxy
 * and cached outside the repository (`$XDG_CACHE_HOME` or `~/.cache`, then
 * `go-netrpc/packer-VERSION/packer`).
 *
 * `go install github.com/hashicorp/packer@vX` refuses Packer's go.mod (it has a replace
 * directive for go-cty), so this downloads the module (`go mod download -json`) and runs
 * `go build` inside its directory in the module cache, where that go.mod is the main module.
 * Nothing there is written: the binary goes to a temporary name in the cache directory and is
 * renamed when complete, so an interrupted build is never taken for a finished one.
 *
 * `PACKER_CURRENT_BIN=/path/to/packer` skips the build; `PACKER_CURRENT_VERSION` picks the version
 * (default 1.11.2, the one recorded in the reference notes; it builds with Go ≥ 1.21).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PACKER_CURRENT_VERSION = process.env['PACKER_CURRENT_VERSION'] ?? '1.11.2';

/** Where the binary is cached. */
export function cachedPackerPath(version = PACKER_CURRENT_VERSION): string {
  const root = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(root, 'go-netrpc', `packer-${version}`, 'packer');
}

function goEnv(): NodeJS.ProcessEnv {
  // A GOFLAGS of the caller (-mod=vendor, -mod=mod) would not fit a module in the module cache.
  return { ...process.env, GOFLAGS: '' };
}

/** The module's directory in the Go module cache (downloads it on first use). */
function moduleDir(version: string): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `github.com/hashicorp/packer@v${version}`], { encoding: 'utf8', env: goEnv(), cwd: homedir() });
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (info.Error !== undefined || info.Dir === undefined) throw new Error(`go mod download github.com/hashicorp/packer@v${version}: ${info.Error ?? 'no Dir'}`);
  return info.Dir;
}

/** A runnable Packer of the current line, building it if needed; says what it did and how long it took. */
export function currentPacker(log: (line: string) => void): string {
  const given = process.env['PACKER_CURRENT_BIN'];
  if (given !== undefined && given !== '') return given;
  const bin = cachedPackerPath();
  if (existsSync(bin)) {
    log(`using the cached Packer ${PACKER_CURRENT_VERSION}: ${bin}`);
    return bin;
  }
  log(`building Packer ${PACKER_CURRENT_VERSION} from the Go module proxy into ${bin} (once; minutes and ~2 GB of module cache)`);
  const started = Date.now();
  const dir = moduleDir(PACKER_CURRENT_VERSION);
  mkdirSync(join(bin, '..'), { recursive: true });
  const tmp = `${bin}.tmp${process.pid}`;
  // nice: the build takes both cores for minutes; keep the machine usable meanwhile.
  const hasNice = spawnSync('sh', ['-c', 'command -v nice'], { stdio: 'ignore' }).status === 0;
  const [cmd, args] = hasNice ? ['nice', ['-n', '10', 'go', 'build', '-trimpath', '-o', tmp, '.']] : ['go', ['build', '-trimpath', '-o', tmp, '.']];
  const r = spawnSync(cmd, args, { cwd: dir, env: goEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`building Packer ${PACKER_CURRENT_VERSION} in ${dir} failed (exit ${String(r.status)}${r.error ? `: ${r.error.message}` : ''})`);
  }
  renameSync(tmp, bin);
  log(`built Packer ${PACKER_CURRENT_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return bin;
}
