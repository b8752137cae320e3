/**
 * Go strings as JS strings, losslessly.
 *
 * A Go string is an arbitrary byte sequence (gob sends `uint(len)` + bytes, no UTF-8 check).
 * Valid UTF-8 decodes to the usual JS string. Each byte that is not part of a valid UTF-8
 * sequence (Go's `utf8.DecodeRune` rules: no overlongs, no surrogates, ≤ U+10FFFF) decodes to
 * the lone low surrogate U+DC80..U+DCFF ("surrogate escape", as Python's `surrogateescape`).
 * Valid UTF-8 never produces a lone surrogate, so encoding maps such a code unit back to its
 * byte and every Go string round-trips byte for byte. Encoding a JS string with any other lone
 * surrogate throws (it has no Go byte representation we could restore).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { gobError } from './errors.js';

const textEncoder = new TextEncoder();

/** True when the string is well formed UTF-16 (no lone surrogates). */
export const isWellFormedString: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: () => boolean }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * Buffer views of message buffers, held weakly: a view lives only as long as the bytes it views
 * (a module-global "last buffer" would keep a peer's message alive after its Decoder is gone).
 */
const views = new WeakMap<Uint8Array, NativeSlices>();

/** A Buffer view of `bytes` (messages share their chunk, so one view serves many strings). */
function nativeView(bytes: Uint8Array): NativeSlices {
  let view = views.get(bytes);
  if (view === undefined) {
    view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as NativeSlices;
    views.set(bytes, view);
  }
  return view;
}

/** Decodes `bytes[start, end)` as a Go string (see the module comment). */
export function decodeGoString(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 12) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      if (b >= 0x80) return slowDecode(bytes, start, end);
      s += String.fromCharCode(b);
    }
    return s;
  }
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return nativeView(bytes).latin1Slice(start, end);
  if (isUtf8(bytes.subarray(start, end))) return nativeView(bytes).utf8Slice(start, end);
  return slowDecode(bytes, start, end);
}

/**
 * Decodes many strings of one message at once: `bounds` holds [start, end) pairs in order. When
 * the whole region is ASCII, one native slice is cut into substrings (cheap in V8).
 */
export function decodeGoStrings(bytes: Uint8Array, bounds: readonly number[]): string[] {
  const out: string[] = [];
  const k = bounds.length;
  if (k === 0) return out;
  const first = bounds[0] as number;
  const last = bounds[k - 1] as number;
  if (k >= 8 && isAscii(bytes.subarray(first, last))) {
    const all = nativeView(bytes).latin1Slice(first, last);
    for (let i = 0; i < k; i += 2) out.push(all.substring((bounds[i] as number) - first, (bounds[i + 1] as number) - first));
    return out;
  }
  for (let i = 0; i < k; i += 2) out.push(decodeGoString(bytes, bounds[i] as number, bounds[i + 1] as number));
  return out;
}

function slowDecode(b: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const c0 = b[i] as number;
    if (c0 < 0x80) {
      units.push(c0);
      i++;
      continue;
    }
    let cp = -1;
    let len = 0;
    if (c0 >= 0xc2 && c0 <= 0xdf && i + 1 < end) {
      const c1 = b[i + 1] as number;
      if ((c1 & 0xc0) === 0x80) {
        cp = ((c0 & 0x1f) << 6) | (c1 & 0x3f);
        len = 2;
      }
    } else if (c0 >= 0xe0 && c0 <= 0xef && i + 2 < end) {
      const c1 = b[i + 1] as number;
      const c2 = b[i + 2] as number;
      const lo = c0 === 0xe0 ? 0xa0 : 0x80;
      const hi = c0 === 0xed ? 0x9f : 0xbf;
      if (c1 >= lo && c1 <= hi && (c2 & 0xc0) === 0x80) {
        cp = ((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
        len = 3;
      }
    } else if (c0 >= 0xf0 && c0 <= 0xf4 && i + 3 < end) {
      const c1 = b[i + 1] as number;
      const c2 = b[i + 2] as number;
      const c3 = b[i + 3] as number;
      const lo = c0 === 0xf0 ? 0x90 : 0x80;
      const hi = c0 === 0xf4 ? 0x8f : 0xbf;
      if (c1 >= lo && c1 <= hi && (c2 & 0xc0) === 0x80 && (c3 & 0xc0) === 0x80) {
        cp = ((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
        len = 4;
      }
    }
    if (cp < 0) {
      units.push(0xdc00 + c0);
      i++;
    } else if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
      i += len;
    } else {
      units.push(cp);
      i += len;
    }
  }
  let s = '';
  for (let k = 0; k < units.length; k += 4096) s += String.fromCharCode(...units.slice(k, k + 4096));
  return s;
}

/**
 * Writes the Go bytes of `s` into `out` at `at` (caller guarantees `3 * s.length` bytes of room)
 * and returns the number of bytes written.
 */
export function encodeGoStringInto(s: string, out: Uint8Array, at: number): number {
  const n = s.length;
  let p = at;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    out[p++] = c;
  }
  if (i === n) return p - at;
  if (n - i > 32 && isWellFormedString(s)) {
    const r = textEncoder.encodeInto(i === 0 ? s : s.slice(i), out.subarray(p));
    return p + r.written - at;
  }
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[p++] = 0xf0 | (c >> 18);
        out[p++] = 0x80 | ((c >> 12) & 0x3f);
        out[p++] = 0x80 | ((c >> 6) & 0x3f);
        out[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xdc80 && c <= 0xdcff) {
        out[p++] = c - 0xdc00;
      } else {
        throw gobError(
          'UNSUPPORTED_VALUE',
          `gob: string contains a lone surrogate U+${c.toString(16).toUpperCase()} at index ${i}; only U+DC80..U+DCFF (escaped raw bytes) can be encoded`,
        );
      }
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p - at;
}

/** The Go bytes of a JS string (inverse of {@link goStringFromBytes}). */
export function goStringBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  const n = encodeGoStringInto(s, out, 0);
  return out.slice(0, n);
}

/** The JS string for arbitrary Go string bytes (invalid UTF-8 bytes become U+DC80..U+DCFF). */
export function goStringFromBytes(bytes: Uint8Array): string {
  return decodeGoString(bytes, 0, bytes.length);
}
