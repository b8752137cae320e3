/**
 * An in-memory pair of connected Duplex streams with real backpressure (the Node core test
 * `duplexpair` / ws `test/duplex-pair.js` pattern): a write on one side is pushed to the other
 * side's readable and its callback waits until that side asks for more data, so `write()`
 * returns false and 'drain' fires as on a socket. `end()` ends the peer's readable;
 * `destroy()` on one side closes the other, like a dropped connection.
 */
import { Duplex } from 'node:stream';

/** Each side's peer, set by {@link duplexPair} (module-private: linking is not public API). */
const peers = new WeakMap<DuplexSide, DuplexSide>();

/** One end of a {@link duplexPair}. */
export class DuplexSide extends Duplex {
  private pendingCb: ((err?: Error | null) => void) | undefined;

  constructor(highWaterMark?: number) {
    super(highWaterMark === undefined ? { allowHalfOpen: true } : { allowHalfOpen: true, highWaterMark });
  }

  private get other(): DuplexSide | undefined {
    return peers.get(this);
  }

  override _read(): void {
    const cb = this.pendingCb;
    if (cb !== undefined) {
      this.pendingCb = undefined;
      cb();
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    const other = this.other;
    if (other === undefined || other.destroyed) {
      cb(new Error('duplex pair: peer is closed'));
      return;
    }
    if (chunk.length === 0) {
      process.nextTick(cb);
      return;
    }
    if (other.push(chunk)) cb();
    else other.pendingCb = cb;
  }

  override _final(cb: (err?: Error | null) => void): void {
    const other = this.other;
    if (other !== undefined && !other.destroyed) other.push(null);
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const other = this.other;
    const pending = this.pendingCb;
    this.pendingCb = undefined;
    pending?.(new Error('duplex pair: closed'));
    if (other !== undefined && !other.destroyed) process.nextTick(() => other.destroy());
    cb(err);
  }
}

/**
 * Two connected in-memory Duplex streams: bytes written to one are read from the other.
 * `highWaterMark` applies to both directions (Node's default when omitted).
 */
export function duplexPair(highWaterMark?: number): [DuplexSide, DuplexSide] {
  const a = new DuplexSide(highWaterMark);
  const b = new DuplexSide(highWaterMark);
  peers.set(a, b);
  peers.set(b, a);
  return [a, b];
}
