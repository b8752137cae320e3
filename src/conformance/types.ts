/**
 * The vocabulary shared by every conformance suite: verdicts, case definitions and results
 * (modelled on h2spec's numbered cases and Autobahn|Testsuite's strict / non-strict /
 * informational verdicts).
 */

/**
 * - `pass`: behaves as the Go reference does.
 * - `non-strict`: works, but deviates from Go's behaviour (still counts as a pass for the exit code).
 * - `fail`: violates the rule.
 * - `n/a`: needs an optional capability the IUT did not declare.
 * - `info`: informational only; the observation is recorded, no judgement.
 */
export type Verdict = 'pass' | 'non-strict' | 'fail' | 'n/a' | 'info';

export const VERDICTS: readonly Verdict[] = ['pass', 'non-strict', 'fail', 'n/a', 'info'];

/** What a case function returns. */
export interface Outcome {
  readonly verdict: Verdict;
  /** What the Go reference does (or what the rule demands). */
  readonly expected: string;
  /** What the IUT did. */
  readonly observed: string;
}

/** A numbered conformance case. */
export interface CaseDef<Ctx> {
  /** Stable id, `section.case`, e.g. `3.2`. Never renumbered; retired ids are not reused. */
  readonly id: string;
  readonly title: string;
  /** The rule checked: spec section and the Go source behaviour. */
  readonly rule: string;
  /** Optional IUT capabilities the case needs; without them the verdict is `n/a`. */
  readonly needs?: readonly string[];
  /** Upper bound for the case in ms (before `timeScale` is applied to Go's timeouts). */
  readonly limitMs?: number;
  run(ctx: Ctx): Promise<Outcome>;
}

/** A section of cases (one line of the terminal summary). */
export interface Section<Ctx> {
  readonly id: string;
  readonly title: string;
  readonly cases: readonly CaseDef<Ctx>[];
}

/** The result of one case, as reported. */
export interface CaseResult {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly rule: string;
  readonly verdict: Verdict;
  readonly expected: string;
  readonly observed: string;
  readonly durationMs: number;
}

/** A whole run against one IUT. */
export interface RunReport {
  readonly suite: string;
  readonly iut: string;
  /** The IUT's role where the protocol has two (yamux: `server` or `client`). */
  readonly role?: string;
  readonly capabilities: readonly string[];
  readonly timeScale: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly sections: readonly { readonly id: string; readonly title: string }[];
  readonly results: readonly CaseResult[];
  /** The IUT's stderr tail (exec adapters only), for diagnosing failures. */
  readonly iutLog?: string;
}

/** Counts per verdict. */
export function tally(results: readonly CaseResult[]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { pass: 0, 'non-strict': 0, fail: 0, 'n/a': 0, info: 0 };
  for (const r of results) t[r.verdict]++;
  return t;
}

/** Exit status: 0 only when no strict case failed. */
export function exitCodeOf(results: readonly CaseResult[]): number {
  return results.some((r) => r.verdict === 'fail') ? 1 : 0;
}

/** Thrown by case helpers when the IUT does not do something in time; the runner turns it into `fail`. */
export class CaseFailure extends Error {
  constructor(
    readonly expected: string,
    readonly observed: string,
  ) {
    super(`${expected}; observed ${observed}`);
  }
}
