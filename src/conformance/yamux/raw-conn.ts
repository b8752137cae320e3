/**
 * The kit's side of one connection to a yamux IUT, on RAW frames: it parses every byte the IUT
 * sends (headers via go-netrpc/yamux's decoder only), records each frame with its arrival time,
 * and keeps the books a conforming peer is judged by — per-stream windows in both directions,
 * FIN/RST/ACK seen, and rule violations by the IUT (data beyond the window we granted, data after
 * its FIN, malformed headers). No session logic of our own yamux runs here: every frame the kit
 * sends is written explicitly by a case. Mirrors the frame handling of hashicorp/yamux
 * session.go `recvLoop` only as far as needed to observe.
 */
import type { Socket } from 'node:net';
import { decodeHeader, describeHeader, encodeHeader, Flag, FrameType, HEADER_SIZE, INITIAL_STREAM_WINDOW } from '../../yamux/index.js';
import { CaseFailure } from '../types.js';

/** One frame received from the IUT. */
export interface Frame {
  readonly version: number;
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
  readonly payload: Buffer;
  /** Milliseconds since the connection was taken by the case. */
  readonly atMs: number;
}

/** Per-stream bookkeeping of the IUT's behaviour. */
export interface StreamBook {
  /** Bytes the IUT may still send us (our grants minus its data). */
  iutWindow: number;
  /** Bytes we may still send the IUT (its grants minus our data). */
  kitWindow: number;
  /** Data payloads received, in order. */
  readonly chunks: Buffer[];
  received: number;
  /** Received but not yet re-granted (auto-grant returns it as Go does, in 128 KiB steps). */
  consumedUngranted: number;
  /** When false, we stop granting window (the "application" stops reading). */
  granting: boolean;
  fin: number;
  rst: number;
  ack: number;
  syn: number;
  /** All window-update deltas the IUT sent for this stream. */
  readonly grants: number[];
}

/** Payloads larger than this from the IUT are a violation; the connection is dropped (bounded memory). */
const MAX_IUT_FRAME = 16 * 1024 * 1024;

export class RawConn {
  readonly frames: Frame[] = [];
  readonly violations: string[] = [];
  readonly streams = new Map<number, StreamBook>();
  /** Answer the IUT's Ping(SYN) with Ping(ACK) (a kit that never answers tests keepalive timeouts). */
  answerPings = true;
  /** Ping(SYN)s received while {@link answerPings} was false. */
  readonly unansweredPings: Frame[] = [];
  /** ACK streams the IUT opens at once, as Go's AcceptStream does. */
  autoAck = true;
  closed = false;
  closedAtMs: number | undefined;
  /**
   * The IUT plays the yamux client (`--role client`): the kit is the server. Cases are written for
   * the server role (the kit opens odd ids, the IUT even ones); with this set every non-zero id is
   * swapped with its partner on the wire (1↔2, 3↔4, …; 0xFFFFFFFF stays), so each case runs
   * unchanged with the parities of the other role. Ids in books, frames and texts stay logical.
   */
  swapParity = false;
  /** Why the connection counts as closed: the IUT's end of stream, or a socket error. */
  closeReason = '';
  private t0 = performance.now();
  private pending: Buffer = Buffer.alloc(0);
  /** The header of ours being written, how much of it is written, and the Data payload still to come. */
  private readonly outHead = Buffer.alloc(HEADER_SIZE);
  private outHeadLen = 0;
  private outBody = 0;
  /** Ping answers held back until our frame in progress is complete. */
  private readonly deferredPingAcks: number[] = [];
  private waiters = new Set<() => void>();

  constructor(readonly socket: Socket) {
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const onClosed = (err?: Error | boolean): void => {
      if (this.closed) return;
      this.closeReason = err instanceof Error ? err.message : 'end of stream';
      this.closed = true;
      this.closedAtMs = this.now();
      this.wake();
    };
    socket.on('end', () => onClosed());
    socket.on('close', () => onClosed());
    socket.on('error', onClosed);
  }

  /** Restarts the clock (when a case takes a connection that waited in the pool). */
  startClock(): void {
    this.t0 = performance.now();
  }

  /** Milliseconds the oldest unanswered Ping(SYN) has waited. */
  oldestUnansweredPingMs(): number {
    const p = this.unansweredPings[0];
    return p === undefined ? 0 : this.now() - p.atMs;
  }

  /** Starts answering pings, first those that arrived while the connection waited in the pool. */
  answerPending(): void {
    this.answerPings = true;
    for (const p of this.unansweredPings.splice(0)) this.answerPing(p.length);
  }

  now(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }

  book(id: number): StreamBook {
    let b = this.streams.get(id);
    if (b === undefined) {
      b = { iutWindow: INITIAL_STREAM_WINDOW, kitWindow: INITIAL_STREAM_WINDOW, chunks: [], received: 0, consumedUngranted: 0, granting: true, fin: 0, rst: 0, ack: 0, syn: 0, grants: [] };
      this.streams.set(id, b);
    }
    return b;
  }

