/**
 * Finds where the next complete msgpack value ends without decoding it, resumably: the state
 * is a position and a count of values still to skip (a container adds its element count), so
 * neither nesting depth nor chunking costs anything and bytes already scanned are never scanned
 * again. Used by the stream decoder to wait for a whole value, and to skip values.
 */
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import { u16, u32 } from './bytes.js';

/** Scan progress over one value. */
export interface ScanState {
  /** Next byte to look at. */
  pos: number;
  /** Values still to be skipped (1 at the start). */
  remaining: number;
}

/**
 * Advances `st` over `buf[..end)`; returns true when the value is complete (`st.pos` is then its
 * end), false when more bytes are needed. Throws MsgpackError CORRUPT on the reserved byte.
 */
export function scan(buf: Uint8Array, end: number, st: ScanState, base = 0): boolean {
  while (st.remaining > 0) {
    const p = st.pos;
    if (p >= end) return false;
    const b = buf[p] as number;
    let head = 1;
    let payload = 0;
    let children = 0;
    if (b <= M.POSFIXINT_MAX || b >= M.NEGFIXINT_MIN) {
      // fixint
    } else if (b < M.FIXARRAY) children = 2 * (b & 0x0f);
    else if (b < M.FIXSTR) children = b & 0x0f;
    else if (b < M.NIL) payload = b & 0x1f;
    else {
      const need = HEAD[b - M.NIL] as number;
      if (need < 0) throw new MsgpackError('CORRUPT', `invalid msgpack byte 0x${b.toString(16)}`, { offset: base + p });
      if (p + 1 + need > end) return false;
      head = 1 + need;
      switch (b) {
        case M.BIN8:
        case M.STR8:
          payload = buf[p + 1] as number;
          break;
        case M.BIN16:
        case M.STR16:
          payload = u16(buf, p + 1);
          break;
        case M.BIN32:
        case M.STR32:
          payload = u32(buf, p + 1);
          break;
        case M.EXT8:
          payload = buf[p + 1] as number;
          break;
        case M.EXT16:
          payload = u16(buf, p + 1);
          break;
        case M.EXT32:
          payload = u32(buf, p + 1);
          break;
        case M.ARRAY16:
          children = u16(buf, p + 1);
          break;
        case M.ARRAY32:
          children = u32(buf, p + 1);
          break;
        case M.MAP16:
          children = 2 * u16(buf, p + 1);
          break;
        case M.MAP32:
          children = 2 * u32(buf, p + 1);
          break;
        default:
          // fixed-size scalars and fixext: their whole size is in HEAD
          break;
      }
    }
    if (p + head + payload > end) return false;
    st.pos = p + head + payload;
    st.remaining += children - 1;
  }
  return true;
}

/**
 * Bytes after the marker that hold a length or a fixed-size value, for markers 0xc0 … 0xdf
 * (−1 = invalid). Lengths of str/bin/ext payloads are added by {@link scan}; fixext counts its
 * type byte and data here.
 */
const HEAD: readonly number[] = [
  0, -1, 0, 0, // c0 nil, c1 reserved, c2 false, c3 true
  1, 2, 4, // c4-c6 bin8/16/32 (length)
  2, 3, 5, // c7-c9 ext8/16/32 (length + type)
  4, 8, // ca float32, cb float64
  1, 2, 4, 8, // cc-cf uint
  1, 2, 4, 8, // d0-d3 int
  2, 3, 5, 9, 17, // d4-d8 fixext 1/2/4/8/16 (type + data)
  1, 2, 4, // d9-db str8/16/32 (length)
  2, 4, 2, 4, // dc-dd array16/32, de-df map16/32 (count)
];
