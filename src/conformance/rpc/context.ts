/**
 * What an rpc case gets (connections to the IUT, how long to wait) and the verdict helpers the
 * case files share.
 */
import { int64 } from '../../gob/index.js';
import type { CaseDef, Outcome, Section } from '../types.js';
import type { GobWire, Reply } from './gob-wire.js';
import { Args } from './service.js';

export interface RpcCtx {
  /** Server role: a new connection to the IUT server. Client role: the next connection the IUT client dialed. */
  connect(): Promise<GobWire>;
  /** How long to wait for something Go does at once (a reply, a request). */
  readonly replyMs: number;
  /** How long to wait before concluding that the IUT did NOT do something. */
  readonly quietMs: number;
}

export type RpcCase = CaseDef<RpcCtx>;
export type RpcSection = Section<RpcCtx>;

export const ok = (expected: string, observed: string): Outcome => ({ verdict: 'pass', expected, observed });
export const nonStrict = (expected: string, observed: string): Outcome => ({ verdict: 'non-strict', expected, observed });
export const fail = (expected: string, observed: string): Outcome => ({ verdict: 'fail', expected, observed });
export const info = (expected: string, observed: string): Outcome => ({ verdict: 'info', expected, observed });

/** A reply as text for "observed". */
export function show(r: Reply<unknown>): string {
  const body = r.body instanceof Uint8Array ? `${r.body.length} bytes` : JSON.stringify(r.body, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  return `Response{${JSON.stringify(r.serviceMethod)}, Seq ${r.seq}, Error ${JSON.stringify(r.error)}}${r.error === '' ? ` body ${body}` : ''}`;
}

/** Sends Conf.Add{A, B} with `seq`. */
export function sendAdd(w: GobWire, seq: number | bigint, a: number, b: number): void {
  w.send(w.request('Conf.Add', seq, { A: a, B: b }, Args));
}

/**
 * Server role: the connection still serves calls — Conf.Add{20, 22} with `seq` must come back
 * as 42. Returns undefined when it does, else what was observed.
 */
export async function stillServes(ctx: RpcCtx, w: GobWire, seq: number): Promise<string | undefined> {
  sendAdd(w, seq, 20, 22);
  try {
    const r = await w.reply(int64, ctx.replyMs, 'the reply to a following Conf.Add');
    if (r.error === '' && r.body === 42 && r.seq === seq) return undefined;
    return `a following Conf.Add got ${show(r)}`;
  } catch (err) {
    const e = err as { observed?: string; message?: string };
    return `a following Conf.Add got no reply: ${e.observed ?? e.message}`;
  }
}
