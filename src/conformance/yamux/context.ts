/**
 * What a yamux case gets: fresh connections to the IUT (one session each), the IUT's declared
 * capabilities, and Go's timeouts scaled by `--time-scale`.
 */
import { Flag, FrameType } from '../../yamux/index.js';
import type { CaseDef, Outcome, Section } from '../types.js';
import { sessionAlive } from './driver.js';
import type { RawConn } from './raw-conn.js';

/** Optional IUT capabilities (declared with `--caps`, or by an adapter). */
export const CAPABILITIES = {
  /** Serves the `OPEN <n> <size>` command stream: opens streams towards the kit. */
  open: 'open',
  /** Uses hashicorp/yamux DefaultConfig timeouts multiplied by YAMUX_CONFORMANCE_TIME_SCALE. */
  timeouts: 'timeouts',
} as const;

/**
 * The yamux role of the IUT. Go's Session differs between the roles only in the ids it opens
 * (session.go newSession: client 1, 3, …; server 2, 4, …), so every case applies to both: the
 * kit plays the other role by swapping id parities on the wire ({@link RawConn.swapParity}).
 */
export type YamuxRole = 'server' | 'client';

export const YAMUX_ROLES: readonly YamuxRole[] = ['server', 'client'];

export interface YamuxCtx {
  /**
   * A new connection to the IUT. The kit plays the other role; case texts number streams as in
   * the server role (the kit's odd, the IUT's even); in the client role each is swapped on the wire.
   */
  connect(): Promise<RawConn>;
  readonly role: YamuxRole;
  readonly caps: ReadonlySet<string>;
  readonly timeScale: number;
  /** How long to wait for something Go does at once (a reply, an echo). */
  readonly replyMs: number;
  /** How long to wait before concluding that the IUT did NOT do something. */
  readonly quietMs: number;
}

/** Go's DefaultConfig durations (mux.go), before scaling. */
export const GO_TIMEOUTS = {
  keepAliveIntervalMs: 30_000,
  connectionWriteTimeoutMs: 10_000,
  streamOpenTimeoutMs: 75_000,
  streamCloseTimeoutMs: 300_000,
} as const;

/**
 * Go's timeouts times `scale`. Deviation from Go: the connection write timeout (which also bounds
 * the keepalive ping's reply) is never scaled below 2 s, so that bulk cases do not trip it on a
 * loaded machine; the IUT duty asks the same of every IUT.
 */
export function scaledTimeouts(scale: number): { keepAliveIntervalMs: number; connectionWriteTimeoutMs: number; streamOpenTimeoutMs: number; streamCloseTimeoutMs: number } {
  return {
    keepAliveIntervalMs: GO_TIMEOUTS.keepAliveIntervalMs * scale,
    connectionWriteTimeoutMs: Math.max(2000, GO_TIMEOUTS.connectionWriteTimeoutMs * scale),
    streamOpenTimeoutMs: GO_TIMEOUTS.streamOpenTimeoutMs * scale,
    streamCloseTimeoutMs: GO_TIMEOUTS.streamCloseTimeoutMs * scale,
  };
}

export type YamuxCase = CaseDef<YamuxCtx>;
export type YamuxSection = Section<YamuxCtx>;

export const ok = (expected: string, observed: string): Outcome => ({ verdict: 'pass', expected, observed });
export const nonStrict = (expected: string, observed: string): Outcome => ({ verdict: 'non-strict', expected, observed });
export const fail = (expected: string, observed: string): Outcome => ({ verdict: 'fail', expected, observed });
export const info = (expected: string, observed: string): Outcome => ({ verdict: 'info', expected, observed });

/**
 * Asks an IUT with the `open` capability to open `n` streams of `size` pattern bytes each
 * (command stream: "OPEN n size[ hold]\n" then FIN; the IUT answers "OK\n" and FIN). With
 * `hold` the IUT closes each stream only after our FIN.
 */
export function requestOpen(c: RawConn, cmdStream: number, n: number, size: number, hold = false): void {
  const cmd = Buffer.from(`OPEN ${n} ${size}${hold ? ' hold' : ''}\n`);
  c.send(FrameType.WindowUpdate, Flag.SYN, cmdStream, 0);
  c.send(FrameType.Data, 0, cmdStream, cmd.length, cmd);
  // FIN on its own WindowUpdate, as Go sends it (FIN on a Data frame is case 2.4's subject).
  c.send(FrameType.WindowUpdate, Flag.FIN, cmdStream, 0);
}

/** How the connection ended, for verdicts about fatal errors: GoAway codes then close. */
export function describeEnd(c: RawConn): string {
  // Runs of GoAways with the same code are folded ("GoAway(2)×488@11.8–37.4ms").
  const ga: string[] = [];
  const all = c.goAways();
  for (let i = 0; i < all.length; ) {
    const f = all[i] as (typeof all)[number];
    let j = i + 1;
    while (j < all.length && all[j]?.length === f.length) j++;
    const last = all[j - 1] as (typeof all)[number];
    ga.push(j - i === 1 ? `GoAway(${f.length})@${f.atMs}ms` : `GoAway(${f.length})×${j - i}@${f.atMs}–${last.atMs}ms`);
    i = j;
  }
  return `${ga.length > 0 ? `${ga.join(', ')}, ` : 'no GoAway, '}${c.closed ? `closed at ${c.closedAtMs} ms` : 'connection still open'}`;
}

/**
 * Verdict for an input that is a protocol error for Go: the session closes. Go queues
 * GoAway(protocol error) and closes the connection at once, so the GoAway is usually never
 * flushed: closing with no GoAway or with GoAway(1) passes; another GoAway code before closing,
 * or surviving intact (robust, but not Go), is non-strict; neither closing nor working fails.
 */
export async function expectProtocolError(ctx: YamuxCtx, c: RawConn, aliveStream: number, what: string): Promise<Outcome> {
  const expected = `${what}: the session closes (Go queues GoAway(1) and closes; any GoAway seen must carry code 1)`;
  await c.waitClosed(ctx.replyMs);
  const end = describeEnd(c);
  const ga = c.goAways();
  if (c.closed && ga.every((g) => g.length === 1)) return ok(expected, end);
  if (c.closed) return nonStrict(expected, end);
  if (await sessionAlive(c, aliveStream, ctx.replyMs)) return nonStrict(expected, `${end}; the session still echoes`);
  return fail(expected, `${end}; the session neither closed nor works`);
}
