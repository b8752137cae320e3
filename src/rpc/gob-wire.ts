/**
 * Byte-level helpers for the gob codec that need no gob import: reading a gob uint and message
 * framing (gob decoder.go `recvMessage`, encoder.go `writeMessage`), finding the type
 * definitions at the front of one Encode's output, and encoding net/rpc headers directly once
 * their type is on the wire (encode.go `encodeStruct` with `encodeUint` / `encString`, zero
 * fields omitted).
 */

/** Reads a gob uint at `pos` of `b`: [value, next position], or undefined if malformed. */
export function readUint(b: Uint8Array, pos: number): [number, number] | undefined {
  const c = b[pos];
  if (c === undefined) return undefined;
  if (c < 0x80) return [c, pos + 1];
  const n = 256 - c;
  if (n > 8 || pos + 1 + n > b.length) return undefined;
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + (b[pos + 1 + i] as number);
  return [v, pos + 1 + n];
}

/** The type-definition messages (negative type id) at the front of one Encode's bytes. */
export function definitionPrefix(bytes: Uint8Array): Uint8Array | undefined {
  let pos = 0;
  while (pos < bytes.length) {
    const count = readUint(bytes, pos);
    if (count === undefined) break;
    const first = bytes[count[1]];
    const typeId = readUint(bytes, count[1]);
    // int(-id) has its low bit set (gob folds the sign into bit 0).
    if (first === undefined || typeId === undefined || (typeId[0] & 1) === 0) break;
    pos = count[1] + count[0];
  }
  return pos === 0 ? undefined : bytes.slice(0, Math.min(pos, bytes.length));
}

/** A header field value: a string or an unsigned integer. */
export type HeaderField = string | number | bigint;

/**
 * Encodes Request/Response header values directly once gob has sent the header's type on this
 * connection (every header after the first), producing the bytes gob's Encoder would: one
 * message `uint(len) int(typeId) (uint(delta) value)* 00`, zero fields omitted. Headers are
 * half of all messages, and this skips the generic encoder for them. Equality with gob's
 * output is property-tested.
 */
export class HeaderEncoder {
  /** Raw bytes of int(typeId) of the header type, once learned from gob's first encoding. */
  private idBytes: Uint8Array | undefined;
  private readonly strings = new Map<string, Uint8Array>();
  private scratch = new Uint8Array(512);

  /** @param goStringBytes gob's string → Go bytes conversion (gob `goStringBytes`). */
  constructor(private readonly goStringBytes: (s: string) => Uint8Array) {}

  /** Learns the header's type id from gob's encoding of the first header (definitions, then the value). */
  learn(bytes: Uint8Array): void {
    let pos = 0;
    while (pos < bytes.length) {
      const count = readUint(bytes, pos);
      if (count === undefined) return;
      const id = readUint(bytes, count[1]);
      if (id === undefined) return;
      if ((id[0] & 1) === 0) {
        this.idBytes = bytes.slice(count[1], id[1]);
        return;
      }
      pos = count[1] + count[0];
    }
  }

  /**
   * The header message `{ServiceMethod, Seq[, Error]}` (Error only for responses), or
   * undefined until the type id is known or when a value needs gob's own checks. Small results
   * are views into a scratch buffer, valid only until the next call: copy them before then.
   */
  encode(serviceMethod: string, seq: number | bigint, error?: string): Uint8Array | undefined {
    const id = this.idBytes;
    if (id === undefined) return undefined;
    // Anything unusual (negative, unsafe, too big) goes through gob, which reports it.
    if (typeof seq === 'number' ? !Number.isSafeInteger(seq) || seq < 0 : seq < 0n || seq >= 1n << 64n) return undefined;
    const sm = serviceMethod === '' ? undefined : this.stringBytes(serviceMethod);
    const er = error === undefined || error === '' ? undefined : this.stringBytes(error);
    // Body after 9 bytes reserved for the length: id, then (delta, value) per non-zero field, 0.
    const need = 9 + id.length + 10 + (sm === undefined ? 0 : sm.length) + 10 + (er === undefined ? 0 : er.length) + 10;
    let buf = this.scratch;
    if (need > buf.length) buf = this.scratch = new Uint8Array(Math.max(need, buf.length * 2));
    buf.set(id, 9);
    let at = 9 + id.length;
    let last = -1;
    if (sm !== undefined) {
      buf[at++] = 1;
      buf.set(sm, at);
      at += sm.length;
      last = 0;
    }
    if (seq !== 0 && seq !== 0n) {
      buf[at++] = 1 - last;
      at = putUint(buf, at, seq);
      last = 1;
    }
    if (er !== undefined) {
      buf[at++] = 2 - last;
      buf.set(er, at);
      at += er.length;
    }
    buf[at++] = 0;
    const size = at - 9;
    const lenBytes = size < 0x80 ? 1 : size < 0x100 ? 2 : size < 0x10000 ? 3 : size < 0x1000000 ? 4 : 5;
    const start = 9 - lenBytes;
    putUint(buf, start, size);
    // Large headers are copied: a writer may hand big parts to the transport without copying.
    return size < 4096 ? buf.subarray(start, at) : buf.slice(start, at);
  }

  /** String field bytes of `s` (uint(len) + its Go bytes), cached per string (names repeat). */
  private stringBytes(s: string): Uint8Array {
    const cached = this.strings.get(s);
    if (cached !== undefined) return cached;
    const raw = this.goStringBytes(s);
    const tmp = new Uint8Array(9);
    const n = putUint(tmp, 0, raw.length);
    const out = new Uint8Array(n + raw.length);
    out.set(tmp.subarray(0, n), 0);
    out.set(raw, n);
    if (this.strings.size < 1024 && raw.length <= 256) this.strings.set(s, out);
    return out;
  }
}

/** Writes gob `encodeUint(v)` at `at` of `b` (room for 9 bytes needed); returns the end. */
export function putUint(b: Uint8Array, at: number, v: number | bigint): number {
  if (typeof v === 'number') {
    if (v < 0x80) {
      b[at] = v;
      return at + 1;
    }
    let n = 0;
    for (let x = v; x > 0; x = Math.floor(x / 256)) n++;
    b[at] = 256 - n;
    for (let i = n, x = v; i > 0; i--, x = Math.floor(x / 256)) b[at + i] = x % 256;
    return at + 1 + n;
  }
  if (v < 0x80n) {
    b[at] = Number(v);
    return at + 1;
  }
  let n = 0;
  for (let x = v; x > 0n; x >>= 8n) n++;
  b[at] = 256 - n;
  for (let i = n, x = v; i > 0; i--, x >>= 8n) b[at + i] = Number(x & 0xffn);
  return at + 1 + n;
}
