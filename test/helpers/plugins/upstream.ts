/**
 * Builds go-plugin's own examples, unmodified, straight from the go-plugin module in the Go module
 * cache (go-testbed requires github.com/hashicorp/go-plugin, so `go build <import path>` inside
 * go-testbed compiles the example packages of that exact version; nothing is copied or committed).
 * Binaries go to go-testbed/bin/upstream-<name>.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { goBin, repoRoot } from '../go-peer.js';

const run = promisify(execFile);

/** Example packages by short name. */
export const UPSTREAM = {
  'basic-host': 'github.com/hashicorp/go-plugin/examples/basic',
  'basic-greeter': 'github.com/hashicorp/go-plugin/examples/basic/plugin',
  'grpc-host': 'github.com/hashicorp/go-plugin/examples/grpc',
  'kv-netrpc': 'github.com/hashicorp/go-plugin/examples/grpc/plugin-go-netrpc',
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
  return { cmd: process.execPath, args: ['--import', 'tsx', `${repoRoot}test/helpers/plugins/${entry}`] };
}
