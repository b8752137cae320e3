/**
 * Generated (new Function) encode and decode functions for struct types: the hot path of the
 * codec (Go encode.go `encodeStruct` and decode.go `decodeStruct` run an instruction table; we
 * emit straight-line code per struct instead, with the common scalar cases inlined).
 *
 * Field names only ever appear as JSON string literals in the generated source.
 *
 * When Node forbids code generation (`--disallow-code-generation-from-strings`, detected once),
 * the closure-based builders of struct-closures.ts are used instead: same bytes, same values.
 *
 * Compiled factories are shared by structs of the same source; the total source compiled is
 * capped ({@link CODEGEN_MAX_SOURCE_CHARS}), so what peers' type definitions make us compile
 * cannot grow the heap beyond that bound once their Decoders are gone.
 */
import { closureStructDecoder, closureStructEncoder } from './struct-closures.js';
import type { Dec, Enc, StructDecoderHelpers, WireFieldPlan, Zero } from './struct-codegen-types.js';
import type { Descriptor, FieldDescriptor } from './types.js';
import { unwrapNamed } from './descriptor-rules.js';
import { UNKNOWN_FIELDS } from './unknown-fields.js';
import { FLOAT64_INLINE_SOURCE, FLOAT64_SCRATCH, FLOAT64_SCRATCH_BYTES, UINT32_INLINE_SOURCE } from './writer.js';

export type { WireFieldPlan } from './struct-codegen-types.js';

/** True when `new Function` works in this process (false under `--disallow-code-generation-from-strings`). */
export const structCodegenAvailable: boolean = (() => {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
})();

/**
 * Source characters this process may compile with `new Function`, in total; beyond it, structs
 * of shapes not compiled yet get the closure-based functions. Code generation is keyed by source
 * (field names included), and V8 keeps compiled sources in its own eval cache, which nothing
 * here can evict: so what peers' type definitions make us compile is capped for the process
 * (about 3 bytes of heap per character, ~12 MB). Each factory compiled is cached (the cache is
 * bounded by the same total) and shared by every struct of the same source.
 * Deviation from Go: Go generates no code; this cap has no Go counterpart.
 */
export const CODEGEN_MAX_SOURCE_CHARS = 4 * 1024 * 1024;
/** Structs whose generated source would be longer use the closure-based functions. */
export const CODEGEN_MAX_FUNCTION_CHARS = 256 * 1024;

type Factory = (...args: unknown[]) => unknown;

/** Compiled factories by source text. */
const factories = new Map<string, Factory>();
let compiledChars = 0;

/** The compiled factory of a source, or null when it is over the size limit or the budget is spent. */
function factory(params: readonly string[], body: string): Factory | null {
  const key = params.join(',') + '\n' + body;
  const hit = factories.get(key);
  if (hit !== undefined) return hit;
  if (key.length > CODEGEN_MAX_FUNCTION_CHARS || compiledChars + key.length > CODEGEN_MAX_SOURCE_CHARS) return null;
  const f = new Function(...params, body) as Factory;
  factories.set(key, f);
  compiledChars += key.length;
  return f;
}

/** Factories compiled and their total source characters (for tests and diagnostics). */
export function codegenUsage(): { readonly factories: number; readonly chars: number } {
  return { factories: factories.size, chars: compiledChars };
}

/** Scalar kinds inlined in generated code. */
function scalarKind(d: Descriptor): string {
  const u = unwrapNamed(d);
  switch (u.kind) {
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'float':
      return u.goName === 'float64' ? 'float64' : '';
    case 'int':
      return u.mode !== 'bigint' && u.bits >= 32 ? 'int' : '';
    case 'uint':
      return u.mode !== 'bigint' && u.bits >= 32 ? 'uint' : '';
    default:
      return '';
  }
}

/**
 * Encoder for a struct: `(w, v)`. `encs[i]`/`zeros[i]` are the generic closures of field i, used
 * for non-scalar fields and for values the inlined fast paths do not accept (they then report).
 * Inlined bool, int32-range integer and float64 fields make room once (`ensure`) and then store
 * the field delta and value bytes straight into the writer's buffer.
 */
