/**
 * Generated (new Function) encode and decode functions for struct types: the hot path of the
 * codec (Go encode.go `encodeStruct` and decode.go `decodeStruct` run an instruction table; we
 * emit straight-line code per struct instead, with the common scalar cases inlined).
 *
 * Field names only ever appear as JSON string literals in the generated source.
 */
import type { Reader } from './reader.js';
import type { Descriptor, FieldDescriptor } from './types.js';
import { unwrapNamed } from './types.js';
import type { Writer } from './writer.js';

type Enc = (w: Writer, v: unknown) => void;

/** Compiled factories by source text: structs of the same shape share one compiled function. */
const factories = new Map<string, (...args: unknown[]) => unknown>();

function factory(params: readonly string[], body: string): (...args: unknown[]) => unknown {
  const key = params.join(',') + '\n' + body;
  let f = factories.get(key);
  if (f === undefined) {
    f = new Function(...params, body) as (...args: unknown[]) => unknown;
    if (factories.size < 10000) factories.set(key, f);
  }
  return f;
}
type Zero = (v: unknown) => boolean;

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
 */
export function genStructEncoder(fields: readonly FieldDescriptor[], encs: readonly Enc[], zeros: readonly Zero[], bad: (v: unknown) => never): Enc {
  const lines: string[] = [];
  // Field deltas are below 128 (one byte) unless the struct has that many fields.
  const delta = (i: number): string => (fields.length < 128 ? `w.byte(${i} - last)` : `w.uint(${i} - last)`);
  lines.push('return function encodeStruct(w, v) {');
  lines.push('  if (v === null || typeof v !== "object") { if (v === undefined) { w.byte(0); return; } bad(v); }');
  lines.push('  let last = -1, f;');
  fields.forEach((field, i) => {
    const key = JSON.stringify(field.name);
    lines.push(`  f = v[${key}];`);
    switch (scalarKind(field.type)) {
      case 'bool':
        lines.push(`  if (f === true) { ${delta(i)}; last = ${i}; w.byte(1); }`);
        lines.push(`  else if (f !== false && f !== undefined && f !== null) e[${i}](w, f);`);
        break;
      case 'string':
        lines.push(`  if (typeof f === "string") { if (f.length !== 0) { ${delta(i)}; last = ${i}; w.string(f); } }`);
        lines.push(`  else if (f !== undefined && f !== null) e[${i}](w, f);`);
        break;
      case 'float64':
        lines.push(`  if (typeof f === "number") { if (f !== 0) { ${delta(i)}; last = ${i}; w.float(f); } }`);
        lines.push(`  else if (f !== undefined && f !== null) e[${i}](w, f);`);
        break;
      case 'int':
        lines.push(`  if (typeof f === "number" && (f | 0) === f) { if (f !== 0) { ${delta(i)}; last = ${i}; w.int(f); } }`);
        lines.push(`  else if (!z[${i}](f)) { ${delta(i)}; last = ${i}; e[${i}](w, f); }`);
        break;
      case 'uint':
        lines.push(`  if (typeof f === "number" && (f >>> 0) === f) { if (f !== 0) { ${delta(i)}; last = ${i}; w.uint(f); } }`);
        lines.push(`  else if (!z[${i}](f)) { ${delta(i)}; last = ${i}; e[${i}](w, f); }`);
        break;
      default:
        lines.push(`  if (!z[${i}](f)) { ${delta(i)}; last = ${i}; e[${i}](w, f); }`);
    }
  });
  lines.push('  w.byte(0);');
  lines.push('};');
  return factory(['e', 'z', 'bad'], lines.join('\n'))(encs, zeros, bad) as Enc;
}

type Dec = (r: Reader) => unknown;

/** Per wire field: where it goes locally. */
export interface WireFieldPlan {
  /** Local top-level key (direct field), or null. */
  readonly key: string | null;
  /** Path through embedded structs (promoted field), or null. */
  readonly path: readonly string[] | null;
  /** Local descriptor of the field (null when skipped). */
  readonly type: Descriptor | null;
  /** Decoder (or skipper) of the field. */
  readonly fn: Dec;
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
  helpers: {
    readonly state: { depth: number; readonly maxDepth: number };
    readonly deep: (r: Reader) => never;
    readonly outOfBounds: (r: Reader) => never;
    readonly precision: (r: Reader, name: string) => never;
    readonly setPath: (o: Record<string, unknown>, path: readonly string[], v: unknown) => void;
  },
): Dec {
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
    if (p.key === null && p.path === null) body = `fn[${i}](r);`;
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
  return factory(['fn', 'paths', 'zf', 'st', 'h'], lines.join('\n'))(fns, paths, zeroFactories, helpers.state, helpers) as Dec;
}
