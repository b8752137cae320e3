/**
 * Session configuration with hashicorp/yamux v0.1.2 defaults (mux.go `Config`, `DefaultConfig`,
 * `VerifyConfig`). Durations are milliseconds, named with an `Ms` suffix; go-plugin always uses
 * the Go defaults, so the defaults here are what a Go peer expects.
 */
import { INITIAL_STREAM_WINDOW } from './constants.js';
import { YamuxError } from './errors.js';

/**
 * Options of a yamux session. Every field defaults to hashicorp/yamux `DefaultConfig()`, except
 * the two resource caps Go does not have (maxSessionBufferedBytes, maxQueuedPingReplies).
 */
export interface YamuxConfig {
  /**
   * Maximum inbound streams waiting in the accept queue (overflow is answered with RST), and
   * maximum outbound streams opened but not yet ACKed (further `open()` calls wait).
   * Go `AcceptBacklog`. Defaults to 256.
   */
  readonly acceptBacklog?: number;
  /** Send a Ping every keepAliveIntervalMs and close the session if it is not answered. Go `EnableKeepAlive`. Defaults to true. */
  readonly enableKeepAlive?: boolean;
  /** Interval between keepalive pings. Go `KeepAliveInterval`. Defaults to 30 000 ms. */
  readonly keepAliveIntervalMs?: number;
  /**
   * How long a ping may wait for its ACK (keepalive failure closes the session), and how long the
   * transport may refuse bytes (`write()` false without 'drain') before the session closes.
   * Go `ConnectionWriteTimeout`. Defaults to 10 000 ms.
   */
  readonly connectionWriteTimeoutMs?: number;
  /** Receive window per stream in bytes; at least 256 KiB. Go `MaxStreamWindowSize`. Defaults to 262 144. */
  readonly maxStreamWindowSize?: number;
  /**
   * Receive-window auto-tuning ceiling in bytes: a stream whose application has read everything
   * received by the time a WindowUpdate is due doubles its receive window (grants the extra in
   * that WindowUpdate), up to this size, within the session's maxSessionBufferedBytes. The window
   * never grows for an application that leaves data unread, so a slow reader holds no more than
   * with Go's fixed window. Set it to 0 (or to maxStreamWindowSize) for Go's fixed window.
   * Deviation from Go: hashicorp/yamux keeps the window at MaxStreamWindowSize, which limits one
   * stream to ~256 KiB per round trip; Go peers accept a WindowUpdate of any size at any time
   * (`incrSendWindow`), so nothing changes on the wire for them but the deltas.
   * Defaults to 8 MiB (measured: 1 stream of bulk data at 0.72× raw TCP with 1 MiB, 0.87× with 8 MiB, 0.85× with 16 MiB; test/bench/RESULTS.md).
   */
  readonly maxAutoTunedWindowSize?: number;
  /**
   * An opened stream not ACKed within this time closes the whole session, as in Go; 0 disables.
   * The wait ends when we close the stream ourselves (Go `Stream.Close` signals establishCh).
   * Go `StreamOpenTimeout`. Defaults to 75 000 ms.
   */
  readonly streamOpenTimeoutMs?: number;
  /**
   * After our FIN, a peer that does not FIN within this time gets RST; 0 disables.
   * Go `StreamCloseTimeout`. Defaults to 300 000 ms.
   */
  readonly streamCloseTimeoutMs?: number;
  /**
   * Upper bound on the bytes a peer can make the session hold: data received on all its streams
   * and not yet read by the application. Each stream may buffer up to its receive window, so an
   * inbound SYN is refused with RST (as for a full accept backlog) when (streams + 1) ×
   * maxStreamWindowSize would exceed this. `Infinity` is Go's behaviour.
   * Deviation from Go: Go bounds only the streams waiting for `AcceptStream` (AcceptBacklog), so
   * accepted-but-unread streams hold 256 KiB each without limit (1,000 streams ≈ 0.5 GB of RSS).
   * Defaults to 1 GiB: 4,096 streams at the default window (rust-yamux's connection window),
   * far above any go-plugin use. Tiny Data frames to an unread stream are coalesced (StreamCore),
   * so the memory held stays close to these payload bytes.
   */
  readonly maxSessionBufferedBytes?: number;
  /**
   * Ping replies held while the transport refuses bytes (`write()` returned false, no 'drain'
   * yet): they are sent on 'drain'; further pings arriving meanwhile get no reply.
   * Deviation from Go: Go queues every reply in its own goroutine for up to
   * ConnectionWriteTimeout and then drops it, so a peer that pings and never reads makes it
   * hold ~96 MB in 10 s; we hold at most this many 4-byte ids. Defaults to 64 (Go's send queue depth).
   */
  readonly maxQueuedPingReplies?: number;
}

