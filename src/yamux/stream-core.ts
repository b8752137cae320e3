/**
 * StreamCore: the session-internal state and rules of one yamux stream, mirroring hashicorp/yamux
 * v0.1.2 stream.go (`Stream.Read`, `Stream.write`, `sendFlags`, `sendWindowUpdate`, `sendClose`,
 * `Close`, `closeTimeout`, `processFlags`, `incrSendWindow`, `readData`). The application sees
 * only its public {@link YamuxStream} (stream.ts), whose Node hooks call in here.
 *
 * - Send side: Data frames never exceed the peer's window (`sendWindow`); when it is 0 the
 *   pending write parks until a WindowUpdate arrives (no timers). The write callback fires
 *   only once the transport took the bytes without asking for 'drain'.
 * - Receive side: payload views are pushed as they arrive; the window is replenished as the
 *   application consumes (Go's rule: a WindowUpdate once at least half the window is free
 *   again, or whenever flags such as ACK are pending).
 */
import type { ResolvedYamuxConfig } from './config.js';
import { Flag, FrameType, INITIAL_STREAM_WINDOW } from './constants.js';
import { YamuxError } from './errors.js';
import type { FrameWriter } from './frame-writer.js';
import { newYamuxStream, StreamState, type YamuxStream } from './stream.js';
import { WriteQueue, type WriteCallback } from './write-queue.js';
import { unrefTimeout } from '../internal/deferred.js';

/** Payload pieces up to this size are copied into the tail buffer while the application is not reading. */
const COALESCE_MAX = 1024;
/** Size of a tail buffer. */
const TAIL_BYTES = 4096;

/** What a stream needs from its session. */
export interface StreamHost {
  readonly config: ResolvedYamuxConfig;
  readonly writer: FrameWriter;
  /** Go `Session.closeStream`: forget the stream and release its un-ACKed-open slot. */
  forgetStream(stream: StreamCore): void;
  /** Go `Session.establishStream`: the peer ACKed (or closed) a stream we opened. */
  streamEstablished(stream: StreamCore): void;
  /** Go `setOpenTimeout` firing: the session must close. */
  streamOpenTimedOut(stream: StreamCore): void;
  /**
   * Window auto-tuning: may this stream's receive window grow by `bytes`? Reserves them in the
   * session's buffered-bytes budget (released when the stream is forgotten) when it answers true.
   */
  reserveWindowGrowth(bytes: number): boolean;
}

export class StreamCore {
  /** The application's Duplex. */
  readonly stream: YamuxStream;
  state: StreamState;
  sendWindow = INITIAL_STREAM_WINDOW;
  recvWindow = INITIAL_STREAM_WINDOW;
  /** Counted in the session's un-ACKed-open semaphore. */
  inflight = false;
  /** Given to the application (by open() or accept()). */
  handedOut = false;
  /** A FIN arrived with a Data frame whose payload is still being received. */
  private finAfterPayload = false;
  /** push(null) was called (remote FIN delivered). */
  private readEnded = false;
  /** The pending write, sent as the window allows. */
  private readonly wq = new WriteQueue();
  private openTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private sessionError: YamuxError | undefined;
  private sessionGone = false;
  /** Small pieces received while the application was not reading, not yet pushed (see onPayload). */
  private tail: Buffer | undefined;
  private tailLen = 0;
  /** The application's last read() found too little data: it waits for the next push. */
  private waiting = false;
  /** This stream's receive window: maxStreamWindowSize, doubled by auto-tuning (sendWindowUpdate). */
  windowMax: number;

  constructor(
    private readonly host: StreamHost,
    readonly id: number,
    state: StreamState,
  ) {
    this.state = state;
    this.windowMax = host.config.maxStreamWindowSize;
    this.stream = newYamuxStream(this, id, host.config.maxStreamWindowSize);
  }

  // ---- opening and accepting ------------------------------------------------------------

  /** Go `OpenStream`: send WU(SYN) at once and start the open timeout. */
  open(): void {
    this.inflight = true;
    this.handedOut = true;
    const ms = this.host.config.streamOpenTimeoutMs;
    if (ms > 0) this.openTimer = unrefTimeout(() => this.host.streamOpenTimedOut(this), ms);
    this.sendWindowUpdate();
  }

