/**
 * `conformance gob`: measures the IUT's baseline (its time and memory on a small valid stream),
 * then runs every section against the IUT filter and returns the report. Bounds on hostile
 * streams: time ≤ (10 s + 10 × baseline) × time scale; max RSS ≤ baseline + 128 MiB. The IUT runs
 * of the selected cases are started `jobs` at a time ahead of the (sequential) judging.
 */
import { runSections } from '../runner.js';
import type { CaseResult, RunReport } from '../types.js';
import { GOB_SECTIONS, type GobCaseDef } from './catalogue.js';
import { GOB_CASE_SECTIONS, type GobCtx } from './cases.js';
import { execIut, type IutRun } from './exec.js';
import type { GobMode } from './judge.js';
import { inputOf, loadManifest } from './manifest.js';

export interface GobRunOptions {
  readonly iut: string;
  readonly argv: readonly string[];
  readonly caps: readonly string[];
  readonly mode: GobMode;
  readonly timeScale: number;
  /** IUT runs at a time (default 2). */
  readonly jobs?: number;
  readonly only?: readonly string[];
  readonly onCaseStart?: (id: string, title: string) => void;
  readonly onCase?: (r: CaseResult) => void;
  readonly onSection?: (id: string, title: string, results: readonly CaseResult[]) => void;
}

/** Hang detector for value cases (big values on a loaded machine): not a performance bound. */
const VALUE_LIMIT_MS = 120_000;

export async function runGobSuite(o: GobRunOptions): Promise<RunReport> {
  const manifest = loadManifest();
  const caps = new Set(o.caps);
  const started = new Date();
  const t0 = performance.now();
  let log = '';
  let startupMs = 0;
  const exec = async (name: string, trickle: boolean, timeoutMs: number): Promise<IutRun> => {
    const entry = manifest.get(name);
    if (entry === undefined) throw new Error(`corpus case ${name} is not in the manifest`);
    const input = await inputOf(entry);
    const r = await execIut({
      argv: o.argv,
      env: { GOB_CONFORMANCE_CASE: name, GOB_CONFORMANCE_MODE: o.mode },
      input,
      timeoutMs,
      maxOutputBytes: 64 * 1024 * 1024 + 8 * input.length,
      trickle,
      trickleAfterMs: startupMs,
    });
    if (r.stderr.trim() !== '') log = `${log}[${name}] ${r.stderr.trim().slice(-300)}\n`.slice(-4096);
    return r;
  };
  const base = await exec('struct_basic', false, VALUE_LIMIT_MS);
  startupMs = base.wallMs;
  const bounds = { timeMs: (10_000 + 10 * base.wallMs) * o.timeScale, rssKiB: base.maxRssKiB + 128 * 1024 };
  // Start the IUT runs ahead of the judging, `jobs` at a time, in case order.
  const only = o.only ?? [];
  const picked = (id: string): boolean => only.length === 0 || only.some((p) => id === p || id.startsWith(p.endsWith('.') ? p : `${p}.`));
  const queue: { def: GobCaseDef; hostile: boolean }[] = [];
  for (const s of GOB_SECTIONS) {
    if (s.kind === 'typed' && !caps.has('typed')) continue;
    for (const def of s.cases) if (picked(def.id)) queue.push({ def, hostile: s.kind !== 'value' });
  }
  const runs = new Map<string, Promise<IutRun>>();
  const gates = queue.map(() => {
    let open!: () => void;
    const p = new Promise<void>((r) => (open = r));
    return { p, open };
  });
  let next = 0;
  const startNext = (): void => {
    const i = next++;
    if (i < queue.length) gates[i]?.open();
  };
  queue.forEach((q, i) => {
    const run = (gates[i] as { p: Promise<void> }).p.then(() => exec(q.def.name, q.def.trickle === true, q.hostile ? bounds.timeMs + 1000 : VALUE_LIMIT_MS));
    runs.set(q.def.id, run);
    void run.finally(startNext).catch(() => {});
  });
  for (let j = 0; j < Math.max(1, o.jobs ?? 2); j++) startNext();
  const results = await runSections(GOB_CASE_SECTIONS, {
    caps,
    ...(o.only === undefined ? {} : { only: o.only }),
    limitFor: () => VALUE_LIMIT_MS + 30_000,
    makeCtx() {
      const ctx: GobCtx = {
        mode: o.mode,
        bounds,
        typed: caps.has('typed'),
        entry(name) {
          const e = manifest.get(name);
          if (e === undefined) throw new Error(`corpus case ${name} is not in the manifest`);
          return e;
        },
        exec: (def, hostile) => runs.get(def.id) ?? exec(def.name, def.trickle === true, hostile ? bounds.timeMs + 1000 : VALUE_LIMIT_MS),
      };
      return { ctx, dispose: () => {} };
    },
    onCaseStart: (id, title) => o.onCaseStart?.(id, title),
    onCase: (r) => o.onCase?.(r),
    onSection: (id, rs) => o.onSection?.(id, GOB_CASE_SECTIONS.find((s) => s.id === id)?.title ?? id, rs),
  });
  return {
    suite: 'gob',
    iut: o.iut,
    capabilities: [...caps],
    timeScale: o.timeScale,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    sections: GOB_CASE_SECTIONS.map((s) => ({ id: s.id, title: s.title })),
    results,
    ...(log === '' ? {} : { iutLog: log }),
  };
}
