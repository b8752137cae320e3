/**
 * The Autobahn-style matrix: several runs side by side (`--matrix`), as JSON (checked into
 * fixtures/conformance/) and as one self-contained HTML page (no scripts, no external assets).
 * The HTML is a pure function of the JSON, so a checked-in page can be verified against it.
 */
import { xmlEscape } from './report-junit.js';
import { tally, type CaseResult, type RunReport, type Verdict } from './types.js';

export interface Matrix {
  readonly suite: string;
  readonly timeScale: number;
  readonly cases: readonly { readonly id: string; readonly section: string; readonly title: string; readonly rule: string }[];
  readonly sections: readonly { readonly id: string; readonly title: string }[];
  readonly iuts: readonly MatrixColumn[];
}

/** One column: an IUT in one role (yamux runs each adapter as server and as client). */
export interface MatrixColumn {
  readonly name: string;
  readonly role?: string;
  readonly capabilities: readonly string[];
  readonly durationMs: number;
  readonly results: readonly CaseResult[];
}

/** A column's label and anchor: the IUT name, then its role when it has one (`hashicorp-client`). */
export function columnKey(c: { readonly name: string; readonly role?: string | undefined }): string {
  return c.role === undefined ? c.name : `${c.name}-${c.role}`;
}

export function buildMatrix(reports: readonly RunReport[]): Matrix {
  const first = reports[0];
  const seen = new Map<string, CaseResult>();
  for (const rep of reports) for (const r of rep.results) if (!seen.has(r.id)) seen.set(r.id, r);
  return {
    suite: first?.suite ?? 'yamux',
    timeScale: first?.timeScale ?? 1,
    sections: first?.sections ?? [],
    cases: [...seen.values()].map((r) => ({ id: r.id, section: r.section, title: r.title, rule: r.rule })),
    iuts: reports.map((r) => ({ name: r.iut, ...(r.role === undefined ? {} : { role: r.role }), capabilities: r.capabilities, durationMs: r.durationMs, results: r.results })),
  };
}

/** What the cases of each suite cite, for the page's subtitle. */
const CITES: Record<string, string> = {
  yamux: 'hashicorp/yamux spec.md and the Go v0.1.2 behaviour',
  gob: 'Go 1.26 encoding/gob (doc.go, encode.go, decode.go); Go itself judges every output',
  rpc: "Go's net/rpc (server.go, client.go) and encoding/gob behaviour",
};

const COLOR: Record<Verdict, string> = { pass: '#3c9a3c', 'non-strict': '#c9a227', fail: '#c8372d', 'n/a': '#9a9a9a', info: '#4a7bc8' };
const LABEL: Record<Verdict, string> = { pass: 'Pass', 'non-strict': 'Non-strict', fail: 'Fail', 'n/a': 'N/A', info: 'Info' };

