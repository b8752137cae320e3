/**
 * Parses a copy of one direction of a yamux session (hashicorp/yamux session.go `recvLoop`)
 * without buffering payloads: headers are decoded with yamux's `decodeHeader`, Data payload
 * bytes are handed on slice by slice as they arrive. Memory: 12 bytes per direction.
 */
import { decodeHeader, FrameType, HEADER_SIZE, PROTO_VERSION, describeHeader, type FrameHeader } from '../yamux/index.js';
import { TraceError } from './errors.js';

/** Receives what {@link FrameTap} parses. */
export interface FrameSink {
  /** Every frame header (a Data frame's payload follows through `data`). */
  frame(h: FrameHeader): void;
  /** A piece of a Data frame's payload on `streamId`. */
  data(streamId: number, bytes: Uint8Array): void;
  /** The direction stopped parsing (unknown version/type): nothing more is reported. */
  failed(err: TraceError): void;
}

/** One direction's frame parser. */
export class FrameTap {
  private readonly hdr = new Uint8Array(HEADER_SIZE);
  private have = 0;
  private remaining = 0;
  private streamId = 0;
  private dead = false;
  /** Bytes seen so far (offset of the next byte). */
  offset = 0;

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.dead) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        this.sink.data(this.streamId, chunk.subarray(i, i + n));
        i += n;
        continue;
      }
      const n = Math.min(HEADER_SIZE - this.have, chunk.length - i);
      this.hdr.set(chunk.subarray(i, i + n), this.have);
      this.have += n;
      i += n;
      if (this.have < HEADER_SIZE) break;
      this.have = 0;
      const h = decodeHeader(this.hdr);
      if (h.version !== PROTO_VERSION || h.type > FrameType.GoAway) {
        this.dead = true;
        const at = this.offset + i - HEADER_SIZE;
        this.sink.failed(new TraceError('FRAME_INVALID', `not a yamux frame at byte ${at} (${describeHeader(h)}); frames after it are relayed but not decoded`));
        break;
      }
      this.sink.frame(h);
      if (h.type === FrameType.Data && h.length > 0) {
        this.remaining = h.length;
        this.streamId = h.streamId;
      }
    }
    this.offset += chunk.length;
  }
}
