/**
 * IUT adapters of `conformance gob`, selectable by name (`--iut NAME`): Go's encoding/gob
 * (go-testbed/cmd/gobconform filter, the calibration reference; typed, so it declares `typed`)
 * and go-netrpc's own CLI (`go-netrpc gob echo`, or `gob dump --json` in json mode). The npm
 * package gobts named by issue 11 is not published (npm view gobts: 404), so it has no adapter.
 */
import { ConformanceError } from '../errors.js';
import { selfCli } from '../yamux/adapters.js';
import type { GobMode } from './judge.js';
import { gobconformPath } from './tools.js';

export interface GobAdapter {
  readonly name: string;
  readonly description: string;
  readonly caps: readonly string[];
  argv(mode: GobMode): string[];
}

export const GOB_ADAPTERS: readonly GobAdapter[] = [
  {
    name: 'go',
    description: "Go 1.26 encoding/gob (go-testbed/cmd/gobconform filter), the reference",
    caps: ['typed'],
    argv: (mode) => [gobconformPath(), 'filter', ...(mode === 'json' ? ['-json'] : [])],
  },
  {
    name: 'go-netrpc',
    description: 'go-netrpc/gob (this package: `go-netrpc gob echo`, `gob dump --json`)',
    caps: [],
    argv: (mode) => [...selfCli(), 'gob', ...(mode === 'json' ? ['dump', '--json'] : ['echo'])],
  },
];

export function gobAdapterNamed(name: string): GobAdapter {
  const a = GOB_ADAPTERS.find((x) => x.name === name);
  if (a === undefined) throw new ConformanceError('USAGE', `unknown gob IUT adapter ${JSON.stringify(name)}; known: ${GOB_ADAPTERS.map((x) => x.name).join(', ')}`);
  return a;
}