  /**
   * An inbound stream refused for a full accept backlog (Go `incomingStream`): forgotten and
   * destroyed quietly (the application never saw it), sending nothing; the session sends the one RST.
   */
  dropRefused(): void {
    this.state = StreamState.Reset;
    this.host.forgetStream(this);
    this.stream.destroy();
  }

  /** Go `AcceptStream`: the application took the stream, send WU(ACK). */
  accept(): void {
    this.handedOut = true;
    this.sendWindowUpdate();
  }

  // ---- receive path (called by the session's dispatcher) ---------------------------------

  /** Go `processFlags`; returns a protocol error for the session to raise. */
  processFlags(flags: number): YamuxError | undefined {
    if (flags & Flag.ACK) {
      if (this.state === StreamState.SYNSent) this.state = StreamState.Established;
      this.established();
    }
    if (flags & Flag.FIN) {
      switch (this.state) {
        case StreamState.SYNSent:
        case StreamState.SYNReceived:
        case StreamState.Established:
          this.state = StreamState.RemoteClose;
          this.finAfterPayload = true;
          break;
        case StreamState.LocalClose:
          this.state = StreamState.Closed;
          this.finAfterPayload = true;
          this.clearCloseTimer();
          this.host.forgetStream(this);
          break;
        default:
          return new YamuxError('UNEXPECTED_FLAG', `unexpected FIN flag on stream ${this.id} in state ${this.state}`, { streamId: this.id });
      }
      this.established();
    }
    if (flags & Flag.RST) {
      this.state = StreamState.Reset;
      this.established();
      this.host.forgetStream(this);
      const err = new YamuxError('STREAM_RESET', `stream ${this.id} reset by peer`, { streamId: this.id });
      this.failPendingWrite(err);
      // A stream the application never saw is dropped quietly (nobody listens for 'error').
      if (this.handedOut) this.destroySoon(err);
      else this.stream.destroy();
    }
    return undefined;
  }

  /** WindowUpdate delta (Go `incrSendWindow`): resume a parked write. */
  addSendWindow(delta: number): void {
    if (delta === 0) return;
    this.sendWindow = Math.min(this.sendWindow + delta, 0xffff_ffff);
    if (this.wq.cb !== undefined && this.wq.left > 0) this.pump();
  }

  /**
   * Start of a Data payload of `length` bytes (Go `readData`). Returns a protocol error when it
   * exceeds our receive window, else whether the payload should be delivered.
   */
  beginData(length: number): YamuxError | boolean {
    if (length > this.recvWindow) {
      return new YamuxError(
        'RECV_WINDOW_EXCEEDED',
        `receive window exceeded (stream: ${this.id}, remain: ${this.recvWindow}, recv: ${length})`,
        { streamId: this.id },
      );
    }
    return !this.discarding();
  }

  /**
   * A piece of the current Data payload. Pieces are pushed as they arrive, except that small ones
   * arriving while earlier data is still unread (and no read() is waiting for more) are copied into
   * a tail buffer, pushed when it fills or the application reads: one buffered object per
   * TAIL_BYTES instead of one per frame, so a peer sending tiny frames to an unread stream holds
   * about as much memory as it sent (Go's stream buffer coalesces likewise).
   */
  onPayload(piece: Buffer): void {
    this.recvWindow -= piece.length;
    if (this.discarding()) return;
    if (piece.length <= COALESCE_MAX && !this.waiting && this.stream.readableLength > 0) this.appendTail(piece);
    else {
      this.flushTail();
      this.stream.push(piece);
    }
    this.sendWindowUpdate();
  }

  /** End of the current frame's payload (or a frame without one): deliver a pending FIN. */
  endOfFrame(): void {
    if (!this.finAfterPayload) return;
    this.finAfterPayload = false;
    if (!this.discarding()) {
      this.flushTail();
      this.readEnded = true;
      this.stream.push(null);
    }
  }

  /**
   * The session closed (`err` undefined: by a local close()). Streams whose peer already sent
   * FIN stay readable; others are destroyed, with SESSION_SHUTDOWN unless the close was local or
   * the application never saw the stream.
   */
  sessionClosed(err: YamuxError | undefined): void {
    this.sessionGone = true;
    this.sessionError = new YamuxError('SESSION_SHUTDOWN', `stream ${this.id}: session closed${err ? `: ${err.message}` : ''}`, {
      cause: err,
      streamId: this.id,
    });
    this.clearOpenTimer();
    this.clearCloseTimer();
    if (this.stream.destroyed) return;
    if (this.readEnded && this.handedOut && this.wq.cb === undefined) return;
    // destroyed() fails a pending write after the stream is marked destroyed, so that failure
    // emits no extra 'error'.
    if (err !== undefined && this.handedOut) this.destroySoon(this.sessionError);
    else this.stream.destroy();
  }

