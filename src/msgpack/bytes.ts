/** Big-endian integer reads from byte arrays (no DataView: making one costs more than these reads). */

/** The big-endian uint16 at `p`. */
export function u16(b: Uint8Array, p: number): number {
  return ((b[p] as number) << 8) | (b[p + 1] as number);
}

/** The big-endian uint32 at `p`. */
export function u32(b: Uint8Array, p: number): number {
  return ((b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number))) >>> 0;
}
