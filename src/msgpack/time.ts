/**
 * Go `time.Time` on the msgpack wire, both ways ugorji writes it: the msgpack timestamp
 * extension −1 (ugorji 1.2 `EncodeTime`: 4, 8 or 12 bytes, zero time as nil) and Go's
 * `Time.MarshalBinary` bytes in a bin (ugorji 2015; go/src/time/time.go, versions 1 and 2).
 */
import { MsgpackError } from './errors.js';

/** Seconds from 0001-01-01 to 1970-01-01 (Go `unixToInternal`). */
const UNIX_TO_INTERNAL = 62135596800n;

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

/** Payload of the timestamp extension −1, as ugorji 1.2 chooses its length. */
export function timestampExtPayload(t: GoTimestamp): Uint8Array {
  if (t.seconds >= 0n && t.seconds < 0x400000000n) {
    // The common case without BigInt arithmetic: sec < 2^34, data64 = nsec << 34 | sec.
    const sec = Number(t.seconds);
    if (t.nanos === 0 && sec < 0x100000000) {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setUint32(0, sec);
      return out;
    }
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint32(0, (t.nanos * 4 + Math.floor(sec / 0x100000000)) >>> 0);
    v.setUint32(4, sec >>> 0);
    return out;
  }
  const sec = t.seconds;
  const nsec = BigInt(t.nanos);
  if (sec >= 0n && sec >> 34n === 0n) {
    const data64 = (nsec << 34n) | sec;
    if (data64 >> 32n === 0n) {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setUint32(0, Number(data64));
      return out;
    }
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, data64);
    return out;
  }
  const out = new Uint8Array(12);
  const v = new DataView(out.buffer);
  v.setUint32(0, t.nanos);
  v.setBigInt64(4, BigInt.asIntN(64, sec));
  return out;
}

/** Decodes the payload of a timestamp extension −1 (4, 8 or 12 bytes). */
export function timestampFromExt(p: Uint8Array, offset: number): GoTimestamp {
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  if (p.length === 4) return new GoTimestamp(BigInt(v.getUint32(0)), 0);
  if (p.length === 8) {
    const d = v.getBigUint64(0);
    const nanos = Number(d >> 34n);
    if (nanos > 999_999_999) throw new MsgpackError('CORRUPT', `timestamp nanoseconds ${nanos} out of range`, { offset });
    return new GoTimestamp(d & 0x3ffffffffn, nanos);
  }
  if (p.length === 12) {
    const nanos = v.getUint32(0);
    if (nanos > 999_999_999) throw new MsgpackError('CORRUPT', `timestamp nanoseconds ${nanos} out of range`, { offset });
    return new GoTimestamp(v.getBigInt64(4), nanos);
  }
  throw new MsgpackError('CORRUPT', `timestamp extension of ${p.length} bytes`, { offset });
}

/** Go `Time.MarshalBinary` (version 1, UTC offset −1) of `t`; `null` is Go's zero time. */
export function marshalTimeBinary(t: GoTimestamp | null): Uint8Array {
  const out = new Uint8Array(15);
  const v = new DataView(out.buffer);
  out[0] = 1;
  v.setBigInt64(1, BigInt.asIntN(64, (t?.seconds ?? -UNIX_TO_INTERNAL) + UNIX_TO_INTERNAL));
  v.setInt32(9, t?.nanos ?? 0);
  v.setInt16(13, -1);
  return out;
}

/** Go `Time.UnmarshalBinary` (versions 1 and 2); the zero time decodes as `null`. */
export function unmarshalTimeBinary(p: Uint8Array, offset: number): GoTimestamp | null {
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const version = p[0];
  if (!((version === 1 && p.length === 15) || (version === 2 && p.length === 16))) {
    throw new MsgpackError('CORRUPT', `Time.UnmarshalBinary: invalid length ${p.length} or version ${String(version)}`, { offset });
  }
  const internal = v.getBigInt64(1);
  const nanos = v.getInt32(9);
  if (nanos < 0 || nanos > 999_999_999) throw new MsgpackError('CORRUPT', `Time.UnmarshalBinary: nanoseconds ${nanos} out of range`, { offset });
  if (internal === 0n && nanos === 0) return null;
  return new GoTimestamp(internal - UNIX_TO_INTERNAL, nanos);
}
