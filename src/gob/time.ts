/**
 * Go `time.Time` as a GobEncoder type (Go time.go `Time.MarshalBinary` / `UnmarshalBinary`:
 * version byte 1 or 2, 8-byte big-endian seconds since 0001-01-01 UTC, 4-byte nanoseconds,
 * 2-byte zone offset in minutes with -1 meaning UTC, and for version 2 one extra byte of offset
 * seconds).
 */
import { gobError } from './errors.js';
import { gobEncoder } from './types.js';
import type { GobEncoderDescriptor } from './types.js';

/** Seconds from 0001-01-01 to 1970-01-01 (Go `unixToInternal`). */
const UNIX_TO_INTERNAL = 62135596800n;

/** A Go time.Time: an instant with nanosecond precision and a zone offset (or UTC). */
export class GoTime {
  constructor(
    /** Seconds since 0001-01-01T00:00:00Z (Go's internal absolute seconds; int64). */
    readonly sec: bigint,
    /** Nanoseconds within the second, 0..999999999. */
    readonly nsec: number,
    /** Zone offset in seconds east of UTC; `null` means the UTC location (wire offset -1). */
    readonly zoneOffset: number | null,
  ) {
    if (!Number.isInteger(nsec) || nsec < 0 || nsec > 999999999) throw gobError('UNSUPPORTED_VALUE', `gob: time nanoseconds out of range: ${nsec}`);
  }

  /** The zero time (0001-01-01 UTC): Go's `time.Time{}`; omitted when it is a struct field. */
  static readonly zero = new GoTime(0n, 0, null);

  /** From a JS Date (millisecond precision) and an optional zone offset in seconds. */
  static fromDate(date: Date, zoneOffset: number | null = null): GoTime {
    const ms = date.getTime();
    if (!Number.isFinite(ms)) throw gobError('UNSUPPORTED_VALUE', 'gob: invalid Date');
    const secs = Math.floor(ms / 1000);
    return new GoTime(BigInt(secs) + UNIX_TO_INTERNAL, (ms - secs * 1000) * 1e6, zoneOffset);
  }

  /** From Unix seconds (number or bigint) and nanoseconds. */
  static fromUnix(seconds: number | bigint, nsec = 0, zoneOffset: number | null = null): GoTime {
    return new GoTime(BigInt(seconds) + UNIX_TO_INTERNAL, nsec, zoneOffset);
  }

  /** Seconds since the Unix epoch. */
  get unixSeconds(): bigint {
    return this.sec - UNIX_TO_INTERNAL;
  }

  /** As a JS Date (loses sub-millisecond precision and the zone). */
  toDate(): Date {
    return new Date(Number(this.unixSeconds) * 1000 + Math.floor(this.nsec / 1e6));
  }

  /** Go `IsZero`. */
  isZero(): boolean {
    return this.sec === 0n && this.nsec === 0;
  }

  /** RFC 3339 with nanoseconds in UTC (for display). */
  toString(): string {
    const d = this.toDate();
    return `${d.toISOString().slice(0, 19)}.${String(this.nsec).padStart(9, '0')}Z${this.zoneOffset === null ? '' : ` (offset ${this.zoneOffset}s)`}`;
  }
}

/** Go `Time.MarshalBinary`. */
export function marshalTime(t: GoTime): Uint8Array {
  let offsetMin = -1;
  let offsetSec = 0;
  let version = 1;
  if (t.zoneOffset !== null) {
    const offset = t.zoneOffset;
    if (!Number.isInteger(offset)) throw gobError('UNSUPPORTED_VALUE', 'Time.MarshalBinary: unexpected zone offset');
    if (offset % 60 !== 0) {
      version = 2;
      offsetSec = offset % 60;
    }
    const m = Math.trunc(offset / 60);
    if (m < -32768 || m === -1 || m > 32767) throw gobError('UNSUPPORTED_VALUE', 'Time.MarshalBinary: unexpected zone offset');
    offsetMin = m;
  }
  const out = new Uint8Array(version === 2 ? 16 : 15);
  const dv = new DataView(out.buffer);
  out[0] = version;
  dv.setBigInt64(1, t.sec);
  dv.setUint32(9, t.nsec);
  dv.setInt16(13, offsetMin);
  if (version === 2) dv.setInt8(15, offsetSec);
  return out;
}

/** Go `Time.UnmarshalBinary`. */
export function unmarshalTime(b: Uint8Array): GoTime {
  if (b.length === 0) throw gobError('CORRUPT', 'Time.UnmarshalBinary: no data');
  const version = b[0];
  if (version !== 1 && version !== 2) throw gobError('CORRUPT', 'Time.UnmarshalBinary: unsupported version');
  const want = version === 2 ? 16 : 15;
  if (b.length !== want) throw gobError('CORRUPT', 'Time.UnmarshalBinary: invalid length');
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const sec = dv.getBigInt64(1);
  const nsec = dv.getInt32(9);
  if (nsec < 0 || nsec > 999999999) throw gobError('CORRUPT', 'Time.UnmarshalBinary: nanoseconds out of range');
  const offMin = dv.getInt16(13);
  let offset = offMin * 60;
  // Go adds the offset-seconds byte unsigned (so negative second offsets do not round-trip in Go either).
  if (version === 2) offset += b[15] as number;
  return new GoTime(sec, nsec, offset === -60 ? null : offset);
}

/** Descriptor of Go `time.Time` (a GobEncoder; zero times are omitted in structs). */
export const time: GobEncoderDescriptor<GoTime> = gobEncoder<GoTime>('time.Time', {
  kind: 'gob',
  encode: (v) => {
    if (!(v instanceof GoTime)) throw gobError('UNSUPPORTED_VALUE', 'gob: time.Time values must be GoTime instances');
    return marshalTime(v);
  },
  decode: unmarshalTime,
  isZero: (v) => v instanceof GoTime && v.isZero(),
  zero: () => GoTime.zero,
});
