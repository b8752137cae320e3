/**
 * Client role: how a case drives the IUT client through one scenario. The kit is the server:
 * it answers the client's Conf.Next with the scenario name, plays its side of the scenario on
 * that connection (each case decides how it answers), then takes the client's next connection
 * and reads Conf.Report, the lines the client printed for its calls (see duty.ts).
 */
import { bool, int64, string as gobString, type Descriptor, type Infer } from '../../gob/index.js';
import { CaseFailure } from '../types.js';
import type { RpcCtx } from './context.js';
import type { GobWire } from './gob-wire.js';
import { Args, Report, type Scenario } from './service.js';

export interface ScenarioRun<T> {
  /** The lines of the client's Conf.Report, one per call. */
  readonly lines: readonly string[];
  /** Seq of the client's Conf.Next call (Go: 0, the first call of a client). */
  readonly nextSeq: number | bigint;
  /** What the kit's side of the scenario returned. */
  readonly served: T;
  /** The scenario's connection. */
  readonly wire: GobWire;
}

/** A request read by the kit's server. */
export interface Call<D extends Descriptor> {
  readonly serviceMethod: string;
  readonly seq: number | bigint;
  readonly body: Infer<D>;
}

/** Reads one request whose body is `type`; fails the case if it is not `method`. */
export async function readCall<D extends Descriptor>(ctx: RpcCtx, w: GobWire, method: string, type: D, ms = ctx.replyMs): Promise<Call<D>> {
  const c = await w.call(type, ms, `a ${method} request`);
  if (c.serviceMethod !== method) throw new CaseFailure(`a ${method} request`, `a request for ${JSON.stringify(c.serviceMethod)}`);
  return { serviceMethod: c.serviceMethod, seq: c.seq, body: c.body as Infer<D> };
}

/** Answers a request the normal way. */
export function answer<D extends Descriptor>(w: GobWire, c: { serviceMethod: string; seq: number | bigint }, value: Infer<D>, type: D): void {
  w.send(w.response(c.serviceMethod, c.seq, '', value, type));
}

/**
 * Runs `name` on the next connection of the IUT client: Conf.Next → name, then `serve` plays
 * the kit's side, then the report is read from the client's following connection.
 */
export async function runScenario<T>(ctx: RpcCtx, name: Scenario, serve: (w: GobWire) => Promise<T>): Promise<ScenarioRun<T>> {
  let w: GobWire | undefined;
  let next: { seq: number | bigint } | undefined;
  // A Report left over by an earlier case that gave up is answered and skipped.
  for (let tries = 0; tries < 3 && next === undefined; tries++) {
    w = await ctx.connect();
    const c = await w.call(null, ctx.replyMs, 'the client\'s first request, Conf.Next');
    if (c.serviceMethod === 'Conf.Report') {
      w.send(w.response('Conf.Report', c.seq, '', true, bool));
      continue;
    }
    if (c.serviceMethod !== 'Conf.Next') throw new CaseFailure('Conf.Next as the first call of a connection', `a request for ${JSON.stringify(c.serviceMethod)}`);
    next = c;
  }
  if (w === undefined || next === undefined) throw new CaseFailure('Conf.Next as the first call of a connection', 'only stale reports');
  w.send(w.response('Conf.Next', next.seq, '', name, gobString));
  const served = await serve(w);
  const r = await ctx.connect();
  const rep = await readCall(ctx, r, 'Conf.Report', Report, ctx.replyMs * 3);
  answer(r, rep, true, bool);
  if (rep.body.Scenario !== name) throw new CaseFailure(`the report of scenario ${name}`, `a report of ${JSON.stringify(rep.body.Scenario)}`);
  return { lines: rep.body.Lines, nextSeq: next.seq, served, wire: w };
}

/** Reads `n` Conf.Add requests without answering. */
export async function readAdds(ctx: RpcCtx, w: GobWire, n: number): Promise<Call<typeof Args>[]> {
  const out: Call<typeof Args>[] = [];
  for (let i = 0; i < n; i++) out.push(await readCall(ctx, w, 'Conf.Add', Args));
  return out;
}

/** Reads one Conf.Add and answers A + B. */
export async function serveAdd(ctx: RpcCtx, w: GobWire): Promise<Call<typeof Args>> {
  const call = await readCall(ctx, w, 'Conf.Add', Args);
  answer(w, call, call.body.A + call.body.B, int64);
  return call;
}

/** Compares report lines with the expected ones. */
export function sameLines(got: readonly string[], want: readonly string[]): boolean {
  return got.length === want.length && got.every((l, i) => l === want[i]);
}