export function genStructEncoder(fields: readonly FieldDescriptor[], encs: readonly Enc[], zeros: readonly Zero[], bad: (v: unknown) => never): Enc {
  if (!structCodegenAvailable) return closureStructEncoder(fields, encs, zeros, bad);
  const lines: string[] = [];
  // Field deltas are below 128 (one byte) unless the struct has that many fields.
  const small = fields.length < 128;
  const delta = (i: number): string => (small ? `w.byte(${i} - last)` : `w.uint(${i} - last)`);
  /** Opens an inline write of at most `max` bytes after the field delta (one-byte deltas only). */
  const open = (i: number, max: number): string =>
    `let p = w.pos; if (p + ${max + 1} > w.buf.length) { w.ensure(${max + 1}); p = w.pos; } const b = w.buf; b[p++] = ${i} - last; last = ${i};`;
  lines.push('return function encodeStruct(w, v) {');
  lines.push('  if (v === null || typeof v !== "object") { if (v === undefined) { w.byte(0); return; } bad(v); }');
  lines.push('  const cx = w.context; if (cx !== null && ++cx.depth > cx.maxDepth) cx.tooDeep();');
  lines.push('  if (cx !== null && cx.preserveUnknownFields && v[K] !== undefined) cx.unknownFields();');
  lines.push('  let last = -1, f;');
  fields.forEach((field, i) => {
    const key = JSON.stringify(field.name);
    lines.push(`  f = v[${key}];`);
    switch (scalarKind(field.type)) {
      case 'bool':
        if (small) lines.push(`  if (f === true) { ${open(i, 1)} b[p] = 1; w.pos = p + 1; }`);
        else lines.push(`  if (f === true) { ${delta(i)}; last = ${i}; w.byte(1); }`);
        lines.push(`  else if (f !== false && f !== undefined && f !== null) e[${i}](w, f);`);
        break;
      case 'string':
        if (small) {
          // Short ASCII strings: delta, one-byte length and the characters after one room check.
          lines.push('  if (typeof f === "string") { const n = f.length; if (n !== 0) { const p = w.pos, b = w.buf; let j = 0;');
          lines.push('    if (n < 16 && p + 2 + n <= b.length) for (; j < n; j++) { const c = f.charCodeAt(j); if (c >= 0x80) break; b[p + 2 + j] = c; }');
          lines.push(`    if (j === n) { b[p] = ${i} - last; b[p + 1] = n; w.pos = p + 2 + n; } else { ${delta(i)}; w.string(f); } last = ${i}; } }`);
        } else {
          lines.push(`  if (typeof f === "string") { if (f.length !== 0) { ${delta(i)}; last = ${i}; w.string(f); } }`);
        }
        lines.push(`  else if (f !== undefined && f !== null) e[${i}](w, f);`);
        break;
      case 'float64':
        if (small) {
          lines.push(`  if (typeof f === "number") { if (f !== 0) { ${open(i, 9)} ${FLOAT64_INLINE_SOURCE} w.pos = p; } }`);
        } else {
          lines.push(`  if (typeof f === "number") { if (f !== 0) { ${delta(i)}; last = ${i}; w.float(f); } }`);
        }
        lines.push(`  else if (f !== undefined && f !== null) e[${i}](w, f);`);
        break;
      case 'int':
        if (small) lines.push(`  if (typeof f === "number" && (f | 0) === f) { if (f !== 0) { ${open(i, 5)} const u = f < 0 ? -2 * f - 1 : 2 * f; ${UINT32_INLINE_SOURCE} w.pos = p; } }`);
        else lines.push(`  if (typeof f === "number" && (f | 0) === f) { if (f !== 0) { ${delta(i)}; last = ${i}; w.int(f); } }`);
        lines.push(`  else if (!z[${i}](f)) { ${delta(i)}; last = ${i}; e[${i}](w, f); }`);
        break;
      case 'uint':
        if (small) lines.push(`  if (typeof f === "number" && (f >>> 0) === f) { if (f !== 0) { ${open(i, 5)} const u = f; ${UINT32_INLINE_SOURCE} w.pos = p; } }`);
        else lines.push(`  if (typeof f === "number" && (f >>> 0) === f) { if (f !== 0) { ${delta(i)}; last = ${i}; w.uint(f); } }`);
        lines.push(`  else if (!z[${i}](f)) { ${delta(i)}; last = ${i}; e[${i}](w, f); }`);
        break;
      default:
        lines.push(`  if (!z[${i}](f)) { ${delta(i)}; last = ${i}; e[${i}](w, f); }`);
    }
  });
  lines.push('  if (cx !== null) cx.depth--;');
  lines.push('  w.byte(0);');
  lines.push('};');
  const make = factory(['e', 'z', 'bad', 'F', 'FB', 'K'], lines.join('\n'));
  return make === null ? closureStructEncoder(fields, encs, zeros, bad) : (make(encs, zeros, bad, FLOAT64_SCRATCH, FLOAT64_SCRATCH_BYTES, UNKNOWN_FIELDS) as Enc);
}

