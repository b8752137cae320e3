/**
 * The second column of the interoperability matrix: go-testbed's plugin peers (and go-plugin's
 * examples/basic and examples/grpc netrpc plugin) built against the OLDEST go-plugin release,
 * v1.0.0 (2018-11, yamux of 2018-06, `SplitN` handshake parsing, capitalised errors), which still
 * builds with the current Go toolchain. They come from the committed module go-testbed/legacy
 * (go.mod + go.sum) and are built by the test setup into go-testbed/bin/legacy-<name>.
 */
import { existsSync } from 'node:fs';
import { goBin } from '../go-peer.js';

/** The oldest go-plugin release (first tag) that builds with the current Go toolchain. */
export const LEGACY_GO_PLUGIN_VERSION = 'v1.0.0';

export interface LegacyBinaries {
  readonly plugingo: string;
  readonly pluginhost: string;
  readonly basicHost: string;
  readonly basicGreeter: string;
  readonly kvNetrpc: string;
}

/** The legacy binaries built by the test setup (GO_TESTBED_CMDS must include `legacy` if set). */
export function legacyBinaries(): LegacyBinaries {
  const out: LegacyBinaries = {
    plugingo: goBin('legacy-plugingo'),
    pluginhost: goBin('legacy-pluginhost'),
    basicHost: goBin('legacy-basic-host'),
    basicGreeter: goBin('legacy-basic-greeter'),
    kvNetrpc: goBin('legacy-kv-netrpc'),
  };
  const missing = Object.values(out).filter((p) => !existsSync(p));
  if (missing.length > 0) throw new Error(`go-plugin v1.0.0 peers not built (${missing.join(', ')}): the test setup builds them unless GO_TESTBED_CMDS is set without \`legacy\``);
  return out;
}
