/**
 * `conformance yamux`: runs every yamux section against one IUT endpoint and returns the report.
 */
import { runSections } from '../runner.js';
import type { CaseResult, RunReport } from '../types.js';
import { YAMUX_SECTIONS } from './cases.js';
import { GO_TIMEOUTS, type YamuxCtx, type YamuxRole } from './context.js';
import { checkViolations } from './driver.js';
import type { Endpoint } from './endpoint.js';
import type { RawConn } from './raw-conn.js';

export interface YamuxRunOptions {
  readonly iut: string;
  readonly endpoint: Endpoint;
  readonly caps: readonly string[];
  /** The IUT's yamux role (default server); the IUT must have been started in it. */
  readonly role?: YamuxRole;
  readonly timeScale: number;
  readonly only?: readonly string[];
  /** A time limit for some cases instead of the default (e.g. shorter for cases known to hang). */
  readonly caseLimitMs?: (id: string) => number | undefined;
  readonly onCaseStart?: (id: string, title: string) => void;
  readonly onCase?: (r: CaseResult) => void;
  readonly onSection?: (id: string, title: string, results: readonly CaseResult[]) => void;
}

export async function runYamuxSuite(o: YamuxRunOptions): Promise<RunReport> {
  const caps = new Set(o.caps);
  const role = o.role ?? 'server';
  const started = new Date();
  const t0 = performance.now();
  const replyMs = 3000;
  const longest = Math.max(...Object.values(GO_TIMEOUTS)) * o.timeScale;
  const results = await runSections(YAMUX_SECTIONS, {
    caps,
    ...(o.only === undefined ? {} : { only: o.only }),
    limitFor: (def) => o.caseLimitMs?.(def.id) ?? (def.limitMs ?? 30_000) + ((def.needs ?? []).includes('timeouts') ? longest * 2.5 : 0),
    makeCtx() {
      const conns: RawConn[] = [];
      const ctx: YamuxCtx = {
        caps,
        role,
        timeScale: o.timeScale,
        replyMs,
        quietMs: 300,
        async connect() {
          const c = await o.endpoint.take(10_000);
          c.swapParity = role === 'client';
          conns.push(c);
          return c;
        },
      };
      return {
        ctx,
        dispose: () => {
          for (const c of conns) c.destroy();
        },
        check: () => {
          try {
            for (const c of conns) checkViolations(c);
            return undefined;
          } catch (err) {
            const e = err as { expected: string; observed: string };
            return { verdict: 'fail', expected: e.expected, observed: e.observed };
          }
        },
      };
    },
    onCaseStart: (id, title) => o.onCaseStart?.(id, title),
    onCase: (r) => o.onCase?.(r),
    onSection: (id, rs) => o.onSection?.(id, YAMUX_SECTIONS.find((s) => s.id === id)?.title ?? id, rs),
  });
  const log = o.endpoint.log();
  return {
    suite: 'yamux',
    iut: o.iut,
    role,
    capabilities: [...caps],
    timeScale: o.timeScale,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    sections: YAMUX_SECTIONS.map((s) => ({ id: s.id, title: s.title })),
    results,
    ...(log === '' ? {} : { iutLog: log }),
  };
}
