/**
 * JUnit XML (`--junit FILE`) for CI: one testsuite per section, one testcase per case;
 * fail → <failure>, n/a → <skipped>, non-strict and info → <system-out> notes.
 */
import type { RunReport } from './types.js';

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string).split('').filter((c) => c >= ' ' || c === '\n' || c === '\t' || c === '\r').join('');
}

export function junitXml(report: RunReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlEscape(`${report.suite} conformance: ${report.iut}${report.role === undefined ? '' : ` (${report.role} role)`}`)}" tests="${report.results.length}" failures="${report.results.filter((r) => r.verdict === 'fail').length}" time="${(report.durationMs / 1000).toFixed(3)}">`];
  for (const s of report.sections) {
    const rs = report.results.filter((r) => r.section === s.id);
    if (rs.length === 0) continue;
    const time = rs.reduce((a, r) => a + r.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xmlEscape(`${s.id} ${s.title}`)}" tests="${rs.length}" failures="${rs.filter((r) => r.verdict === 'fail').length}" skipped="${rs.filter((r) => r.verdict === 'n/a').length}" time="${time.toFixed(3)}">`);
    for (const r of rs) {
      const detail = `rule: ${r.rule}\nexpected: ${r.expected}\nobserved: ${r.observed}`;
      out.push(`    <testcase classname="${xmlEscape(`${report.suite}.${s.id}`)}" name="${xmlEscape(`${r.id} ${r.title}`)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      if (r.verdict === 'fail') out.push(`      <failure message="${xmlEscape(r.observed)}">${xmlEscape(detail)}</failure>`);
      else if (r.verdict === 'n/a') out.push(`      <skipped message="${xmlEscape(r.expected)}"/>`);
      else out.push(`      <system-out>${xmlEscape(`${r.verdict}\n${detail}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
