/**
 * Keepalive pings, mirroring hashicorp/yamux `Session.keepalive`: every keepAliveIntervalMs a
 * Ping(SYN) is sent; if it is not answered within connectionWriteTimeoutMs (Go's `Ping` wait)
 * the session closes with KEEPALIVE_TIMEOUT. Like Go's `time.After` loop, the next interval
 * starts after the previous ping completed. The timer is unref'd and never keeps Node alive.
 */
import { unrefTimeout } from '../internal/deferred.js';

export class Keepalive {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly ping: () => Promise<number>,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  /** Schedules the first ping. */
  start(): void {
    if (!this.stopped) this.timer = unrefTimeout(this.tick, this.intervalMs);
  }

  /** Cancels the schedule; an outstanding ping's result is ignored. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    this.ping().then(
      () => this.start(),
      (err: unknown) => {
        if (!this.stopped) this.onFailure(err);
      },
    );
  };
}