  // ---- called by the public stream's Node hooks ----------------------------------------

  /** The application is about to read: everything received must be readable. */
  beforeRead(): void {
    this.flushTail();
  }

  /** The application read (`got`: whether read(size) returned data) or Node asks for more: replenish the window if due. */
  consumed(size?: number, got?: boolean): void {
    if (got !== undefined && size !== 0) this.waiting = !got;
    this.sendWindowUpdate();
  }

  /** A write of `bufs` (`total` bytes) from `_write`/`_writev`. */
  write(bufs: Buffer[], total: number, cb: WriteCallback): void {
    this.wq.set(bufs, total, cb);
    this.pump();
  }

  /** Go `Stream.Close` / `sendClose` from `_final`: exactly one FIN, after all queued data. */
  final(cb: (err?: Error | null) => void): void {
    if (this.sessionGone) {
      cb(this.sessionError);
      return;
    }
    switch (this.state) {
      case StreamState.Init:
      case StreamState.SYNSent:
      case StreamState.SYNReceived:
      case StreamState.Established: {
        const flags = this.sendFlags();
        this.state = StreamState.LocalClose;
        // Go Stream.Close ends with notifyWaiting(), which signals establishCh: setOpenTimeout
        // stops waiting (the un-ACKed-open slot stays held until the stream is forgotten).
        this.clearOpenTimer();
        const ms = this.host.config.streamCloseTimeoutMs;
        if (ms > 0) this.closeTimer = unrefTimeout(() => this.closeTimedOut(), ms);
        this.host.writer.control(FrameType.WindowUpdate, flags | Flag.FIN, this.id, 0);
        break;
      }
      case StreamState.RemoteClose:
        this.state = StreamState.Closed;
        this.clearOpenTimer();
        this.host.writer.control(FrameType.WindowUpdate, this.sendFlags() | Flag.FIN, this.id, 0);
        this.host.forgetStream(this);
        break;
      default:
        break;
    }
    cb();
  }

  /** From `_destroy`: RST unless already closed both ways or reset, and forget the stream. */
  destroyed(err: Error | null): void {
    this.clearOpenTimer();
    this.clearCloseTimer();
    this.failPendingWrite(err ?? new YamuxError('STREAM_CLOSED', `stream ${this.id} destroyed`, { streamId: this.id }));
    if (!this.sessionGone && this.state !== StreamState.Closed && this.state !== StreamState.Reset) {
      this.state = StreamState.Reset;
      this.host.writer.control(FrameType.WindowUpdate, Flag.RST, this.id, 0);
    }
    this.host.forgetStream(this);
  }

  // ---- internals ----------------------------------------------------------------------

  private appendTail(piece: Buffer): void {
    if (this.tail === undefined || this.tailLen + piece.length > this.tail.length) {
      this.flushTail();
      this.tail = Buffer.allocUnsafeSlow(TAIL_BYTES);
    }
    piece.copy(this.tail, this.tailLen);
    this.tailLen += piece.length;
    if (this.tailLen === this.tail.length) this.flushTail();
  }

  private flushTail(): void {
    const tail = this.tail;
    if (tail === undefined) return;
    const n = this.tailLen;
    this.tail = undefined;
    this.tailLen = 0;
    if (n > 0 && !this.discarding()) this.stream.push(tail.subarray(0, n));
  }

  /** Received payload is dropped: the remote FIN was delivered, or the stream is gone. */
  private discarding(): boolean {
    return this.readEnded || this.stream.destroyed || this.state === StreamState.Reset;
  }

  /**
   * Destroys with `err` after pending promise continuations have run: a stream handed to
   * `accept()` in the same tick as its failure must reach the application, which attaches its
   * 'error' listener in that continuation, before the error is emitted.
   */
  private destroySoon(err: Error): void {
    setImmediate(() => {
      if (!this.stream.destroyed) this.stream.destroy(err);
    });
  }

