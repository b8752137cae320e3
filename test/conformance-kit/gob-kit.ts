/**
 * Test helper: runs `conformance gob` in-process against an adapter, the dist CLI's filters, or
 * a faulty IUT (`gob-iut --fault`, Go's `gobconform filter -fault accept`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/conformance/matrix.js';
import { gobAdapterNamed } from '../../src/conformance/gob/adapters.js';
import type { GobFault } from '../../src/conformance/gob/faults.js';
import type { GobMode } from '../../src/conformance/gob/judge.js';
import { runGobSuite } from '../../src/conformance/gob/run.js';
import type { RunReport } from '../../src/conformance/types.js';
import { repoRoot } from '../helpers/go-peer.js';

/** The dist CLI (built by the vitest globalSetup): much faster to start than the sources under tsx. */
export const distCli = [process.execPath, join(repoRoot, 'dist/cli/main.js')];

/** go-netrpc's gob filters as users run them (`go-netrpc gob echo`, `gob dump --json`). */
export function goNetrpcArgv(mode: GobMode): string[] {
  return [...distCli, 'gob', ...(mode === 'json' ? ['dump', '--json'] : ['echo'])];
}

export interface GobKitRun {
  readonly iut: 'go' | 'go-netrpc' | 'go-accept';
  readonly fault?: GobFault;
  readonly mode?: GobMode;
  readonly cases?: readonly string[];
  readonly timeScale?: number;
}

export async function runGobKit(r: GobKitRun): Promise<RunReport> {
  const mode = r.mode ?? 'bytes';
  const go = gobAdapterNamed('go');
  const argv =
    r.iut === 'go' ? go.argv(mode) : r.iut === 'go-accept' ? [...go.argv(mode), '-fault', 'accept'] : r.fault !== undefined ? [...distCli, 'conformance', 'gob-iut', '--fault', r.fault] : goNetrpcArgv(mode);
  return runGobSuite({
    iut: r.fault !== undefined ? `go-netrpc --fault ${r.fault}` : r.iut,
    argv,
    caps: r.iut === 'go-netrpc' ? [] : ['typed'],
    mode,
    timeScale: r.timeScale ?? 1,
    jobs: 2,
    ...(r.cases === undefined ? {} : { only: r.cases }),
  });
}

/** The checked-in matrix, fixtures/conformance/gob-matrix.json. */
export function loadGobMatrix(): Matrix {
  return JSON.parse(readFileSync(join(repoRoot, 'fixtures/conformance/gob-matrix.json'), 'utf8')) as Matrix;
}

/** Verdicts by case id. */
export function verdicts(rep: RunReport): Record<string, string> {
  return Object.fromEntries(rep.results.map((x) => [x.id, x.verdict]));
}
