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
  private readonly scratch = new Uint8Array(32);

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

  /** The header message, or undefined until the type id is known. */
  encode(fields: readonly HeaderField[]): Uint8Array | undefined {
    const id = this.idBytes;
    if (id === undefined) return undefined;
    const parts: Uint8Array[] = [];
    let size = id.length + 1;
    let last = -1;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as HeaderField;
      if (f === '' || f === 0 || f === 0n) continue;
      // Anything unusual (negative, unsafe, too big) goes through gob, which reports it.
      if (typeof f === 'number' ? !Number.isSafeInteger(f) || f < 0 : typeof f === 'bigint' && (f < 0n || f >= 1n << 64n)) {
        return undefined;
      }
      const delta = this.uintBytes(i - last);
      last = i;
      const value = typeof f === 'string' ? this.stringBytes(f) : this.uintBytes(f);
      parts.push(delta, value);
      size += delta.length + value.length;
    }
    const len = this.uintBytes(size);
    const out = new Uint8Array(len.length + size);
    out.set(len, 0);
    let at = len.length;
    out.set(id, at);
    at += id.length;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    out[at] = 0;
    return out;
  }

  /** gob `encodeUint` of a non-negative safe integer or bigint below 2^64 (a fresh array). */
  private uintBytes(v: number | bigint): Uint8Array {
    if (typeof v === 'number' && v < 0x80) return Uint8Array.of(v);
    const b = this.scratch;
    let n = 0;
    if (typeof v === 'number') {
      for (let x = v; x > 0; x = Math.floor(x / 256)) b[8 - n++] = x % 256;
    } else {
      for (let x = v; x > 0n; x >>= 8n) b[8 - n++] = Number(x & 0xffn);
    }
    b[8 - n] = 256 - n;
    return b.slice(8 - n, 9);
  }

  /** uint(len) + the Go string bytes, cached per string (service names repeat). */
  private stringBytes(s: string): Uint8Array {
    const cached = this.strings.get(s);
    if (cached !== undefined) return cached;
    const raw = this.goStringBytes(s);
    const len = this.uintBytes(raw.length);
    const out = new Uint8Array(len.length + raw.length);
    out.set(len, 0);
    out.set(raw, len.length);
    if (this.strings.size < 1024 && raw.length <= 256) this.strings.set(s, out);
    return out;
  }
}
