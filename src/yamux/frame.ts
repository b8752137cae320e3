/**
 * The 12-byte yamux frame header (hashicorp/yamux const.go `header`, `header.encode`, spec.md):
 * version u8 | type u8 | flags u16 | streamID u32 | length u32, all big-endian.
 */
import { HEADER_SIZE } from './constants.js';

/** A decoded frame header. `length` is the payload size (Data), window delta (WindowUpdate), ping id (Ping) or code (GoAway). */
export interface FrameHeader {
  readonly version: number;
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
}

/** Writes a header into `out` at `offset` (Go `header.encode`). */
export function encodeHeaderInto(out: Uint8Array, offset: number, type: number, flags: number, streamId: number, length: number): void {
  out[offset] = 0;
  out[offset + 1] = type;
  out[offset + 2] = (flags >>> 8) & 0xff;
  out[offset + 3] = flags & 0xff;
  out[offset + 4] = streamId >>> 24;
  out[offset + 5] = (streamId >>> 16) & 0xff;
  out[offset + 6] = (streamId >>> 8) & 0xff;
  out[offset + 7] = streamId & 0xff;
  out[offset + 8] = length >>> 24;
  out[offset + 9] = (length >>> 16) & 0xff;
  out[offset + 10] = (length >>> 8) & 0xff;
  out[offset + 11] = length & 0xff;
}

/** A fresh 12-byte header (a small slice of Node's Buffer pool). */
export function encodeHeader(type: number, flags: number, streamId: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(HEADER_SIZE);
  encodeHeaderInto(b, 0, type, flags, streamId, length);
  return b;
}

/** Big-endian u32 at `i` of `b`; the caller ensures `i + 4 <= b.length`. */
export function readU32(b: Uint8Array, i: number): number {
  return (b[i] as number) * 0x1000000 + (((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number));
}

/** Decodes the header at `offset`; the caller ensures 12 bytes are present. */
export function decodeHeader(b: Uint8Array, offset = 0): FrameHeader {
  return {
    version: b[offset] as number,
    type: b[offset + 1] as number,
    flags: ((b[offset + 2] as number) << 8) | (b[offset + 3] as number),
    streamId: readU32(b, offset + 4),
    length: readU32(b, offset + 8),
  };
}

const TYPE_NAMES = ['Data', 'WindowUpdate', 'Ping', 'GoAway'];

/** Human-readable header for logs and error messages, e.g. `WindowUpdate[SYN|ACK] stream=3 length=0`. */
export function describeHeader(h: FrameHeader): string {
  const flags: string[] = [];
  if (h.flags & 0x1) flags.push('SYN');
  if (h.flags & 0x2) flags.push('ACK');
  if (h.flags & 0x4) flags.push('FIN');
  if (h.flags & 0x8) flags.push('RST');
  if (h.flags & ~0xf) flags.push(`0x${(h.flags & ~0xf).toString(16)}`);
  const type = TYPE_NAMES[h.type] ?? `type${h.type}`;
  const v = h.version === 0 ? '' : ` version=${h.version}`;
  return `${type}[${flags.join('|')}] stream=${h.streamId} length=${h.length}${v}`;
}
