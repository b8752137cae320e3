/**
 * A queue of received chunks for incremental framing (gob message counts, yamux headers).
 *
 * Chunks are kept as received; `consume(n)` returns a view when the bytes lie in one chunk and
 * copies only when they straddle chunks (the ws receiver / Uint8ArrayList approach), so parsing
 * is independent of how the transport split the bytes and never quadratic.
 */

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Offset into chunks[0] of the first unread byte. */
  private head = 0;
  private total = 0;

  /** Number of unread bytes. */
  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Byte at offset `i` from the read position; `undefined` past the end. */
  byteAt(i: number): number | undefined {
    if (i < 0 || i >= this.total) return undefined;
    let off = this.head + i;
    for (const c of this.chunks) {
      if (off < c.length) return c[off];
      off -= c.length;
    }
    return undefined;
  }

  /** Big-endian uint32 at offset `i`; caller ensures `i + 4 <= length`. */
  readUint32BE(i: number): number {
    return (
      ((this.byteAt(i) ?? 0) * 0x1000000) +
      (((this.byteAt(i + 1) ?? 0) << 16) | ((this.byteAt(i + 2) ?? 0) << 8) | (this.byteAt(i + 3) ?? 0))
    );
  }

  /** Copies the next `n` bytes into `out` without consuming them. Caller ensures `n <= length`. */
  peekInto(out: Uint8Array, n: number): void {
    let written = 0;
    let off = this.head;
    for (const c of this.chunks) {
      if (written >= n) break;
      const take = Math.min(c.length - off, n - written);
      out.set(c.subarray(off, off + take), written);
      written += take;
      off = 0;
    }
  }

  /**
   * Removes and returns the next `n` bytes. Returns a view into the received chunk when
   * possible, otherwise a fresh copy. Caller ensures `n <= length`.
   */
  consume(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[0];
    if (first === undefined || n > this.total) throw new RangeError(`ByteQueue.consume(${n}) with ${this.total} bytes`);
    if (first.length - this.head >= n) {
      const view = first.subarray(this.head, this.head + n);
      this.advance(n);
      return view;
    }
    const out = new Uint8Array(n);
    this.peekInto(out, n);
    this.advance(n);
    return out;
  }

  /** Drops the next `n` bytes. */
  skip(n: number): void {
    if (n > this.total) throw new RangeError(`ByteQueue.skip(${n}) with ${this.total} bytes`);
    this.advance(n);
  }

  /** Drops everything. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.total = 0;
  }

  private advance(n: number): void {
    this.total -= n;
    let left = n;
    while (left > 0) {
      const c = this.chunks[0];
      if (c === undefined) break;
      const avail = c.length - this.head;
      if (avail > left) {
        this.head += left;
        return;
      }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }
}