/**
 * Decoder for a struct: `(r)`. `make()` returns a fresh object with all local fields at their
 * zero value (or is null to emit an object literal from `zeroLiterals`).
 */
export function genStructDecoder(
  plans: readonly WireFieldPlan[],
  localFields: readonly FieldDescriptor[],
  zeroFactories: readonly ((() => unknown) | null)[],
  zeroLiterals: readonly (string | null)[],
  sparse: boolean,
  helpers: StructDecoderHelpers,
): Dec {
  if (!structCodegenAvailable) return closureStructDecoder(plans, localFields, zeroFactories, zeroLiterals, sparse, helpers);
  const lines: string[] = [];
  lines.push('return function decodeStruct(r) {');
  lines.push('  if (++st.depth > st.maxDepth) h.deep(r);');
  if (sparse) {
    lines.push('  const o = Object.create(null);');
  } else {
    const parts = localFields.map((f, i) => `${JSON.stringify(f.name)}: ${zeroLiterals[i] ?? `zf[${i}]()`}`);
    lines.push(`  const o = { ${parts.join(', ')} };`);
  }
  lines.push('  let n = -1;');
  lines.push('  for (;;) {');
  lines.push('    const d = r.uint();');
  lines.push('    if (d === 0) break;');
  lines.push(`    if (d > ${plans.length - 1} - n) h.outOfBounds(r);`);
  lines.push('    n += d;');
  lines.push('    switch (n) {');
  plans.forEach((p, i) => {
    let body: string;
    if (p.keep !== undefined) body = `h.keep(o, ${p.keep}, fn[${i}](r));`;
    else if (p.key === null && p.path === null) body = `fn[${i}](r);`;
    else if (p.key === null) body = `h.setPath(o, paths[${i}], fn[${i}](r));`;
    else {
      const key = JSON.stringify(p.key);
      const u = p.type === null ? null : unwrapNamed(p.type);
      if (u?.kind === 'string') body = `o[${key}] = r.string();`;
      else if (u?.kind === 'bool') body = `o[${key}] = r.uint() !== 0;`;
      else if (u?.kind === 'float' && u.goName === 'float64') body = `o[${key}] = r.float();`;
      else if (u?.kind === 'int' && u.mode === 'number' && u.bits === 64) body = `{ const x = r.int(); if (x !== x) h.precision(r, ${key}); o[${key}] = x; }`;
      else body = `o[${key}] = fn[${i}](r);`;
    }
    lines.push(`      case ${i}: ${body} break;`);
  });
  lines.push('    }');
  lines.push('  }');
  lines.push('  st.depth--;');
  lines.push('  return o;');
  lines.push('};');
  const fns = plans.map((p) => p.fn);
  const paths = plans.map((p) => p.path);
  const make = factory(['fn', 'paths', 'zf', 'st', 'h'], lines.join('\n'));
  if (make === null) return closureStructDecoder(plans, localFields, zeroFactories, zeroLiterals, sparse, helpers);
  return make(fns, paths, zeroFactories, helpers.state, helpers) as Dec;
}
