/**
 * The live terminal summary: one line per section as it completes, then a line per failed or
 * non-strict case with expected vs observed, and the totals.
 */
import { tally, type CaseResult, type RunReport, type Verdict } from './types.js';

const MARK: Record<Verdict, string> = { pass: 'ok', 'non-strict': 'NS', fail: 'FAIL', 'n/a': 'n/a', info: 'info' };

function counts(results: readonly CaseResult[]): string {
  const t = tally(results);
  return (Object.keys(t) as Verdict[])
    .filter((v) => t[v] > 0)
    .map((v) => `${t[v]} ${v}`)
    .join(', ');
}

/** `3  Flow control and window updates ........ 6 pass, 1 info  (1.2 s)` plus failing ids. */
export function sectionLine(id: string, title: string, results: readonly CaseResult[]): string {
  const ms = results.reduce((a, r) => a + r.durationMs, 0);
  const bad = results.filter((r) => r.verdict === 'fail').map((r) => r.id);
  const head = `${id.padEnd(3)}${title} `.padEnd(46, '.');
  return `${head} ${counts(results)}  (${(ms / 1000).toFixed(1)} s)${bad.length > 0 ? `  FAILED: ${bad.join(' ')}` : ''}`;
}

/** One line per case, for `--verbose`. */
export function caseLine(r: CaseResult): string {
  return `  ${MARK[r.verdict].padEnd(5)}${r.id.padEnd(6)}${r.title} (${r.durationMs} ms)`;
}

/** The closing block: details of fail / non-strict cases and totals. */
export function summary(report: RunReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.verdict !== 'fail' && r.verdict !== 'non-strict') continue;
    lines.push(`${MARK[r.verdict]} ${r.id} ${r.title}`, `     rule:     ${r.rule}`, `     expected: ${r.expected}`, `     observed: ${r.observed}`);
  }
  const strict = report.results.filter((r) => r.verdict !== 'n/a' && r.verdict !== 'info');
  const passed = strict.filter((r) => r.verdict === 'pass').length;
  lines.push(`${report.suite} conformance of ${report.iut}${report.role === undefined ? '' : ` (${report.role} role)`}: ${counts(report.results)} — ${passed}/${strict.length} strict (${((passed / Math.max(1, strict.length)) * 100).toFixed(0)} %), ${(report.durationMs / 1000).toFixed(1)} s, time scale ${report.timeScale}`);
  return lines.join('\n');
}
