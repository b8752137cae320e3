/**
 * Builds and runs the Go helper (gen-helper/, Go source shipped in the npm package): built with
 * the user's `go` on first use into a cache directory keyed by the helper's source hash, the Go
 * version and the platform, then reused. The helper loads packages with golang.org/x/tools
 * go/packages (so module downloads, build tags and vendoring behave as `go build`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GenError } from './errors.js';

/** Directory of the helper's Go sources (src/gen → ../../gen-helper, also from dist/gen). */
export const HELPER_DIR = fileURLToPath(new URL('../../gen-helper/', import.meta.url));

/** Options shared by the helper functions. */
export interface GoToolOptions {
  /** The `go` command (default `go` on PATH). */
  readonly goCommand?: string;
  /** Where built helpers are cached (default `$XDG_CACHE_HOME/go-netrpc` or `~/.cache/go-netrpc`). */
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
}

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCommand(file: string, args: readonly string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal | undefined }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // a helper that exits early: its exit status tells why
    child.stdin.end(opts.input ?? '');
  });
}

function aborted(signal: AbortSignal | undefined, cause: unknown): GenError | undefined {
  return signal?.aborted === true ? new GenError('ABORTED', 'go-netrpc gen: aborted', { cause: signal.reason ?? cause }) : undefined;
}

/** `go env GOVERSION GOOS GOARCH`; GenError GO_NOT_FOUND when Go is missing. */
export async function goVersion(opts: GoToolOptions = {}): Promise<string> {
  const go = opts.goCommand ?? 'go';
  let r: Ran;
  try {
    r = await runCommand(go, ['env', 'GOVERSION', 'GOOS', 'GOARCH'], { signal: opts.signal });
  } catch (cause) {
    throw (
      aborted(opts.signal, cause) ??
      new GenError(
        'GO_NOT_FOUND',
        `go-netrpc gen needs the Go toolchain to read Go packages, but \`${go}\` could not be run (${(cause as Error).message}). Install Go ≥ 1.22 (https://go.dev/dl/) and make sure \`go\` is on PATH.`,
        { cause },
      )
    );
  }
  if (r.code !== 0) throw new GenError('GO_NOT_FOUND', `go-netrpc gen: \`${go} env GOVERSION\` failed: ${r.stderr.trim()}`);
  return r.stdout.trim().split(/\s+/).join('-');
}

/** Hash of the helper's sources (go.mod, go.sum, *.go), which keys the cache. */
export function helperSourceHash(dir: string = HELPER_DIR): string {
  const h = createHash('sha256');
  const files = readdirSync(dir).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort();
  for (const f of files) h.update(`${f}\0`).update(readFileSync(join(dir, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** The default cache directory. */
export function defaultCacheDir(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'go-netrpc');
}

/** Path of the built helper, building it first if the cache has none for this source and Go. */
export async function ensureHelper(opts: GoToolOptions = {}): Promise<string> {
  const go = opts.goCommand ?? 'go';
  const version = await goVersion(opts);
  const key = `${helperSourceHash()}-${version.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const dir = join(opts.cacheDir ?? defaultCacheDir(), `gen-helper-${key}`);
  const bin = join(dir, process.platform === 'win32' ? 'gen-helper.exe' : 'gen-helper');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  let r: Ran;
  try {
    r = await runCommand(go, ['build', '-trimpath', '-o', tmp, '.'], {
      cwd: HELPER_DIR,
      env: { ...process.env, GOWORK: 'off', GOFLAGS: '-mod=readonly' },
      signal: opts.signal,
    });
  } catch (cause) {
    throw aborted(opts.signal, cause) ?? new GenError('HELPER_BUILD_FAILED', `go-netrpc gen: could not run \`${go} build\`: ${(cause as Error).message}`, { cause });
  }
  if (r.code !== 0) {
    rmSync(tmp, { force: true });
    throw new GenError(
      'HELPER_BUILD_FAILED',
      `go-netrpc gen: building the Go helper in ${HELPER_DIR} with ${version} failed (it needs golang.org/x/tools from the module proxy or cache):\n${r.stderr.trim()}`,
    );
  }
  renameSync(tmp, bin); // atomic: concurrent first runs both end with a complete binary
  return bin;
}

/** What the helper is asked for (gen-helper/main.go `request`). */
export interface HelperRequest {
  readonly dir: string;
  readonly patterns: readonly string[];
  readonly types: readonly string[];
  readonly services: readonly string[];
  readonly register: readonly string[];
  readonly tags: string;
}

/** Runs the helper on a request; resolves to its JSON output. */
export async function runHelper(request: HelperRequest, opts: GoToolOptions = {}): Promise<string> {
  const bin = await ensureHelper(opts);
  let r: Ran;
  try {
    r = await runCommand(bin, [], { cwd: request.dir, input: JSON.stringify(request), signal: opts.signal });
  } catch (cause) {
    throw aborted(opts.signal, cause) ?? new GenError('GO_LOAD_FAILED', `go-netrpc gen: could not run the Go helper ${bin}: ${(cause as Error).message}`, { cause });
  }
  if (r.code !== 0) throw new GenError('GO_LOAD_FAILED', `go-netrpc gen: ${r.stderr.trim() || `the Go helper exited with status ${r.code}`}`);
  return r.stdout;
}
