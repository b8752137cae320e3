/**
 * Generated struct encoders (codegen.ts): per struct, straight-line code that writes the map
 * header and each field's name bytes inline, reads each field as a named property, and writes
 * strings, bools, floats and safe-integer ints inline, calling the field's compiled encoder for
 * everything else (and for values the inline paths do not take, which then report errors).
 * Byte-for-byte what the closure-based encoder in compile-encode.ts writes.
 */
import { CODEGEN_MAX_FIELDS, codegenAvailable, generate, lit } from './codegen.js';
import type { Enc } from './encode-any.js';
import type { MsgpackType } from './schema.js';

/** The parts a struct encoder is made of, in the dialect's field order. */
export interface StructEncoderParts {
  /** Field names, in the order written. */
  readonly names: readonly string[];
  readonly types: readonly MsgpackType[];
  /** Each field's str bytes (header + name), what ugorji writes as its map key. */
  readonly keys: readonly Uint8Array[];
  readonly encs: readonly Enc[];
  /** Each field's Go zero value, written for an absent (undefined) field. */
  readonly zeros: readonly unknown[];
  /** The map header (ugorji writes a struct as a map of its fields). */
  readonly header: Uint8Array;
  /** The dialect writes non-negative signed ints with unsigned markers (2015). */
  readonly positiveIntUnsigned: boolean;
}

const INT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 127, 16: 32767, 32: 2147483647, 64: Number.MAX_SAFE_INTEGER };
const UINT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 255, 16: 65535, 32: 4294967295, 64: Number.MAX_SAFE_INTEGER };

/** Statements writing the constant bytes `b` at the cursor (one room check). */
function writeBytes(b: Uint8Array): string {
  const stores = Array.from(b, (x, j) => `B[P + ${j}] = ${x};`).join(' ');
  return `P = w.pos; if (P + ${b.length} > w.buf.length) { w.ensure(${b.length}); P = w.pos; } B = w.buf; ${stores} w.pos = P + ${b.length};`;
}

/** Statements writing the constant bytes `b` and then one byte (the expression `x`), with one room check. */
function writeBytesAndByte(b: Uint8Array, x: string): string {
  const stores = Array.from(b, (v, j) => `B[P + ${j}] = ${v};`).join(' ');
  return `P = w.pos; if (P + ${b.length + 1} > w.buf.length) { w.ensure(${b.length + 1}); P = w.pos; } B = w.buf; ${stores} B[P + ${b.length}] = ${x}; w.pos = P + ${b.length + 1};`;
}

/**
 * The key of field `i` and its value `f` in one room check when the value is one byte (a bool, a
 * fixint) or a short ASCII string (fixstr, a JS loop); null when the field's kind has no such case.
 */
function fastPath(t: MsgpackType, key: Uint8Array): string | null {
  const k = key.length;
  switch (t.kind) {
    case 'bool':
      return `if (typeof f === "boolean") { ${writeBytesAndByte(key, 'f ? 0xc3 : 0xc2')} }`;
    case 'int':
      // Both dialects write -32…127 as a fixint.
      return t.bigint ? null : `if (typeof f === "number" && f >= -32 && f <= 127 && (f | 0) === f) { ${writeBytesAndByte(key, 'f & 0xff')} }`;
    case 'uint':
      return t.bigint ? null : `if (typeof f === "number" && f >= 0 && f <= 127 && (f | 0) === f) { ${writeBytesAndByte(key, 'f')} }`;
    case 'string': {
      const stores = Array.from(key, (v, j) => `B[P + ${j}] = ${v};`).join(' ');
      return `if (typeof f === "string" && f.length < 32) {
      const sn = f.length; P = w.pos; if (P + ${k + 1} + sn > w.buf.length) { w.ensure(${k + 1} + sn); P = w.pos; } B = w.buf; ${stores}
      const sq = P + ${k + 1}; let sj = 0;
      for (; sj < sn; sj++) { const c = f.charCodeAt(sj); if (c > 0x7f) break; B[sq + sj] = c; }
      if (sj === sn) { B[P + ${k}] = 0xa0 | sn; w.pos = sq + sn; } else { w.pos = P + ${k}; w.str(f); }
    }`;
    }
    default:
      return null;
  }
}

/** The inline write of field `i`'s value `f`, falling back to its compiled encoder. */
function writeValue(t: MsgpackType, i: number, positiveIntUnsigned: boolean): string {
  const fallback = `e[${i}](w, f === undefined ? z[${i}] : f, d1);`;
  switch (t.kind) {
    case 'string':
      return `if (typeof f === "string") w.str(f); else ${fallback}`;
    case 'bool':
      return `if (f === true) w.u8(0xc3); else if (f === false) w.u8(0xc2); else ${fallback}`;
    case 'float':
      return t.bits === 64 ? `if (typeof f === "number") w.f64(f); else ${fallback}` : `if (typeof f === "number") w.f32(f); else ${fallback}`;
    case 'int': {
      if (t.bigint) return fallback;
      const hi = INT_MAX[t.bits];
      const write = positiveIntUnsigned ? 'if (f >= 0) w.uintNum(f); else w.intNum(f);' : 'w.intNum(f);';
      return `if (typeof f === "number" && f >= ${-hi - (t.bits === 64 ? 0 : 1)} && f <= ${hi} && Number.isInteger(f)) { ${write} } else ${fallback}`;
    }
    case 'uint':
      if (t.bigint) return fallback;
      return `if (typeof f === "number" && f >= 0 && f <= ${UINT_MAX[t.bits]} && Number.isInteger(f)) w.uintNum(f); else ${fallback}`;
    default:
      return fallback;
  }
}

/**
 * The generated encoder of a struct, or null when code generation is unavailable (the caller
 * then uses its closures). `check` throws for a value that is not an object; `rethrow` adds the
 * name of field `i` to an error.
 */
export function generateStructEncoder(parts: StructEncoderParts, check: (v: unknown) => void, rethrow: (err: unknown, i: number) => never): Enc | null {
  const { names, keys } = parts;
  if (!codegenAvailable || names.length > CODEGEN_MAX_FIELDS || keys.some((k) => k.length > 48)) return null;
  const lines = [
    'return function encodeStruct(w, v, depth) {',
    '  if (typeof v !== "object" || v === null) check(v);',
    '  const d1 = depth + 1;',
    '  let i = 0, f, P, B;',
    '  try {',
    `    ${writeBytes(parts.header)}`,
  ];
  if (names.length > 0) lines.push('    if (depth >= w.maxDepth) w.tooDeep();');
  names.forEach((name, i) => {
    const t = parts.types[i] as MsgpackType;
    const key = keys[i] as Uint8Array;
    const general = `${writeBytes(key)} ${writeValue(t, i, parts.positiveIntUnsigned)}`;
    const fast = fastPath(t, key);
    lines.push(`    i = ${i}; f = v[${lit(name)}];`);
    lines.push(fast === null ? `    ${general}` : `    ${fast} else { ${general} }`);
  });
  lines.push('  } catch (err) { rethrow(err, i); }', '};');
  return generate<Enc>(['e', 'z', 'check', 'rethrow'], lines.join('\n'), [parts.encs, parts.zeros, check, rethrow]);
}
