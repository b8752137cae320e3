/**
 * The raw capture format of `go-netrpc trace --capture FILE` (version 1), read back by
 * `go-netrpc trace read FILE`. Everything the proxy saw, in the order it saw it, so the offline
 * transcript is the live one:
 *
 *   file   = magic "GNRTRACE" (8 bytes) · version uint16 BE (1) · record*
 *   record = kind uint8 · t float64 BE (ms since the trace started) · conn uint32 BE ·
 *            from uint8 (0 host, 1 plugin) · length uint32 BE · payload[length]
 *
 * Kinds: META (JSON: format, version, tool, platform and decoding limits; first record),
 * EVENT (JSON of a proxy-level {@link TraceEvent}: start, env, handshake, plugin stdout/stderr,
 * connections, notes, exit), TAP (JSON `{"codec":"go-plugin"|"packer"}`: connection `conn` is
 * decoded from now on), DATA (plaintext bytes relayed on `conn` from `from`, after TLS
 * termination), TICK (time reached `t` with no bytes: keepalive deadlines are checked), END (the
 * trace finished at `t`; a capture cut short by SIGKILL has none).
 * Decoded events (calls, replies, streams, …) are not stored: reading re-decodes the DATA.
 */
import { TraceError } from './errors.js';

export const CAPTURE_MAGIC = 'GNRTRACE';
export const CAPTURE_VERSION = 1;
/** Bytes before the first record. */
export const FILE_HEADER_SIZE = 10;
/** Bytes of a record header. */
export const RECORD_HEADER_SIZE = 18;
/** Largest record payload a reader accepts (a relayed chunk is at most 64 KiB in practice). */
export const MAX_RECORD_BYTES = 16 << 20;

export const RecordKind = { Meta: 0, Event: 1, Tap: 2, Data: 3, End: 4, Tick: 5 } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** How a connection's bytes are decoded. */
export type TapCodec = 'go-plugin' | 'packer';

/** One record read back. */
export interface CaptureRecord {
  readonly kind: RecordKind;
  readonly t: number;
  readonly conn: number;
  readonly from: 'host' | 'plugin';
  readonly payload: Uint8Array;
}

/** The file header. */
export function fileHeader(): Buffer {
  const b = Buffer.alloc(FILE_HEADER_SIZE);
  b.write(CAPTURE_MAGIC, 0, 'latin1');
  b.writeUInt16BE(CAPTURE_VERSION, 8);
  return b;
}

/** Checks a file header; throws TraceError CAPTURE_INVALID / CAPTURE_VERSION. */
export function checkFileHeader(b: Uint8Array): void {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length < FILE_HEADER_SIZE || buf.toString('latin1', 0, 8) !== CAPTURE_MAGIC) {
    throw new TraceError('CAPTURE_INVALID', 'not a go-netrpc trace capture (no GNRTRACE header): write one with `go-netrpc trace --capture FILE -- PLUGIN…`');
  }
  const v = buf.readUInt16BE(8);
  if (v !== CAPTURE_VERSION) throw new TraceError('CAPTURE_VERSION', `capture format version ${v} is not supported (this go-netrpc reads version ${CAPTURE_VERSION})`);
}

/** A record header. */
export function recordHeader(kind: RecordKind, t: number, conn: number, from: 'host' | 'plugin', length: number): Buffer {
  const b = Buffer.allocUnsafe(RECORD_HEADER_SIZE);
  b.writeUInt8(kind, 0);
  b.writeDoubleBE(t, 1);
  b.writeUInt32BE(conn, 9);
  b.writeUInt8(from === 'host' ? 0 : 1, 13);
  b.writeUInt32BE(length, 14);
  return b;
}

/** Parses a record header at `b[0..18)`; throws TraceError CAPTURE_INVALID at `offset`. */
export function parseRecordHeader(b: Buffer, offset: number): { kind: RecordKind; t: number; conn: number; from: 'host' | 'plugin'; length: number } {
  const kind = b.readUInt8(0) as RecordKind;
  const t = b.readDoubleBE(1);
  const conn = b.readUInt32BE(9);
  const from = b.readUInt8(13);
  const length = b.readUInt32BE(14);
  const bad = (what: string): TraceError => new TraceError('CAPTURE_INVALID', `capture record at byte ${offset}: ${what}`);
  if (kind > RecordKind.Tick) throw bad(`unknown kind ${kind}`);
  if (from > 1) throw bad(`unknown direction ${from}`);
  if (!Number.isFinite(t)) throw bad('timestamp is not a number');
  if (length > MAX_RECORD_BYTES) throw bad(`payload of ${length} bytes exceeds ${MAX_RECORD_BYTES}`);
  return { kind, t, conn, from: from === 0 ? 'host' : 'plugin', length };
}
