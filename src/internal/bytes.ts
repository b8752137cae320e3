/**
 * Small Uint8Array helpers used by every layer: zero-copy views of Buffers, concatenation,
 * equality, and a short hex preview for error messages.
 */

/** A view of `buf` as a plain Uint8Array over the same memory (no copy). */
export function asUint8Array(buf: Uint8Array): Uint8Array {
  return buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Concatenates chunks into one new Uint8Array (copies). */
export function concatBytes(chunks: readonly Uint8Array[], totalLength?: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  let total = totalLength ?? 0;
  if (totalLength === undefined) for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Hex rendering (`"0a ff 81"`), truncated to `max` bytes with an ellipsis. */
export function hexPreview(bytes: Uint8Array, max = 32): string {
  const parts: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) parts.push((bytes[i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > max ? ' …' : '');
}

/** Parses `"0a ff 81"` or `"0aff81"` into bytes. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new RangeError('odd number of hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
