/**
 * Runs conformance sections case by case: one case at a time, each with a time limit, turning a
 * CaseFailure (or any exception) into a `fail` verdict with expected vs observed, and `needs`
 * that the IUT did not declare into `n/a`. Suite-independent.
 */
import { CaseFailure, type CaseDef, type CaseResult, type Outcome, type Section } from './types.js';

export interface RunHooks<Ctx> {
  /** A context for one case; `dispose` runs after the case (closes its connections). */
  makeCtx(): { ctx: Ctx; dispose(): void; check?(): Outcome | undefined };
  readonly caps: ReadonlySet<string>;
  /** Only cases whose id matches (`--cases 1.,3.4`): prefixes, comma separated. */
  readonly only?: readonly string[];
  /** Time limit of a case in ms. */
  limitFor(def: CaseDef<Ctx>): number;
  onCaseStart?(id: string, title: string): void;
  onCase?(r: CaseResult): void;
  onSection?(id: string, results: readonly CaseResult[]): void;
}

function selected(id: string, only: readonly string[] | undefined): boolean {
  return only === undefined || only.length === 0 || only.some((p) => id === p || id.startsWith(p.endsWith('.') ? p : `${p}.`));
}

export async function runSections<Ctx>(sections: readonly Section<Ctx>[], hooks: RunHooks<Ctx>): Promise<CaseResult[]> {
  const all: CaseResult[] = [];
  for (const section of sections) {
    const results: CaseResult[] = [];
    for (const def of section.cases) {
      if (!selected(def.id, hooks.only)) continue;
      const base = { id: def.id, section: section.id, title: def.title, rule: def.rule };
      const missing = (def.needs ?? []).filter((n) => !hooks.caps.has(n));
      let outcome: Outcome;
      const t0 = performance.now();
      if (missing.length > 0) {
        outcome = { verdict: 'n/a', expected: `needs capability ${missing.join(', ')}`, observed: 'not declared by the IUT' };
      } else {
        hooks.onCaseStart?.(def.id, def.title);
        const { ctx, dispose, check } = hooks.makeCtx();
        const limit = hooks.limitFor(def);
        let timer: NodeJS.Timeout | undefined;
        try {
          const timeout = new Promise<Outcome>((resolve) => {
            timer = setTimeout(() => resolve({ verdict: 'fail', expected: 'the case completes', observed: `no verdict within ${limit} ms (the IUT hangs)` }), limit);
          });
          outcome = await Promise.race([def.run(ctx), timeout]);
          if (outcome.verdict === 'pass' || outcome.verdict === 'non-strict') outcome = check?.() ?? outcome;
        } catch (err) {
          outcome = err instanceof CaseFailure ? { verdict: 'fail', expected: err.expected, observed: err.observed } : { verdict: 'fail', expected: 'the case runs', observed: `kit error: ${err instanceof Error ? err.message : String(err)}` };
        } finally {
          clearTimeout(timer);
          dispose();
        }
      }
      const r: CaseResult = { ...base, ...outcome, durationMs: Math.round(performance.now() - t0) };
      results.push(r);
      all.push(r);
      hooks.onCase?.(r);
    }
    if (results.length > 0) hooks.onSection?.(section.id, results);
  }
  return all;
}
