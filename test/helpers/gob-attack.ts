/**
 * Hand-built hostile gob streams for the decode-side regression tests and the fuzzer: raw wire
 * definitions (wide structs, deep chains, unnamed-type chains) and values spread over many
 * messages. Written independently of src/gob's writer so the tests do not trust the code under test.
 */

/** Gob bytes builder: `uint`, `int`, `string`, and whole messages. */
export class GobBytes {
  private readonly out: number[] = [];

  uint(n: number): this {
    if (n < 0x80) {
      this.out.push(n);
      return this;
    }
    const bytes: number[] = [];
    let v = n;
    while (v > 0) {
      bytes.unshift(v % 256);
      v = Math.floor(v / 256);
    }
    this.out.push(256 - bytes.length, ...bytes);
    return this;
  }

  int(n: number): this {
    return this.uint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  string(s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.uint(b.length);
    for (const x of b) this.out.push(x);
    return this;
  }

  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.out.push(b[i] as number);
    return this;
  }

  get length(): number {
    return this.out.length;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A whole message: `uint(len)` + body. */
export function message(body: GobBytes | Uint8Array): Uint8Array {
  const b = body instanceof GobBytes ? body.bytes() : body;
  return new GobBytes().uint(b.length).raw(b).bytes();
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function common(b: GobBytes, name: string, id: number): void {
  b.uint(1); // CommonType
  if (name !== '') b.uint(1).string(name).uint(1);
  else b.uint(2);
  b.int(id).uint(0);
}

/** Definition message of a struct type. */
export function defStruct(id: number, name: string, fields: readonly { name: string; id: number }[]): Uint8Array {
  const b = new GobBytes().int(-id).uint(3);
  common(b, name, id);
  if (fields.length > 0) {
    b.uint(1).uint(fields.length);
    for (const f of fields) b.uint(1).string(f.name).uint(1).int(f.id).uint(0);
  }
  b.uint(0).uint(0);
  return message(b);
}

/** Definition message of a slice type. */
export function defSlice(id: number, name: string, elem: number): Uint8Array {
  const b = new GobBytes().int(-id).uint(2);
  common(b, name, id);
  b.uint(1).int(elem).uint(0).uint(0);
  return message(b);
}

/** Definition message of a map type. */
export function defMap(id: number, name: string, key: number, elem: number): Uint8Array {
  const b = new GobBytes().int(-id).uint(4);
  common(b, name, id);
  b.uint(1).int(key).uint(1).int(elem).uint(0).uint(0);
  return message(b);
}

export const T = { bool: 1, int: 2, uint: 3, float: 4, bytes: 5, string: 6, complex: 7, interface: 8 } as const;

/** A struct of `n` string fields `F0..F{n-1}` (id 64) and one value setting each field to "x". */
export function wideStruct(n: number): Uint8Array {
  const fields = Array.from({ length: n }, (_, i) => ({ name: `F${i}`, id: T.string }));
  const v = new GobBytes().int(64);
  for (let i = 0; i < n; i++) v.uint(1).string('x');
  v.uint(0);
  return concat([defStruct(64, 'Wide', fields), message(v)]);
}

/**
 * `depth` nested structs S0 { In S1 } … S{depth-1} { X int } (ids 64…) and a value with every
 * level present.
 */
export function deepStructs(depth: number): Uint8Array {
  const defs: Uint8Array[] = [];
  for (let i = 0; i < depth; i++) {
    const last = i === depth - 1;
    defs.push(defStruct(64 + i, `S${i}`, [last ? { name: 'X', id: T.int } : { name: 'In', id: 65 + i }]));
  }
  const v = new GobBytes().int(64);
  for (let i = 0; i < depth - 1; i++) v.uint(1);
  v.uint(1).int(7);
  for (let i = 0; i < depth; i++) v.uint(0);
  return concat([...defs, message(v)]);
}

/**
 * `depth` unnamed maps, each keyed and valued by the next (map[M1]M1, M1 = map[M2]M2, …,
 * ending in int), and a value of type id 64 (an empty map): names rendered naively double at
 * every level.
 */
export function unnamedMapChain(depth: number): Uint8Array {
  const defs: Uint8Array[] = [];
  for (let i = 0; i < depth; i++) {
    const next = i === depth - 1 ? T.int : 65 + i;
    defs.push(defMap(64 + i, '', next, next));
  }
  const v = new GobBytes().int(64).uint(0).uint(0);
  return concat([...defs, message(v)]);
}

/**
 * One `[]interface{}` value (type 64) of `n` elements, each an interface holding a distinct
 * struct type whose definition arrives in its own message in the middle of the value (Go's
 * split rule): about 2n + 1 messages for one value.
 */
export function splitInterfaceSlice(n: number): Uint8Array[] {
  const msgs: Uint8Array[] = [defSlice(64, '', T.interface)];
  // First message: the value's id, the singleton delta, the count and the first name.
  let cur = new GobBytes().int(64).uint(0).uint(n);
  for (let i = 0; i < n; i++) {
    const id = 65 + i;
    const name = `T${i}`;
    cur.string(name);
    msgs.push(message(cur));
    msgs.push(defStruct(id, name, [{ name: 'A', id: T.int }]));
    // The continuation: the concrete type id, the (ignored) byte count and the struct body.
    cur = new GobBytes().int(id).uint(3).uint(1).int(i).uint(0);
  }
  msgs.push(message(cur));
  return msgs;
}

/** `n` nested unnamed slices ending in int, and a value with one element per level. */
export function sliceChain(n: number): Uint8Array {
  const defs = Array.from({ length: n }, (_, i) => defSlice(64 + i, '', i === n - 1 ? T.int : 65 + i));
  const v = new GobBytes().int(64).uint(0);
  for (let i = 0; i < n; i++) v.uint(1);
  v.int(3);
  return concat([...defs, message(v)]);
}

/** `n` nested maps int -> next, ending in int, and a value with one entry per level. */
export function mapChain(n: number): Uint8Array {
  const defs = Array.from({ length: n }, (_, i) => defMap(64 + i, '', T.int, i === n - 1 ? T.int : 65 + i));
  const v = new GobBytes().int(64).uint(0);
  for (let i = 0; i < n; i++) v.uint(1).int(1);
  v.int(3);
  return concat([...defs, message(v)]);
}
