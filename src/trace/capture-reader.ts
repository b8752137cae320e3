/**
 * Parses a raw capture (capture-format.ts) from pushed chunks, so a capture of any length is read
 * with bounded memory: a record's payload is held only until it is complete (at most
 * MAX_RECORD_BYTES). Several captures appended to one file (a host that launched the plugin more
 * than once) are read one after the other: a file header where a record would start begins the
 * next capture. Damage throws TraceError CAPTURE_INVALID with the byte offset.
 */
import { CAPTURE_MAGIC, checkFileHeader, FILE_HEADER_SIZE, parseRecordHeader, RECORD_HEADER_SIZE, type CaptureRecord } from './capture-format.js';
import { TraceError } from './errors.js';

/** What the reader found next. */
export type CaptureItem = { readonly kind: 'capture-start'; readonly offset: number } | { readonly kind: 'record'; readonly record: CaptureRecord };

const MAGIC_FIRST = CAPTURE_MAGIC.charCodeAt(0);

/** Incremental capture parser. */
export class CaptureReader {
  private buf: Buffer = Buffer.alloc(0);
  /** File offset of `buf[0]`. */
  private offset = 0;
  private inCapture = false;

  /** Appends bytes and returns every item now complete. */
  push(chunk: Uint8Array): CaptureItem[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.buf, chunk]);
    const out: CaptureItem[] = [];
    for (;;) {
      if (!this.inCapture || this.buf[0] === MAGIC_FIRST) {
        if (this.buf.length < FILE_HEADER_SIZE) break;
        checkFileHeader(this.buf.subarray(0, FILE_HEADER_SIZE));
        out.push({ kind: 'capture-start', offset: this.offset });
        this.advance(FILE_HEADER_SIZE);
        this.inCapture = true;
        continue;
      }
      if (this.buf.length < RECORD_HEADER_SIZE) break;
      const h = parseRecordHeader(this.buf.subarray(0, RECORD_HEADER_SIZE), this.offset);
      if (this.buf.length < RECORD_HEADER_SIZE + h.length) break;
      // A copy: the payload outlives this buffer (decoders keep partial messages).
      const payload = Uint8Array.prototype.slice.call(this.buf, RECORD_HEADER_SIZE, RECORD_HEADER_SIZE + h.length);
      out.push({ kind: 'record', record: { kind: h.kind, t: h.t, conn: h.conn, from: h.from, payload } });
      this.advance(RECORD_HEADER_SIZE + h.length);
    }
    return out;
  }

  /** At the end of the file: throws if a record was cut off (reports where). */
  end(): void {
    if (this.buf.length === 0) {
      if (!this.inCapture && this.offset === 0) throw new TraceError('CAPTURE_INVALID', 'the capture file is empty');
      return;
    }
    throw new TraceError('CAPTURE_INVALID', `the capture ends inside a record at byte ${this.offset} (${this.buf.length} bytes left over): the file was cut short`);
  }

  private advance(n: number): void {
    this.buf = this.buf.subarray(n);
    this.offset += n;
    if (this.buf.length === 0) this.buf = Buffer.alloc(0);
  }
}
