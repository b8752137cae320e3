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
    lines.push(`    i = ${i}; ${writeBytes(keys[i] as Uint8Array)}`);
    lines.push(`    f = v[${lit(name)}]; ${writeValue(parts.types[i] as MsgpackType, i, parts.positiveIntUnsigned)}`);
  });
  lines.push('  } catch (err) { rethrow(err, i); }', '};');
  return generate<Enc>(['e', 'z', 'check', 'rethrow'], lines.join('\n'), [parts.encs, parts.zeros, check, rethrow]);
}
