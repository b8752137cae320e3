/**
 * Go `time.Time` on the msgpack wire, both ways ugorji writes it: the msgpack timestamp
 * extension −1 (ugorji 1.2 `EncodeTime`: 4, 8 or 12 bytes, zero time as nil) and Go's
 * `Time.MarshalBinary` bytes in a bin (ugorji 2015; go/src/time/time.go, versions 1 and 2).
 * Seconds within the JS safe range are computed with numbers; only the conversion to and from
 * {@link GoTimestamp}'s bigint seconds touches BigInt, and any int64 second count stays exact.
 */
import { u32 } from './bytes.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import type { Writer } from './writer.js';

/** Seconds from 0001-01-01 to 1970-01-01 (Go `unixToInternal`). */
const UNIX_TO_INTERNAL = 62135596800;
const TWO32 = 4294967296;

/** An instant with Go's nanosecond precision (the time zone is not kept: Go sends UTC here). */
export class GoTimestamp {
  /** Seconds since the Unix epoch. */
  readonly seconds: bigint;
  /** Nanoseconds within the second, 0 … 999 999 999. */
  readonly nanos: number;

  constructor(seconds: bigint, nanos: number) {
    if (typeof seconds !== 'bigint' || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
      throw new MsgpackError('INVALID_ARGUMENT', `bad timestamp ${String(seconds)}s ${String(nanos)}ns`);
    }
    this.seconds = seconds;
    this.nanos = nanos;
  }

  /** From a JS Date (millisecond precision). */
  static fromDate(d: Date): GoTimestamp {
    const ms = d.getTime();
    if (!Number.isFinite(ms)) throw new MsgpackError('INVALID_ARGUMENT', 'invalid Date');
    const sec = Math.floor(ms / 1000);
    return new GoTimestamp(BigInt(sec), (ms - sec * 1000) * 1_000_000);
  }

  /** As a JS Date (truncated to milliseconds). */
  toDate(): Date {
    return new Date(Number(this.seconds) * 1000 + Math.floor(this.nanos / 1_000_000));
  }
}

/** Writes the int64 `hi·2³² + lo` (hi signed) as 8 big-endian bytes at `w.pos`. */
function put64(w: Writer, hi: number, lo: number): void {
  w.view.setInt32(w.pos, hi | 0);
  w.view.setUint32(w.pos + 4, lo >>> 0);
  w.pos += 8;
}

/** ugorji 1.2 `EncodeTime` of a non-zero time: the timestamp extension −1 in 4, 8 or 12 bytes. */
export function writeTimestampExt(w: Writer, t: GoTimestamp): void {
  const s = t.seconds;
  if (s >= 0n && s < 0x400000000n) {
    // sec < 2^34: data64 = nsec << 34 | sec, in 4 bytes when it fits 32 bits.
    const sec = Number(s);
    const hi = Math.floor(sec / TWO32);
    if (t.nanos === 0 && hi === 0) {
      w.u8u8(M.FIXEXT4, M.TIMESTAMP_EXT);
      w.ensure(4);
      w.view.setUint32(w.pos, sec);
      w.pos += 4;
      return;
    }
    w.u8u8(M.FIXEXT8, M.TIMESTAMP_EXT);
    w.ensure(8);
    w.view.setUint32(w.pos, t.nanos * 4 + hi);
    w.view.setUint32(w.pos + 4, sec >>> 0);
    w.pos += 8;
    return;
  }
  w.extHeader(M.TIMESTAMP_EXT & 0xff, 12);
  w.ensure(12);
  w.view.setUint32(w.pos, t.nanos);
  w.view.setBigInt64(w.pos + 4, BigInt.asIntN(64, s));
  w.pos += 12;
}

/** Go `Time.MarshalBinary` (version 1, UTC offset −1) of `t` in a bin; `null` is Go's zero time. */
export function writeTimeBinary(w: Writer, t: GoTimestamp | null): void {
  w.ensure(17);
  const buf = w.buf;
  buf[w.pos] = M.BIN8;
  buf[w.pos + 1] = 15;
  buf[w.pos + 2] = 1;
  w.pos += 3;
  const nanos = t === null ? 0 : t.nanos;
  const sec = t === null ? -UNIX_TO_INTERNAL : t.seconds >= -(2n ** 52n) && t.seconds <= 2n ** 52n ? Number(t.seconds) : null;
  if (sec !== null) {
    const internal = sec + UNIX_TO_INTERNAL; // |sec| ≤ 2^52: exact
    const hi = Math.floor(internal / TWO32);
    put64(w, hi, internal - hi * TWO32);
  } else {
    w.view.setBigInt64(w.pos, BigInt.asIntN(64, (t as GoTimestamp).seconds + BigInt(UNIX_TO_INTERNAL)));
    w.pos += 8;
  }
  w.view.setInt32(w.pos, nanos);
  w.view.setInt16(w.pos + 4, -1);
  w.pos += 6;
}

/** The int64 at `p` as a bigint, via numbers when it is a safe integer. */
function int64At(b: Uint8Array, p: number): bigint {
  const hi = u32(b, p) | 0;
  if (hi >= -0x200000 && hi < 0x200000) return BigInt(hi * TWO32 + u32(b, p + 4));
  return (BigInt(hi) << 32n) | BigInt(u32(b, p + 4));
}

/** Decodes the payload of a timestamp extension −1 (`n` = 4, 8 or 12 bytes at `p`). */
export function timestampAt(b: Uint8Array, p: number, n: number, offset: number): GoTimestamp {
  if (n === 4) return new GoTimestamp(BigInt(u32(b, p)), 0);
  if (n === 8) {
    const hi = u32(b, p);
    const nanos = hi >>> 2;
    if (nanos > 999_999_999) throw new MsgpackError('CORRUPT', `timestamp nanoseconds ${nanos} out of range`, { offset });
    return new GoTimestamp(BigInt((hi & 3) * TWO32 + u32(b, p + 4)), nanos);
  }
  if (n === 12) {
    const nanos = u32(b, p);
    if (nanos > 999_999_999) throw new MsgpackError('CORRUPT', `timestamp nanoseconds ${nanos} out of range`, { offset });
    return new GoTimestamp(int64At(b, p + 4), nanos);
  }
  throw new MsgpackError('CORRUPT', `timestamp extension of ${n} bytes`, { offset });
}

/** Go `Time.UnmarshalBinary` (versions 1 and 2) of the `n` bytes at `p`; the zero time decodes as `null`. */
export function timeBinaryAt(b: Uint8Array, p: number, n: number, offset: number): GoTimestamp | null {
  const version = n > 0 ? b[p] : undefined;
  if (!((version === 1 && n === 15) || (version === 2 && n === 16))) {
    throw new MsgpackError('CORRUPT', `Time.UnmarshalBinary: invalid length ${n} or version ${String(version)}`, { offset });
  }
  const nanos = u32(b, p + 9) | 0;
  if (nanos < 0 || nanos > 999_999_999) throw new MsgpackError('CORRUPT', `Time.UnmarshalBinary: nanoseconds ${nanos} out of range`, { offset });
  const internal = int64At(b, p + 1);
  if (internal === 0n && nanos === 0) return null;
  return new GoTimestamp(internal - BigInt(UNIX_TO_INTERNAL), nanos);
}