  /** The id on the wire of logical stream `id` (and back: the mapping is its own inverse). */
  wire(id: number): number {
    if (!this.swapParity || id === 0 || id === 0xffff_ffff) return id;
    return id % 2 === 1 ? id + 1 : id - 1;
  }

  /** A frame header for logical stream `id`, for cases that write raw bytes. */
  header(type: number, flags: number, id: number, length: number): Buffer {
    return encodeHeader(type, flags, this.wire(id), length);
  }

  /**
   * Writes raw bytes (a case may send anything, including malformed frames, and split a frame
   * across writes). Our Ping answers wait while a frame of ours is only partly written: put in
   * the middle of it they would corrupt the stream (the Rust crate pings at once, so they do).
   */
  writeRaw(bytes: Uint8Array): void {
    if (this.closed || this.socket.destroyed) return;
    this.trackOutgoing(bytes);
    this.socket.write(bytes);
    if (!this.midFrame() && this.deferredPingAcks.length > 0) for (const v of this.deferredPingAcks.splice(0)) this.send(FrameType.Ping, Flag.ACK, 0, v);
  }

  /** Whether the bytes written so far end inside a frame. */
  private midFrame(): boolean {
    return this.outHeadLen > 0 || this.outBody > 0;
  }

  /** Follows the frame boundaries of what we write (a header, then a Data frame's payload). */
  private trackOutgoing(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; ) {
      if (this.outBody > 0) {
        const n = Math.min(this.outBody, bytes.length - i);
        this.outBody -= n;
        i += n;
        continue;
      }
      const n = Math.min(HEADER_SIZE - this.outHeadLen, bytes.length - i);
      this.outHead.set(bytes.subarray(i, i + n), this.outHeadLen);
      this.outHeadLen += n;
      i += n;
      if (this.outHeadLen === HEADER_SIZE) {
        this.outHeadLen = 0;
        this.outBody = this.outHead[1] === FrameType.Data ? this.outHead.readUInt32BE(8) : 0;
      }
    }
  }

  private answerPing(opaque: number): void {
    if (this.midFrame()) this.deferredPingAcks.push(opaque);
    else this.send(FrameType.Ping, Flag.ACK, 0, opaque);
  }

  /**
   * Sends one frame exactly as given and updates the books: Data counts against our window,
   * a WindowUpdate we send adds to the IUT's window.
   */
  send(type: number, flags: number, streamId: number, length: number, payload?: Uint8Array, version = 0): void {
    const h = this.header(type, flags, streamId, length);
    h[0] = version;
    if (type === FrameType.Data && streamId !== 0) this.book(streamId).kitWindow -= payload?.length ?? 0;
    if (type === FrameType.WindowUpdate && streamId !== 0) this.book(streamId).iutWindow += length;
    this.writeRaw(payload === undefined || payload.length === 0 ? h : Buffer.concat([h, payload]));
  }

  /**
   * Waits while the socket's write buffer is full (so that our Ping replies never queue behind
   * megabytes), at most `timeoutMs`: an IUT that stops reading must not hang the kit.
   */
  async drained(timeoutMs = 3000): Promise<void> {
    if (!this.socket.writableNeedDrain || this.closed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      const t = setTimeout(done, timeoutMs);
      t.unref();
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Stops (false) or resumes (true) granting window on a stream; resuming grants what was consumed. */
  setGranting(id: number, on: boolean): void {
    const b = this.book(id);
    b.granting = on;
    if (on) this.maybeGrant(id, b, true);
  }

  /** Ends our side of the TCP connection and forgets it. */
  destroy(): void {
    this.socket.destroy();
  }

  /** Received data of a stream so far. */
  data(id: number): Buffer {
    const b = this.book(id);
    if (b.chunks.length > 1) b.chunks.splice(0, b.chunks.length, Buffer.concat(b.chunks));
    return b.chunks[0] ?? Buffer.alloc(0);
  }

  /** The first frame (already received or future) matching `pred`, or `undefined` after `timeoutMs` or on close. */
  async find(pred: (f: Frame) => boolean, timeoutMs: number): Promise<Frame | undefined> {
    let i = 0;
    const scan = (): Frame | undefined => {
      for (; i < this.frames.length; i++) if (pred(this.frames[i] as Frame)) return this.frames[i];
      return undefined;
    };
    let hit = scan();
    if (hit !== undefined) return hit;
    await this.until(() => (hit = scan()) !== undefined || this.closed, timeoutMs);
    return hit;
  }

  /** Like {@link find} but a timeout is a case failure described by `expected`. */
  async expect(pred: (f: Frame) => boolean, timeoutMs: number, expected: string): Promise<Frame> {
    const f = await this.find(pred, timeoutMs);
    if (f === undefined) throw new CaseFailure(expected, this.closed ? `connection closed at ${this.closedAtMs} ms without it; ${this.summary()}` : `nothing within ${timeoutMs} ms; ${this.summary()}`);
    return f;
  }

  /** Resolves true once `cond()` holds (checked after every frame and on close), false after `timeoutMs`. */
  until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!cond()) return;
        this.waiters.delete(check);
        clearTimeout(t);
        resolve(true);
      };
      const t = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      t.unref();
      this.waiters.add(check);
    });
  }

  /** Waits for the IUT to close the connection; resolves false if it is still open after `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<boolean> {
    return this.until(() => this.closed, timeoutMs);
  }

  /** GoAway frames received. */
  goAways(): Frame[] {
    return this.frames.filter((f) => f.type === FrameType.GoAway);
  }

  /** A short description of the last frames, for `observed` texts. */
  summary(last = 6): string {
    const n = this.frames.length;
    const tail = this.frames.slice(-last).map((f) => `${describeHeader(f)}@${f.atMs}ms`);
    return `${n} frame(s) received${n > 0 ? `, last: ${tail.join(', ')}` : ''}${this.closed ? `, closed at ${this.closedAtMs} ms (${this.closeReason})` : ''}`;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER_SIZE) {
      const h = decodeHeader(this.pending, 0);
      const payloadLen = h.type === FrameType.Data ? h.length : 0;
      if (payloadLen > MAX_IUT_FRAME) {
        this.violations.push(`IUT sent a ${payloadLen}-byte Data frame (stream ${h.streamId}); dropped the connection`);
        this.socket.destroy();
        return;
      }
      if (this.pending.length < HEADER_SIZE + payloadLen) break;
      const payload = this.pending.subarray(HEADER_SIZE, HEADER_SIZE + payloadLen);
      this.pending = this.pending.subarray(HEADER_SIZE + payloadLen);
      this.onFrame({ ...h, streamId: this.wire(h.streamId), payload: Buffer.from(payload), atMs: this.now() });
    }
    this.wake();
  }

  private onFrame(f: Frame): void {
    this.frames.push(f);
    const d = describeHeader(f);
    if (f.version !== 0) this.violations.push(`IUT sent version ${f.version}: ${d}`);
    if (f.type > FrameType.GoAway) this.violations.push(`IUT sent unknown type ${f.type}: ${d}`);
    if ((f.type === FrameType.Ping || f.type === FrameType.GoAway) && f.streamId !== 0) this.violations.push(`IUT sent ${d} on a non-zero stream`);
    if (f.type === FrameType.Ping) {
      if (f.flags & Flag.SYN) {
        if (this.answerPings) this.answerPing(f.length);
        else this.unansweredPings.push(f);
      }
      return;
    }
    if (f.type !== FrameType.Data && f.type !== FrameType.WindowUpdate) return;
    if (f.streamId === 0) {
      this.violations.push(`IUT sent ${d} on stream 0`);
      return;
    }
    const b = this.book(f.streamId);
    if (f.flags & Flag.SYN) {
      b.syn++;
      if (this.autoAck) this.send(FrameType.WindowUpdate, Flag.ACK, f.streamId, 0);
    }
    if (f.flags & Flag.ACK) b.ack++;
    if (f.type === FrameType.WindowUpdate) {
      b.kitWindow += f.length;
      b.grants.push(f.length);
    } else if (f.length > 0) {
      if (b.fin > 0) this.violations.push(`IUT sent ${f.length} data bytes on stream ${f.streamId} after its FIN`);
      if (b.rst > 0) this.violations.push(`IUT sent ${f.length} data bytes on stream ${f.streamId} after its RST`);
      b.iutWindow -= f.length;
      if (b.iutWindow < 0) this.violations.push(`IUT exceeded the window on stream ${f.streamId} by ${-b.iutWindow} bytes`);
      b.chunks.push(f.payload);
      b.received += f.length;
      b.consumedUngranted += f.length;
      this.maybeGrant(f.streamId, b, false);
    }
    if (f.flags & Flag.FIN) {
      if (b.fin > 0) this.violations.push(`IUT sent a second FIN on stream ${f.streamId}`);
      b.fin++;
    }
    if (f.flags & Flag.RST) b.rst++;
  }

  /** Go's receiver rule (stream.go `sendWindowUpdate`): return consumed credit once it reaches half the window. */
  private maybeGrant(id: number, b: StreamBook, force: boolean): void {
    if (!b.granting || b.consumedUngranted === 0) return;
    if (!force && b.consumedUngranted < INITIAL_STREAM_WINDOW / 2) return;
    const delta = b.consumedUngranted;
    b.consumedUngranted = 0;
    this.send(FrameType.WindowUpdate, 0, id, delta);
  }
}
