/**
 * `conformance rpc`: runs the sections of one role (or both) against the IUT's endpoints and
 * returns one report. Server-role sections are 1–6, client-role sections 7–9, so one IUT's runs
 * of both roles merge into one matrix column.
 */
import { runSections } from '../runner.js';
import type { CaseResult, RunReport } from '../types.js';
import { CLIENT_SECTIONS } from './cases-client.js';
import { calls, concurrency } from './cases-server-calls.js';
import { errors, malformed } from './cases-server-errors.js';
import { big, shutdown } from './cases-server-shutdown.js';
import type { RpcCtx, RpcSection } from './context.js';
import type { RpcEndpoint } from './endpoint.js';
import type { GobWire } from './gob-wire.js';

export const SERVER_SECTIONS: readonly RpcSection[] = [calls, concurrency, errors, malformed, big, shutdown];
export { CLIENT_SECTIONS };
export const RPC_SECTIONS: readonly RpcSection[] = [...SERVER_SECTIONS, ...CLIENT_SECTIONS];

export type Role = 'server' | 'client';

export interface RpcRunOptions {
  readonly iut: string;
  /** One endpoint per role to run. */
  readonly endpoints: Partial<Record<Role, RpcEndpoint>>;
  readonly only?: readonly string[];
  /** How long to wait for a reply Go gives at once (default 3000 ms). */
  readonly replyMs?: number;
  readonly onCaseStart?: (id: string, title: string) => void;
  readonly onCase?: (r: CaseResult) => void;
  readonly onSection?: (id: string, title: string, results: readonly CaseResult[]) => void;
}

export async function runRpcSuite(o: RpcRunOptions): Promise<RunReport> {
  const started = new Date();
  const t0 = performance.now();
  const replyMs = o.replyMs ?? 3000;
  const results: CaseResult[] = [];
  const logs: string[] = [];
  for (const role of ['server', 'client'] as const) {
    const endpoint = o.endpoints[role];
    if (endpoint === undefined) continue;
    const sections = role === 'server' ? SERVER_SECTIONS : CLIENT_SECTIONS;
    // The IUT's first connection may take a while (a process starting, a user starting a client).
    let first = true;
    results.push(
      ...(await runSections(sections, {
        caps: new Set(),
        ...(o.only === undefined ? {} : { only: o.only }),
        limitFor: (def) => def.limitMs ?? 30_000,
        makeCtx() {
          const conns: GobWire[] = [];
          const ctx: RpcCtx = {
            replyMs,
            quietMs: 300,
            async connect() {
              const w = await endpoint.take(first ? 25_000 : role === 'server' ? 10_000 : replyMs * 3);
              first = false;
              conns.push(w);
              return w;
            },
          };
          return {
            ctx,
            dispose: () => {
              for (const c of conns) c.destroy();
            },
          };
        },
        onCaseStart: (id, title) => o.onCaseStart?.(id, title),
        onCase: (r) => o.onCase?.(r),
        onSection: (id, rs) => o.onSection?.(id, sections.find((s) => s.id === id)?.title ?? id, rs),
      })),
    );
    const log = endpoint.log();
    if (log !== '') logs.push(`[${role}] ${log}`);
  }
  const roles = (['server', 'client'] as const).filter((r) => o.endpoints[r] !== undefined);
  return {
    suite: 'rpc',
    iut: o.iut,
    capabilities: roles.map((r) => `role:${r}`),
    timeScale: 1,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    sections: RPC_SECTIONS.map((s) => ({ id: s.id, title: s.title })),
    results,
    ...(logs.length === 0 ? {} : { iutLog: logs.join('\n') }),
  };
}
