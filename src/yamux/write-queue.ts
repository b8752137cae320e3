/**
 * The one pending write of a stream (Node calls `_write`/`_writev` one at a time), cut into Data
 * frame payloads as the send window allows: the part of hashicorp/yamux `Stream.Write` that
 * loops over `Stream.write` with `min(window, len(b))`. Payload pieces are views of the
 * caller's buffers, never copies.
 */
import type { FrameWriter } from './frame-writer.js';

/** Node's write callback. */
export type WriteCallback = (err?: Error | null) => void;

const EMPTY: Buffer[] = [];

export class WriteQueue {
  private bufs: Buffer[] = EMPTY;
  private index = 0;
  private offset = 0;
  /** Bytes still to send. */
  left = 0;
  /** Callback of the pending write, if any. */
  cb: WriteCallback | undefined;

  /** Starts a pending write of `bufs` (`total` bytes). */
  set(bufs: Buffer[], total: number, cb: WriteCallback): void {
    this.bufs = bufs;
    this.index = 0;
    this.offset = 0;
    this.left = total;
    this.cb = cb;
  }

  /** Writes the next `n` bytes (n ≤ left) as payload pieces of the frame the caller started. */
  writePayload(writer: FrameWriter, n: number): void {
    let left = n;
    while (left > 0) {
      const buf = this.bufs[this.index] as Buffer;
      const avail = buf.length - this.offset;
      if (avail <= left) {
        writer.payload(this.offset === 0 ? buf : buf.subarray(this.offset));
        left -= avail;
        this.index++;
        this.offset = 0;
      } else {
        writer.payload(buf.subarray(this.offset, this.offset + left));
        this.offset += left;
        left = 0;
      }
    }
    this.left -= n;
  }

  /** Clears the pending write and returns its callback. */
  take(): WriteCallback | undefined {
    const cb = this.cb;
    this.cb = undefined;
    this.bufs = EMPTY;
    this.left = 0;
    return cb;
  }
}
