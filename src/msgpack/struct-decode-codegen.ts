/**
 * Generated struct decoders (codegen.ts): per struct, the zero value as an object literal (one
 * allocation with a stable shape, no template copy), field-name prediction as in
 * compile-decode.ts, and a switch storing each field as a named property. Same values as the
 * closure-based decoder in compile-decode.ts.
 */
import { CODEGEN_MAX_FIELDS, codegenAvailable, generate, lit } from './codegen.js';
import type { Reader } from './reader.js';
import type { MsgpackType } from './schema.js';

type Dec = (r: Reader) => unknown;

/** The parts a struct decoder is made of, in declaration order. */
export interface StructDecoderParts {
  readonly what: string;
  readonly names: readonly string[];
  readonly types: readonly MsgpackType[];
  readonly decs: readonly Dec[];
  /** Each field's str bytes (header + name), as ugorji writes its map key. */
  readonly keys: readonly Uint8Array[];
  /** sortedIdx[p]: declaration index of the p-th field by name; sortedPos is its inverse. */
  readonly sortedIdx: readonly number[];
  readonly sortedPos: readonly number[];
  readonly index: ReadonlyMap<string, number>;
  /** A fresh zero value of the struct (for nil). */
  readonly make: () => Record<string, unknown>;
  /** Fresh zero values of fields holding non-pointer structs. */
  readonly zeroMakers: readonly ((() => unknown) | null)[];
}

/** The zero value of a field as a JS expression. */
function zeroExpr(t: MsgpackType, i: number): string {
  switch (t.kind) {
    case 'int':
    case 'uint':
      return t.bigint ? '0n' : '0';
    case 'float':
      return '0';
    case 'bool':
      return 'false';
    case 'string':
      return '""';
    case 'struct':
      return `zm[${i}]()`;
    default:
      return 'null';
  }
}

/** The generated decoder of a struct, or null when code generation is unavailable. */
export function generateStructDecoder(parts: StructDecoderParts): Dec | null {
  const { names } = parts;
  if (!codegenAvailable || names.length > CODEGEN_MAX_FIELDS || names.includes('__proto__')) return null;
  const literal = names.map((n, i) => `${lit(n)}: ${zeroExpr(parts.types[i] as MsgpackType, i)}`).join(', ');
  const cases = names.map((n, i) => `      case ${i}: o[${lit(n)}] = d[${i}](r); break;`);
  const body = `return function decodeStruct(r) {
  const at = r.pos;
  const b = r.peek();
  if (b === 0xc0) { r.pos = at + 1; return make(); }
  const n = r.mapLen(b);
  if (n < 0) throw r.mismatch(what, b, at);
  r.enter();
  const o = { ${literal} };
  let inSorted = false, p = 0;
  for (let i = 0; i < n; i++) {
    let f = -1;
    if (p < ${names.length}) {
      const c = inSorted ? si[p] : p;
      if (r.match(k[c])) f = c;
      else {
        const c2 = inSorted ? p : si[p];
        if (c2 !== c && r.match(k[c2])) { f = c2; inSorted = !inSorted; }
      }
    }
    if (f < 0) {
      const found = index.get(r.string("a string map key"));
      if (found === undefined) { r.skip(); continue; }
      f = found;
    }
    switch (f) {
${cases.join('\n')}
    }
    p = (inSorted ? sp[f] : f) + 1;
  }
  r.depth--;
  return o;
};`;
  return generate<Dec>(['d', 'k', 'si', 'sp', 'index', 'make', 'zm', 'what'], body, [
    parts.decs,
    parts.keys,
    parts.sortedIdx,
    parts.sortedPos,
    parts.index,
    parts.make,
    parts.zeroMakers,
    parts.what,
  ]);
}
