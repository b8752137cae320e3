/**
 * Splits a gob byte stream into its messages (gob doc.go: `uint(byteCount)` then the body,
 * whose first item is `int(typeId)`: negative for a type definition). Used only to observe and
 * to inject faults — values are decoded by go-netrpc/gob's Decoder.
 */

/** One whole message: its type id and its bytes (count included). */
export interface RawMessage {
  readonly typeId: number;
  readonly bytes: Buffer;
}

/** Reads a gob uint at `b[i]`: [value, next index]; undefined when incomplete; Infinity when out of range. */
function gobUint(b: Buffer, i: number): [number, number] | undefined {
  if (i >= b.length) return undefined;
  const first = b[i] as number;
  if (first < 0x80) return [first, i + 1];
  const n = 256 - first;
  if (n > 8) return [Number.POSITIVE_INFINITY, i + 1];
  if (i + 1 + n > b.length) return undefined;
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 256 + (b[i + 1 + k] as number);
  return [v, i + 1 + n];
}

/** Go's gob int folding (int = uint >> 1, complemented when the low bit is set). */
function gobInt(u: number): number {
  const half = Math.floor(u / 2);
  return u % 2 === 1 ? -half - 1 : half;
}

export class MessageSplitter {
  /** Set when the stream is not gob framing (a count of 0, out of range, or above `maxBytes`). */
  violation: string | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly maxBytes: number) {}

  /** The whole messages completed by `chunk`. */
  push(chunk: Buffer): RawMessage[] {
    const out: RawMessage[] = [];
    if (this.violation !== undefined) return out;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const c = gobUint(this.pending, 0);
      if (c === undefined) return out;
      const [count, at] = c;
      if (!Number.isFinite(count) || count === 0 || count > this.maxBytes) {
        this.violation = `message count ${count} at byte ${this.offset}`;
        return out;
      }
      if (this.pending.length < at + count) return out;
      const id = gobUint(this.pending, at);
      out.push({ typeId: id === undefined || id[1] > at + count ? 0 : gobInt(id[0]), bytes: this.pending.subarray(0, at + count) });
      this.offset += at + count;
      this.pending = this.pending.subarray(at + count);
    }
  }

  /** Bytes of an unfinished message. */
  get partial(): number {
    return this.pending.length;
  }
}
