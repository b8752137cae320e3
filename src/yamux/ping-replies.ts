/**
 * Replies to the peer's Ping(SYN), hashicorp/yamux v0.1.2 session.go `handlePing`, with a bound
 * on what a peer that pings and never reads can make us hold.
 *
 * While the transport takes bytes, each reply is written at once. While it refuses them
 * (`write()` returned false, no 'drain' yet), up to `max` reply ids are held and written on
 * 'drain'; pings beyond that get no reply.
 *
 * Deviation from Go: Go answers each ping from its own goroutine that waits up to
 * ConnectionWriteTimeout for the send queue and then drops the reply, so memory grows with the
 * ping rate for 10 s; here it is bounded by `max` (config maxQueuedPingReplies).
 */
import { Flag, FrameType } from './constants.js';
import type { FrameWriter } from './frame-writer.js';
import { debug } from '../internal/debug.js';

const log = debug('yamux');

export class PingReplies {
  private held: number[] = [];
  private waiting = false;
  private dropped = 0;

  constructor(
    private readonly writer: FrameWriter,
    private readonly max: number,
  ) {}

  /** Answers Ping(SYN) `id` now, on the next 'drain', or not at all when `max` replies are held. */
  reply(id: number): void {
    if (this.held.length === 0 && !this.writer.needsDrain) {
      this.writer.control(FrameType.Ping, Flag.ACK, 0, id);
      return;
    }
    if (this.held.length >= this.max) {
      if (this.dropped++ === 0) log('transport is not draining: dropping ping replies beyond %d', this.max);
      return;
    }
    this.held.push(id);
    if (!this.waiting) {
      this.waiting = true;
      this.writer.whenDrained(this.flush);
    }
  }

  private readonly flush = (err?: Error): void => {
    this.waiting = false;
    this.dropped = 0;
    const ids = this.held;
    this.held = [];
    if (err !== undefined) return;
    for (const id of ids) this.writer.control(FrameType.Ping, Flag.ACK, 0, id);
  };
}
