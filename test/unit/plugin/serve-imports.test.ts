/**
 * Start-up guard (issue 14.8): what a TS plugin loads before it can print its handshake. Walks the
 * static import graph of src/ (dynamic `import()` is first use, not import time) from the plugin
 * entries and checks that the serve path loads no host-side module and none of the lazily loaded
 * Node built-ins, and that `go-netrpc/plugin/serve` loads fewer files than `go-netrpc/plugin`
 * (Node's ES module loader costs about 1 ms per file: test/bench/RESULTS.md).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as plugin from 'go-netrpc/plugin';
import * as pluginServe from 'go-netrpc/plugin/serve';
import { repoRoot } from '../../helpers/go-peer.js';

const staticImport = /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** Files (relative to src/) and `node:` built-ins loaded at import time of `entry`. */
function staticGraph(entry: string): { files: Set<string>; builtins: Set<string> } {
  const files = new Set<string>();
  const builtins = new Set<string>();
  const walk = (file: string): void => {
    const rel = relative(join(repoRoot, 'src'), file);
    if (files.has(rel)) return;
    files.add(rel);
    for (const m of readFileSync(file, 'utf8').matchAll(staticImport)) {
      const spec = m[1] ?? m[2] ?? '';
      if (spec.startsWith('node:')) builtins.add(spec);
      else if (spec.startsWith('.')) walk(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
    }
  };
  walk(join(repoRoot, 'src', entry));
  return { files, builtins };
}

describe('plugin start-up: the serve path loads only what serve() needs', () => {
  const serveOnly = staticGraph('plugin/serve-entry.ts');
  const full = staticGraph('plugin/index.ts');

  it('the walk sees type-only imports as free and finds the serve path', () => {
    expect(serveOnly.files).toContain('plugin/serve.ts');
    expect(serveOnly.files).toContain('rpc/index.ts');
    expect(serveOnly.files).toContain('yamux/index.ts');
    expect(full.files).toContain('plugin/host.ts');
  });

  it('go-netrpc/plugin/serve loads no host-side or rarely used plugin module', () => {
    for (const f of ['host.ts', 'process.ts', 'managed.ts', 'secure.ts', 'rpc-client.ts', 'connect.ts', 'automtls.ts', 'der.ts', 'exit-watch.ts', 'pid-watch.ts', 'host-logging.ts', 'host-options.ts']) {
      expect(serveOnly.files, f).not.toContain(`plugin/${f}`);
    }
    expect(serveOnly.files.size).toBeLessThan(full.files.size);
  });

  it('neither plugin entry loads tls, crypto or child_process at import time', () => {
    for (const g of [serveOnly, full]) {
      for (const b of ['node:tls', 'node:crypto', 'node:child_process']) expect([...g.builtins]).not.toContain(b);
    }
  });

  it('go-netrpc/plugin/serve exports the same objects as go-netrpc/plugin', () => {
    expect(pluginServe.serve).toBe(plugin.serve);
    expect(pluginServe.PluginError).toBe(plugin.PluginError);
    expect(pluginServe.PluginErrorCode).toBe(plugin.PluginErrorCode);
    expect(pluginServe.GoNetrpcError).toBe(plugin.GoNetrpcError);
  });
});
