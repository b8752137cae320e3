/**
 * Incremental frame parser, the receive side of hashicorp/yamux `Session.recvLoop`
 * (`io.ReadFull` of the 12-byte header, then `Stream.readData` / `io.CopyN` of the payload).
 *
 * It is independent of how the transport chunks the bytes: a header is read in place when it
 * lies in one chunk and copied into a 12-byte scratch buffer only when it straddles chunks; Data
 * payloads are handed on as views (`subarray`) of the received chunks while they arrive, never
 * reassembled, so a 256 KiB frame costs no copy and no wait for its tail.
 *
 * Deviation from Go: Go reads the whole payload into the stream buffer before handling the
 * next frame; we deliver it piecewise, which is observably the same to the stream reader.
 */
import { HEADER_SIZE } from './constants.js';
import { readU32 } from './frame.js';

/** Receives parsed frames. */
export interface FrameSink {
  /**
   * A complete header. Returns how many payload bytes follow (the Data length, 0 for other
   * types). Validation (version, type, windows) is the sink's business.
   */
  onHeader(version: number, type: number, flags: number, streamId: number, length: number): number;
  /** A piece of the current payload; `last` is true on its final piece. */
  onPayload(piece: Buffer, last: boolean): void;
}

/** Splits a byte stream into yamux frames; feed it with {@link FrameReader.push}. */
export class FrameReader {
  private readonly scratch = Buffer.alloc(HEADER_SIZE);
  private scratchFill = 0;
  private payloadLeft = 0;
  private stopped = false;
  private paused = false;
  /** Input received while paused (views, not copies), parsed on resume(). */
  private held: Buffer[] = [];

  constructor(private readonly sink: FrameSink) {}

  /** Stops parsing immediately (the session closed); later input is ignored. */
  stop(): void {
    this.stopped = true;
    this.held = [];
  }

  /** Stops parsing after the current frame header or payload piece; input is held until {@link resume}. */
  pause(): void {
    this.paused = true;
  }

  /** Parses the held input and continues with new input. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    while (this.held.length > 0 && !this.paused && !this.stopped) this.parse(this.held.shift() as Buffer);
  }

  /** True while a frame is partially received. */
  get midFrame(): boolean {
    return this.scratchFill > 0 || this.payloadLeft > 0;
  }

  /** Parses as much of `chunk` as possible (all of it unless paused); the sink is called synchronously. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    if (this.paused || this.held.length > 0) this.held.push(chunk);
    else this.parse(chunk);
  }

  private parse(chunk: Buffer): void {
    const len = chunk.length;
    let off = 0;
    while (off < len && !this.stopped) {
      if (this.paused) {
        this.held.unshift(chunk.subarray(off));
        return;
      }
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, len - off);
        this.payloadLeft -= take;
        const piece = off === 0 && take === len ? chunk : chunk.subarray(off, off + take);
        off += take;
        this.sink.onPayload(piece, this.payloadLeft === 0);
        continue;
      }
      let h: Buffer;
      let ho: number;
      if (this.scratchFill === 0 && len - off >= HEADER_SIZE) {
        h = chunk;
        ho = off;
        off += HEADER_SIZE;
      } else {
        const take = Math.min(HEADER_SIZE - this.scratchFill, len - off);
        chunk.copy(this.scratch, this.scratchFill, off, off + take);
        this.scratchFill += take;
        off += take;
        if (this.scratchFill < HEADER_SIZE) return;
        this.scratchFill = 0;
        h = this.scratch;
        ho = 0;
      }
      const follow = this.sink.onHeader(
        h[ho] as number,
        h[ho + 1] as number,
        ((h[ho + 2] as number) << 8) | (h[ho + 3] as number),
        readU32(h, ho + 4),
        readU32(h, ho + 8),
      );
      this.payloadLeft = follow;
    }
  }
}
