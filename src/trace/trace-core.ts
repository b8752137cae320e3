/**
 * What a live trace and `trace read` share: the proxy-level events, one decoder per connection
 * and the closing summary. Live, the proxy feeds it what it sees and it records the same inputs
 * in the raw capture; offline, replay.ts feeds it the capture's records. Decoded events carry
 * the timestamp of the chunk they came from, so both produce the same transcript.
 */
import type { CaptureWriter } from './capture-writer.js';
import type { TapCodec } from './capture-format.js';
import type { Side, TraceEvent } from './events.js';
import { MAX_LISTED, SessionTap, type SessionTapOptions } from './session-tap.js';
import { MethodStats } from './stats.js';

interface ConnTap {
  readonly tap: SessionTap;
  /** A direction whose decoder threw is switched off (reported once). */
  readonly off: Record<Side, boolean>;
}

/** The decoders of a trace and its summary. */
export class TraceCore {
  private readonly stats = new MethodStats();
  private readonly taps = new Map<number, ConnTap>();
  private readonly sessions: SessionTap[] = [];
  private chunkT = 0;

  /**
   * `live` false (`trace --no-live`): connections are only recorded in `capture` (which must be
   * given), not decoded; `trace read` decodes them later, and there is no summary now.
   */
  constructor(
    private readonly emit: (e: TraceEvent) => void,
    private readonly options: SessionTapOptions = {},
    private readonly capture?: CaptureWriter,
    readonly live = true,
  ) {}

  /**
   * A proxy-level event: written to the capture and the transcript. A connection closed by one
   * side first lets its decoder report what that close means (a keepalive timeout) just before.
   */
  event(e: TraceEvent): void {
    this.capture?.event(e);
    if (e.kind === 'conn' && e.state === 'closed' && e.by !== undefined) {
      this.chunkT = e.t;
      this.taps.get(e.conn)?.tap.closedBy(e.t, e.by);
    }
    this.emit(e);
  }

  /** Connection `conn` is decoded from time `t` on. */
  openTap(t: number, conn: number, codec: TapCodec): void {
    this.capture?.tap(t, conn, codec);
    if (!this.live) return;
    const tap = new SessionTap(conn, this.emit, () => this.chunkT, this.stats, { ...this.options, codec });
    this.taps.set(conn, { tap, off: { host: false, plugin: false } });
    this.sessions.push(tap);
  }

  /** `chunk` was relayed on `conn` from `from` at time `t`. */
  data(t: number, conn: number, from: Side, chunk: Uint8Array): void {
    this.capture?.data(t, conn, from, chunk);
    const c = this.taps.get(conn);
    if (c === undefined || c.off[from]) return;
    this.chunkT = t;
    c.tap.expire(t);
    try {
      (from === 'host' ? c.tap.fromHost : c.tap.fromPlugin).push(chunk);
    } catch (err) {
      c.off[from] = true;
      this.emit({ kind: 'note', t, message: `decoder stopped on ${from} bytes of connection ${conn}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  /** Time reached `t` (the proxy's timer for {@link nextDeadline}): reports overdue keepalive pings. */
  tick(t: number): void {
    this.capture?.tick(t);
    this.chunkT = t;
    for (const s of this.sessions) s.expire(t);
  }

  /** The earliest keepalive deadline of any connection, if one is pending. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const s of this.sessions) {
      const d = s.nextDeadline();
      if (d !== undefined && (next === undefined || d < next)) next = d;
    }
    return next;
  }

  /** The trace ends at `t`: calls still pending are unanswered; the summary is emitted. */
  end(t: number): void {
    this.capture?.end(t);
    this.chunkT = t;
    for (const s of this.sessions) s.expire(t);
    if (!this.live) return;
    for (const s of this.sessions) s.finish();
    const unansweredCalls = this.sessions.flatMap((s) => s.unansweredCalls).slice(0, MAX_LISTED);
    this.emit({ kind: 'summary', t, methods: this.stats.summary(), unanswered: this.sessions.reduce((n, s) => n + s.unanswered, 0), unansweredCalls });
  }

  /** Writes what the capture has queued. */
  flush(): void {
    this.capture?.flush();
  }
}
