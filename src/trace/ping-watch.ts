/**
 * Watches yamux keepalive pings on one traced connection (hashicorp/yamux session.go
 * `keepalive` / `Ping` / `handlePing`): a Ping with SYN carries an opaque id, the peer answers with
 * an ACK of the same id. Go waits `ConnectionWriteTimeout` (10 s) for the answer and then closes
 * the session with "keepalive timeout" by closing its connection (session.go `keepalive` →
 * `exitErr(ErrKeepAliveTimeout)` → `conn.Close()`: no GoAway). The watch reports a ping
 * unanswered that long, an answer that came later, and (whatever timeout the peer was configured
 * with: `ConnectionWriteTimeout` is a per-program setting) a side that closes the connection
 * while its own ping is still unanswered. Deadlines are checked when time is known to have
 * passed (a later chunk, or the proxy's timer through {@link PingWatch.expire}), so an offline
 * replay reports the same.
 */
import { DEFAULT_CONFIG, Flag, type FrameHeader } from '../yamux/index.js';
import type { Side } from './events.js';

/** Outstanding pings remembered per connection; further ones are not watched. */
const MAX_PINGS = 1024;

/**
 * A side closing the connection with a ping of its own younger than this is a close that raced a
 * ping, not a keepalive timeout (a Go `ConnectionWriteTimeout` is seconds; tests use 500 ms).
 */
export const MIN_KEEPALIVE_CLOSE_MS = 50;

/** Receives what the watch notices (`what` is the transcript text). */
export type PingReport = (t: number, from: Side, what: string) => void;

/** Default deadline: Go's `ConnectionWriteTimeout`. */
export const KEEPALIVE_TIMEOUT_MS = DEFAULT_CONFIG.connectionWriteTimeoutMs;

/** Ping bookkeeping of one connection. */
export class PingWatch {
  /** `${side}:${id}` → send time, in send order. */
  private readonly out = new Map<string, number>();
  private readonly late = new Set<string>();

  constructor(
    private readonly report: PingReport,
    private readonly timeoutMs = KEEPALIVE_TIMEOUT_MS,
  ) {}

  /** A Ping frame from `from` at `t`. */
  frame(t: number, from: Side, h: FrameHeader): void {
    this.expire(t);
    if (h.flags & Flag.SYN) {
      if (this.out.size < MAX_PINGS) this.out.set(`${from}:${h.length}`, t);
      return;
    }
    if (!(h.flags & Flag.ACK)) return;
    const key = `${from === 'host' ? 'plugin' : 'host'}:${h.length}`;
    if (this.late.delete(key)) this.report(t, from, `the answer to keepalive ping ${h.length}, too late: Go's yamux had already given up`);
    else this.out.delete(key);
  }

  /**
   * `by` closed the connection at `t`. If its oldest ping is still unanswered (and was not
   * reported overdue already), that is how Go's yamux ends a session on a keepalive timeout.
   * No ping of a closed connection is watched any more.
   */
  closedBy(t: number, by: Side): void {
    this.expire(t);
    let oldest: [string, number] | undefined;
    for (const [key, sent] of this.out) {
      if (key.startsWith(`${by}:`)) {
        oldest = [key.slice(by.length + 1), sent];
        break;
      }
    }
    this.out.clear();
    this.late.clear();
    if (oldest === undefined || t - oldest[1] < MIN_KEEPALIVE_CLOSE_MS) return;
    const [id, sent] = oldest;
    const other = by === 'host' ? 'plugin' : 'host';
    this.report(
      t,
      by,
      `keepalive ping ${id}, then closed the connection ${Math.round(t - sent)} ms later without an answer from the ${other}: ` +
        `a keepalive timeout (Go's yamux logs "[ERR] yamux: keepalive failed" and ends the session with "keepalive timeout"); ` +
        `the ${other} stopped reading its connection: is it hung, stopped (SIGSTOP, a debugger) or overloaded?`,
    );
  }

  /** Reports every ping unanswered for the timeout at time `t`. */
  expire(t: number): void {
    for (const [key, sent] of this.out) {
      if (t - sent < this.timeoutMs) break; // in send order: the rest are younger
      this.out.delete(key);
      if (this.late.size < MAX_PINGS) this.late.add(key);
      const [side, id] = key.split(':') as [Side, string];
      this.report(sent + this.timeoutMs, side, `keepalive ping ${id}, unanswered for ${this.timeoutMs / 1000} s: a Go ${side} closes the session now ("keepalive timeout")`);
    }
  }

  /** When the oldest outstanding ping times out, if any. */
  nextDeadline(): number | undefined {
    const first = this.out.values().next();
    return first.done === true ? undefined : first.value + this.timeoutMs;
  }
}
