/**
 * Builds go-plugin's own examples, unmodified, straight from the go-plugin module in the Go module
 * cache (go-testbed requires github.com/hashicorp/go-plugin, so `go build <import path>` inside
 * go-testbed compiles the example packages of that exact version; nothing is copied or committed).
 * Binaries go to go-testbed/bin/upstream-<name>.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { goBin, repoRoot } from '../go-peer.js';

const run = promisify(execFile);

/** Example packages by short name. */
export const UPSTREAM = {
  'basic-host': 'github.com/hashicorp/go-plugin/examples/basic',
  'basic-greeter': 'github.com/hashicorp/go-plugin/examples/basic/plugin',
  'grpc-host': 'github.com/hashicorp/go-plugin/examples/grpc',
  'kv-netrpc': 'github.com/hashicorp/go-plugin/examples/grpc/plugin-go-netrpc',
  'negotiated-host': 'github.com/hashicorp/go-plugin/examples/negotiated',
  'negotiated-plugin': 'github.com/hashicorp/go-plugin/examples/negotiated/plugin-go',
} as const;

export type UpstreamName = keyof typeof UPSTREAM;

/** Builds (go build caches, so repeated calls are cheap) and returns the binary path. */
export async function buildUpstream(name: UpstreamName): Promise<string> {
  const out = goBin(`upstream-${name}`);
  await run('go', ['build', '-o', out, UPSTREAM[name]], { cwd: `${repoRoot}go-testbed`, timeout: 300_000 });
  if (!existsSync(out)) throw new Error(`go build of ${UPSTREAM[name]} produced no binary`);
  return out;
}

/** The command that runs a TypeScript plugin entry point under tsx. */
export function tsPluginCommand(entry: string): { cmd: string; args: string[] } {
  // An absolute loader URL, so the command works from any working directory.
  const tsx = pathToFileURL(`${repoRoot}node_modules/tsx/dist/loader.mjs`).href;
  return { cmd: process.execPath, args: ['--import', tsx, `${repoRoot}test/helpers/plugins/${entry}`] };
}

/** Result of {@link runWith}. */
export interface RunWithResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a program to completion with a given env and cwd (stdin closed); never rejects on exit codes. */
export function runWith(
  file: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunWithResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { encoding: 'buffer', maxBuffer: 1 << 26, timeout: opts.timeoutMs ?? 60_000, env: opts.env ?? process.env, ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }) },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(err);
          return;
        }
        resolve({ code: child.exitCode, stdout, stderr: stderr.toString('utf8') });
      },
    );
    child.stdin?.end();
  });
}