/** A fully populated configuration. */
export type ResolvedYamuxConfig = Required<YamuxConfig>;

/** hashicorp/yamux `DefaultConfig()` in milliseconds. */
export const DEFAULT_CONFIG: ResolvedYamuxConfig = Object.freeze({
  acceptBacklog: 256,
  enableKeepAlive: true,
  keepAliveIntervalMs: 30_000,
  connectionWriteTimeoutMs: 10_000,
  maxStreamWindowSize: INITIAL_STREAM_WINDOW,
  maxAutoTunedWindowSize: 8 * 1024 * 1024,
  streamOpenTimeoutMs: 75_000,
  streamCloseTimeoutMs: 300_000,
  maxSessionBufferedBytes: 1024 * 1024 * 1024,
  maxQueuedPingReplies: 64,
});

function check(ok: boolean, message: string): void {
  if (!ok) throw new YamuxError('INVALID_CONFIG', message);
}

/**
 * Merges `config` over the defaults and validates it (Go `VerifyConfig`, plus type checks).
 * @throws YamuxError INVALID_CONFIG
 */
export function resolveConfig(config: YamuxConfig = {}): ResolvedYamuxConfig {
  const c: ResolvedYamuxConfig = { ...DEFAULT_CONFIG };
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof ResolvedYamuxConfig)[]) {
    const v = config[key];
    if (v !== undefined) (c as Record<string, unknown>)[key] = v;
  }
  check(Number.isSafeInteger(c.acceptBacklog) && c.acceptBacklog > 0, `acceptBacklog must be a positive integer, got ${c.acceptBacklog}`);
  check(typeof c.enableKeepAlive === 'boolean', 'enableKeepAlive must be a boolean');
  check(Number.isFinite(c.keepAliveIntervalMs) && c.keepAliveIntervalMs > 0, `keepAliveIntervalMs must be positive, got ${c.keepAliveIntervalMs}`);
  check(Number.isFinite(c.connectionWriteTimeoutMs) && c.connectionWriteTimeoutMs > 0, `connectionWriteTimeoutMs must be positive, got ${c.connectionWriteTimeoutMs}`);
  check(
    Number.isSafeInteger(c.maxStreamWindowSize) && c.maxStreamWindowSize >= INITIAL_STREAM_WINDOW && c.maxStreamWindowSize <= 0xffff_ffff,
    `maxStreamWindowSize must be an integer in [${INITIAL_STREAM_WINDOW}, 2^32-1], got ${c.maxStreamWindowSize}`,
  );
  check(
    Number.isSafeInteger(c.maxAutoTunedWindowSize) && c.maxAutoTunedWindowSize >= 0 && c.maxAutoTunedWindowSize <= 0xffff_ffff,
    `maxAutoTunedWindowSize must be an integer in [0, 2^32-1], got ${c.maxAutoTunedWindowSize}`,
  );
  check(Number.isFinite(c.streamOpenTimeoutMs) && c.streamOpenTimeoutMs >= 0, `streamOpenTimeoutMs must be >= 0, got ${c.streamOpenTimeoutMs}`);
  check(Number.isFinite(c.streamCloseTimeoutMs) && c.streamCloseTimeoutMs >= 0, `streamCloseTimeoutMs must be >= 0, got ${c.streamCloseTimeoutMs}`);
  check(
    typeof c.maxSessionBufferedBytes === 'number' && c.maxSessionBufferedBytes >= c.maxStreamWindowSize,
    `maxSessionBufferedBytes must be a number >= maxStreamWindowSize (${c.maxStreamWindowSize}), got ${c.maxSessionBufferedBytes}`,
  );
  check(Number.isSafeInteger(c.maxQueuedPingReplies) && c.maxQueuedPingReplies >= 0, `maxQueuedPingReplies must be an integer >= 0, got ${c.maxQueuedPingReplies}`);
  return c;
}
