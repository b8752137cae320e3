/**
 * Test helper: runs `conformance yamux` in-process against an adapter or a faulty go-netrpc IUT
 * (the kit's self-test), a few runs at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/conformance/matrix.js';
import { adapterNamed, selfCli } from '../../src/conformance/yamux/adapters.js';
import { execEndpoint } from '../../src/conformance/yamux/endpoint.js';
import type { YamuxRole } from '../../src/conformance/yamux/context.js';
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
  /** The IUT's yamux role (default server). */
  readonly role?: YamuxRole;
  readonly fault?: Fault;
  readonly cases?: readonly string[];
  readonly timeScale?: number;
  /** A shorter time limit for some cases (e.g. those expected to fail by hanging). */
  readonly caseLimitMs?: (id: string) => number | undefined;
}

export async function runKit(r: KitRun): Promise<RunReport> {
  const timeScale = r.timeScale ?? 0.05;
  const role = r.role ?? 'server';
  const env = { YAMUX_CONFORMANCE_TIME_SCALE: String(timeScale), YAMUX_CONFORMANCE_ROLE: role };
  const name = r.adapter ?? 'go-netrpc';
  const argv = r.fault === undefined ? adapterNamed(name).argv() : [...selfCli(), 'conformance', 'yamux-iut', '--fault', r.fault];
  const endpoint = await execEndpoint(argv, env);
  try {
    return await runYamuxSuite({
      iut: r.fault === undefined ? name : `go-netrpc --fault ${r.fault}`,
      role,
      endpoint,
      caps: adapterNamed(name).caps,
      timeScale,
      ...(r.cases === undefined ? {} : { only: r.cases }),
      ...(r.caseLimitMs === undefined ? {} : { caseLimitMs: r.caseLimitMs }),
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

/** A generated failure list, fixtures/conformance/yamux-<iut>-<role>-failures.txt: case id → verdict (fail or non-strict). */
export function loadFailureList(key: string): Map<string, string> {
  const text = readFileSync(join(repoRoot, `fixtures/conformance/yamux-${key}-failures.txt`), 'utf8');
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [id, verdict] = line.split(' ');
    if (id !== undefined && verdict !== undefined) m.set(id, verdict);
  }
  return m;
}

/**
 * How a live run disagrees with a failure list: a listed case must still fail (or be non-strict),
 * an unlisted one must pass (or be info / n/a). Empty when they agree.
 */
export function disagreements(rep: RunReport, listed: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const r of rep.results) {
    const failing = r.verdict === 'fail' || r.verdict === 'non-strict';
    if (listed.has(r.id) && !failing) out.push(`${r.id} is listed as ${listed.get(r.id)} but is ${r.verdict} now (${r.observed.slice(0, 200)})`);
    if (!listed.has(r.id) && failing) out.push(`${r.id} is not listed but is ${r.verdict}: ${r.observed.slice(0, 300)}`);
  }
  return out;
}
