/**
 * Verdicts of `conformance gob`. A value case is judged by Go: `gobconform check` decodes the
 * IUT's output into the case's Go types and compares with the case's values (value identity,
 * reflect.DeepEqual's rules with floats by their bits), then with Go's own encoding (byte
 * identity: pass; value-identical with other bytes: non-strict). In --mode json the IUT's lines
 * are compared with Go's wire-view JSON of the values. A hostile case passes when the IUT
 * rejects the stream (non-zero exit, or an {"error": …} line in json mode) within the time and
 * memory bounds.
 */
import type { Outcome } from '../types.js';
import { describeRun, type IutRun } from './exec.js';
import { EOF_IN_MESSAGE, type ManifestEntry } from './manifest.js';
import { goTool } from './tools.js';

export type GobMode = 'bytes' | 'json';

/** Resource bounds of an IUT run on a hostile stream. */
export interface Bounds {
  readonly timeMs: number;
  readonly rssKiB: number;
}

interface CheckVerdict {
  values: number;
  decoded: number;
  decodeError?: string;
  mismatch?: string;
  valueIdentical: boolean;
  byteIdentical: boolean | null;
  byteNote?: string;
}

const fail = (expected: string, observed: string): Outcome => ({ verdict: 'fail', expected, observed });

/** The IUT's JSON lines, or why they are not. */
function jsonLines(out: Buffer): { lines: unknown[]; error?: string } {
  const lines: unknown[] = [];
  for (const raw of out.toString('utf8').split('\n')) {
    if (raw.trim() === '') continue;
    try {
      lines.push(JSON.parse(raw));
    } catch {
      return { lines, error: `line ${lines.length + 1} is not JSON: ${raw.slice(0, 80)}` };
    }
  }
  return { lines };
}

function errorLine(v: unknown): string | undefined {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { error?: unknown }).error === 'string') return (v as { error: string }).error;
  return undefined;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export async function judgeValue(e: ManifestEntry, run: IutRun, mode: GobMode): Promise<Outcome> {
  const n = e.values ?? 0;
  const expected = mode === 'json' ? `${n} wire-view JSON line(s) equal to Go's` : `Go decodes the output to the case's ${n} value(s), byte-identical to Go's encoding`;
  if (run.startError !== undefined || run.timedOut || run.overflow || run.signal !== undefined || run.exitCode !== 0) return fail(expected, describeRun(run));
  if (mode === 'json') {
    const want = jsonLines(await goTool(['expect', e.name])).lines;
    const got = jsonLines(run.stdout);
    if (got.error !== undefined) return fail(expected, got.error);
    const bad = want.findIndex((w, i) => !jsonEqual(w, got.lines[i]));
    if (bad >= 0) return fail(expected, `value ${bad}: Go ${JSON.stringify(want[bad]).slice(0, 160)}, IUT ${JSON.stringify(got.lines[bad] ?? null).slice(0, 160)}`);
    if (got.lines.length !== want.length) return fail(expected, `${got.lines.length} line(s)`);
    return { verdict: 'pass', expected, observed: `${n} equal line(s); ${describeRun(run)}` };
  }
  const v = JSON.parse((await goTool(['check', e.name], run.stdout)).toString('utf8')) as CheckVerdict;
  if (v.decodeError !== undefined) return fail(expected, `Go cannot decode the output (${v.decoded} of ${v.values} value(s) decoded): ${v.decodeError}`);
  if (!v.valueIdentical) return fail(expected, `values differ: ${v.mismatch ?? `${v.decoded} of ${v.values} value(s)`}`);
  if (v.byteIdentical === false) return { verdict: 'non-strict', expected, observed: `value-identical, but the bytes differ from Go's: ${v.byteNote ?? ''}` };
  const bytes = v.byteIdentical === null ? "value-identical (Go's map order is random: bytes not compared)" : "value- and byte-identical to Go's encoding";
  return { verdict: 'pass', expected, observed: `${bytes}; ${describeRun(run)}` };
}

export function judgeHostile(e: ManifestEntry, run: IutRun, mode: GobMode, bounds: Bounds, typed: boolean): Outcome {
  const goError = (typed ? e.goError : e.goErrorSchemaless) ?? e.goError ?? '';
  const quirk = goError.startsWith(EOF_IN_MESSAGE);
  const limits = `within ${Math.round(bounds.timeMs)} ms and ${Math.round(bounds.rssKiB / 1024)} MiB`;
  const expected = quirk ? `no value, ${limits} (Go: ${goError}); a robust IUT reports an error` : `an error ${limits} (Go: ${goError})`;
  const observed = describeRun(run);
  if (run.startError !== undefined) return fail(expected, observed);
  if (run.timedOut || run.wallMs > bounds.timeMs) return fail(expected, `too slow: ${observed}`);
  if (run.maxRssKiB > bounds.rssKiB) return fail(expected, `too much memory: ${observed}`);
  if (run.overflow) return fail(expected, observed);
  if (run.signal !== undefined) return fail(expected, `crashed: ${observed}`);
  let rejected = run.exitCode !== 0;
  let values = run.stdout.length;
  if (mode === 'json') {
    const { lines } = jsonLines(run.stdout);
    rejected ||= lines.some((l) => errorLine(l) !== undefined);
    values = lines.filter((l) => errorLine(l) === undefined).length;
  }
  if (rejected) return { verdict: 'pass', expected, observed };
  if (quirk && values === 0) return { verdict: 'pass', expected, observed: `no value and no error, as Go; ${observed}` };
  return fail(expected, `accepted the stream: ${observed}`);
}
