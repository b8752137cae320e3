/**
 * Test helper: runs `conformance yamux` in-process against an adapter or a faulty go-netrpc IUT
 * (the kit's self-test), a few runs at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/conformance/matrix.js';
import { adapterNamed, selfCli } from '../../src/conformance/yamux/adapters.js';
import { execEndpoint } from '../../src/conformance/yamux/endpoint.js';
import type { Fault } from '../../src/conformance/yamux/faults.js';
import { runYamuxSuite } from '../../src/conformance/yamux/run.js';
import type { RunReport } from '../../src/conformance/types.js';
import { repoRoot } from '../helpers/go-peer.js';

/** The checked-in matrix, fixtures/conformance/yamux-matrix.json. */
export function loadMatrix(): Matrix {
  return JSON.parse(readFileSync(join(repoRoot, 'fixtures/conformance/yamux-matrix.json'), 'utf8')) as Matrix;
}

export interface KitRun {
  readonly adapter?: string;
  readonly fault?: Fault;
  readonly cases?: readonly string[];
  readonly timeScale?: number;
}

export async function runKit(r: KitRun): Promise<RunReport> {
  const timeScale = r.timeScale ?? 0.05;
  const env = { YAMUX_CONFORMANCE_TIME_SCALE: String(timeScale) };
  const name = r.adapter ?? 'go-netrpc';
  const argv = r.fault === undefined ? adapterNamed(name).argv() : [...selfCli(), 'conformance', 'yamux-iut', '--fault', r.fault];
  const endpoint = await execEndpoint(argv, env);
  try {
    return await runYamuxSuite({
      iut: r.fault === undefined ? name : `go-netrpc --fault ${r.fault}`,
      endpoint,
      caps: ['open', 'timeouts'],
      timeScale,
      ...(r.cases === undefined ? {} : { only: r.cases }),
    });
  } finally {
    await endpoint.close();
  }
}

/** Runs `jobs` with at most `n` at a time. */
export async function pool<T, R>(items: readonly T[], n: number, job: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await job(items[i] as T);
      }
    }),
  );
  return out;
}