/** A self-contained HTML page for a matrix (one IUT is a one-column matrix). */
export function matrixHtml(m: Matrix): string {
  const e = xmlEscape;
  const head = m.iuts.map((i) => `<th>${e(i.name)}${i.role === undefined ? '' : ` <i>${e(i.role)}</i>`}<br><small>${i.capabilities.map(e).join(', ') || 'no capabilities'}</small></th>`).join('');
  const totals = m.iuts
    .map((i) => {
      const t = tally(i.results);
      const strict = t.pass + t['non-strict'] + t.fail;
      return `<td class="tot">${t.pass}/${strict} strict<br><small>${t['non-strict']} non-strict · ${t.fail} fail · ${t['n/a']} n/a · ${t.info} info<br>${(i.durationMs / 1000).toFixed(1)} s</small></td>`;
    })
    .join('');
  const rows: string[] = [];
  for (const s of m.sections) {
    const cs = m.cases.filter((c) => c.section === s.id);
    if (cs.length === 0) continue;
    rows.push(`<tr class="sec"><td colspan="${m.iuts.length + 1}">${e(s.id)} ${e(s.title)}</td></tr>`);
    for (const c of cs) {
      const cells = m.iuts
        .map((i) => {
          const r = i.results.find((x) => x.id === c.id);
          if (r === undefined) return '<td class="v" style="background:#eee">–</td>';
          return `<td class="v" style="background:${COLOR[r.verdict]}" title="${e(`expected: ${r.expected}\nobserved: ${r.observed}`)}"><a href="#${e(`${columnKey(i)}-${c.id}`)}">${LABEL[r.verdict]}</a><br><small>${r.durationMs} ms</small></td>`;
        })
        .join('');
      rows.push(`<tr><td class="case" title="${e(c.rule)}"><b>${e(c.id)}</b> ${e(c.title)}</td>${cells}</tr>`);
    }
  }
  const details: string[] = [];
  for (const i of m.iuts) {
    details.push(`<h2>${e(i.name)}${i.role === undefined ? '' : ` (${e(i.role)} role)`}</h2><table class="d"><tr><th>Case</th><th>Verdict</th><th>Rule</th><th>Expected</th><th>Observed</th></tr>`);
    for (const r of i.results) {
      details.push(`<tr id="${e(`${columnKey(i)}-${r.id}`)}"><td>${e(r.id)} ${e(r.title)}</td><td style="color:${COLOR[r.verdict]}"><b>${LABEL[r.verdict]}</b></td><td>${e(r.rule)}</td><td>${e(r.expected)}</td><td>${e(r.observed)}</td></tr>`);
    }
    details.push('</table>');
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(m.suite)} conformance matrix — go-netrpc</title>
<style>
body{font:14px/1.35 system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin-bottom:24px}
td,th{border:1px solid #fff;padding:4px 8px;vertical-align:top}
th{background:#333;color:#fff}
td.v{color:#fff;text-align:center;min-width:90px}td.v a{color:#fff;text-decoration:none;font-weight:600}
tr.sec td{background:#ddd;font-weight:600}
td.case{background:#f4f4f4;max-width:460px}
td.tot{background:#f4f4f4;text-align:center}
table.d td{border:1px solid #ddd;font-size:12px;max-width:420px}
.legend span{display:inline-block;color:#fff;padding:2px 8px;margin-right:4px}
</style></head><body>
<h1>${e(m.suite)} conformance matrix</h1>
<p>go-netrpc conformance kit · time scale ${m.timeScale} · cases cite ${e(CITES[m.suite] ?? 'the Go behaviour they check')}; hover a cell for expected vs observed.${m.iuts.some((i) => i.role === 'client') ? ' In the <i>client</i> role the IUT is the yamux client and the kit the server: case texts number streams as in the server role (the kit odd, the IUT even); on the wire each id is swapped with its partner (1↔2, 3↔4, …).' : ''}</p>
<p class="legend">${(Object.keys(COLOR) as Verdict[]).map((v) => `<span style="background:${COLOR[v]}">${LABEL[v]}</span>`).join('')}</p>
<table><tr><th>Case</th>${head}</tr><tr><td class="case"><b>Total</b></td>${totals}</tr>
${rows.join('\n')}
</table>
${details.join('\n')}
</body></html>
`;
}

/**
 * The failure list of one column as text (fixtures/conformance/<suite>-<iut>[-<role>]-failures.txt):
 * one line per case that failed or was non-strict, with what was observed — the kit's replacement
 * for a hand-kept expected-failure list.
 */
export function failureList(m: Matrix, key: string): string {
  const run = m.iuts.find((i) => columnKey(i) === key);
  const what = run === undefined ? key : `${run.name}${run.role === undefined ? '' : ` (${run.role} role)`}`;
  const lines = [`# ${m.suite} conformance of ${what}: cases that fail or are non-strict (generated by \`go-netrpc conformance ${m.suite} --matrix\`; do not edit).`];
  for (const r of run?.results ?? []) {
    if (r.verdict !== 'fail' && r.verdict !== 'non-strict') continue;
    lines.push(`${r.id} ${r.verdict} ${r.title}: ${r.observed.replace(/\s*\n\s*/g, ' ').replace(/; \d+ frame\(s\) received.*$/, '')}`);
  }
  return `${lines.join('\n')}\n`;
}