  /** Go `sendFlags`: SYN on the first frame of an opened stream, ACK on the first of an accepted one. */
  private sendFlags(): number {
    if (this.state === StreamState.Init) {
      this.state = StreamState.SYNSent;
      return Flag.SYN;
    }
    if (this.state === StreamState.SYNReceived) {
      this.state = StreamState.Established;
      return Flag.ACK;
    }
    return 0;
  }

  /**
   * Go `sendWindowUpdate`: grant the consumed part of the window once it reaches half, or when
   * flags are due.
   * Deviation from Go: auto-tuning. When an update is due and the application has read everything
   * received, the window (not the reader) limits the stream, so the window doubles (up to
   * maxAutoTunedWindowSize, within the session budget) and the growth rides in this update.
   */
  private sendWindowUpdate(): void {
    // Nothing before the application has the stream: Go ACKs in AcceptStream, not on arrival.
    if (!this.handedOut || this.sessionGone || this.readEnded || this.state >= StreamState.Closed) return;
    const buffered = this.stream.readableLength + this.tailLen;
    let delta = this.windowMax - buffered - this.recvWindow;
    const flags = this.state === StreamState.Init || this.state === StreamState.SYNReceived ? this.sendFlags() : 0;
    if (delta < this.windowMax / 2 && flags === 0) return;
    if (buffered === 0 && flags === 0) {
      const grow = Math.min(this.windowMax, this.host.config.maxAutoTunedWindowSize - this.windowMax);
      if (grow > 0 && this.host.reserveWindowGrowth(grow)) {
        this.windowMax += grow;
        delta += grow;
      }
    }
    this.recvWindow += delta;
    this.host.writer.control(FrameType.WindowUpdate, flags, this.id, delta);
  }

  /** Go `Stream.write`: send the pending write in frames no larger than the send window. */
  private pump(): void {
    const wq = this.wq;
    if (wq.cb === undefined) return;
    if (this.sessionGone) {
      this.failPendingWrite(this.sessionError);
      return;
    }
    if (this.state === StreamState.Reset) {
      this.failPendingWrite(new YamuxError('STREAM_RESET', `stream ${this.id} was reset`, { streamId: this.id }));
      return;
    }
    if (this.state === StreamState.LocalClose || this.state === StreamState.Closed) {
      this.failPendingWrite(new YamuxError('STREAM_CLOSED', `stream ${this.id} is closed for writing`, { streamId: this.id }));
      return;
    }
    const writer = this.host.writer;
    while (wq.left > 0) {
      const win = this.sendWindow;
      if (win === 0) return; // parked until addSendWindow
      const n = win < wq.left ? win : wq.left;
      const flags = this.state === StreamState.Init || this.state === StreamState.SYNReceived ? this.sendFlags() : 0;
      if (!writer.header(FrameType.Data, flags, this.id, n)) {
        this.failPendingWrite(new YamuxError('SESSION_SHUTDOWN', `stream ${this.id}: connection is closed`, { streamId: this.id }));
        return;
      }
      wq.writePayload(writer, n);
      this.sendWindow -= n;
    }
    const cb = wq.take() as WriteCallback;
    if (writer.needsDrain) writer.whenDrained((err) => cb(err === undefined ? undefined : this.sessionError ?? err));
    else cb();
  }

  private failPendingWrite(err: Error | undefined): void {
    this.wq.take()?.(err);
  }

  /** The peer answered our SYN (ACK, FIN or RST): stop the open timeout, release the slot. */
  private established(): void {
    this.clearOpenTimer();
    if (this.inflight) this.host.streamEstablished(this);
  }

  /**
   * Go `closeTimeout`: the peer never sent its FIN after ours; reset the stream.
   * Deviation from Go: the stream is destroyed with STREAM_CLOSE_TIMEOUT (Go's readers see EOF).
   */
  private closeTimedOut(): void {
    this.closeTimer = undefined;
    if (this.state !== StreamState.LocalClose || this.stream.destroyed) return;
    this.stream.destroy(new YamuxError('STREAM_CLOSE_TIMEOUT', `stream ${this.id}: peer did not close within ${this.host.config.streamCloseTimeoutMs} ms of our FIN`, { streamId: this.id }));
  }

  private clearOpenTimer(): void {
    if (this.openTimer !== undefined) clearTimeout(this.openTimer);
    this.openTimer = undefined;
  }

  private clearCloseTimer(): void {
    if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }
}
