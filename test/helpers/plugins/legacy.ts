/**
 * The second column of the interoperability matrix: go-testbed's plugin peers (and go-plugin's
 * examples/basic) built against the OLDEST go-plugin release, v1.0.0 (2018-11, yamux of 2018-06,
 * `SplitN` handshake parsing, capitalised errors), which still builds with the current Go
 * toolchain. Our own Go sources are copied into a throw-away module that requires
 * github.com/hashicorp/go-plugin v1.0.0; modules come from the Go module proxy; nothing is committed.
 * Binaries go to go-testbed/bin/legacy-<name>.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { goBin, repoRoot } from '../go-peer.js';

const run = promisify(execFile);

/** The oldest go-plugin release (first tag) that builds with the current Go toolchain. */
export const LEGACY_GO_PLUGIN_VERSION = 'v1.0.0';

export interface LegacyBinaries {
  readonly plugingo: string;
  readonly pluginhost: string;
  readonly basicHost: string;
  readonly basicGreeter: string;
  readonly kvNetrpc: string;
}

/** Builds the legacy peers (cached by the Go build cache after the first run). */
export async function buildLegacy(): Promise<LegacyBinaries> {
  const dir = await mkdtemp(join(tmpdir(), `gonetrpc-legacy-go-plugin-${LEGACY_GO_PLUGIN_VERSION}-`));
  await mkdir(join(dir, 'cmd'), { recursive: true });
  for (const name of ['pluginshared', 'plugingo', 'pluginhost']) {
    await cp(`${repoRoot}go-testbed/cmd/${name}`, join(dir, 'cmd', name), { recursive: true });
  }
  await writeFile(
    join(dir, 'go.mod'),
    `module github.com/go-netrpc/go-testbed\n\ngo 1.24\n\nrequire github.com/hashicorp/go-plugin ${LEGACY_GO_PLUGIN_VERSION}\n`,
  );
  const opts = { cwd: dir, timeout: 300_000 };
  await run('go', ['mod', 'tidy'], opts);
  const out: LegacyBinaries = {
    plugingo: goBin('legacy-plugingo'),
    pluginhost: goBin('legacy-pluginhost'),
    basicHost: goBin('legacy-basic-host'),
    basicGreeter: goBin('legacy-basic-greeter'),
    kvNetrpc: goBin('legacy-kv-netrpc'),
  };
  await run('go', ['build', '-o', out.plugingo, './cmd/plugingo'], opts);
  await run('go', ['build', '-o', out.pluginhost, './cmd/pluginhost'], opts);
  await run('go', ['build', '-o', out.basicHost, 'github.com/hashicorp/go-plugin/examples/basic'], opts);
  await run('go', ['build', '-o', out.basicGreeter, 'github.com/hashicorp/go-plugin/examples/basic/plugin'], opts);
  await run('go', ['build', '-o', out.kvNetrpc, 'github.com/hashicorp/go-plugin/examples/grpc/plugin-go-netrpc'], opts);
  return out;
}
