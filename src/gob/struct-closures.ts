/**
 * Closure-based struct encode and decode functions: what struct-codegen.ts uses when Node runs
 * with `--disallow-code-generation-from-strings` (no `new Function`). Same contract and the same
 * bytes and values as the generated code, field by field through the generic per-field closures
 * (Go encode.go `encodeStruct`, decode.go `decodeStruct`: an instruction table walked in a loop).
 */
import { gobError } from './errors.js';
import type { Reader } from './reader.js';
import type { FieldDescriptor } from './types.js';
import { unwrapNamed } from './descriptor-rules.js';
import { UNKNOWN_FIELDS } from './unknown-fields.js';
import type { Writer } from './writer.js';
import type { Dec, Enc, StructDecoderHelpers, WireFieldPlan, Zero } from './struct-codegen-types.js';

/** Encoder for a struct: each field not zero by its field kind's rule is sent after its delta. */
export function closureStructEncoder(fields: readonly FieldDescriptor[], encs: readonly Enc[], zeros: readonly Zero[], bad: (v: unknown) => never): Enc {
  const names = fields.map((f) => f.name);
  const n = names.length;
  return function encodeStruct(w: Writer, v: unknown): void {
    if (v === null || typeof v !== 'object') {
      if (v === undefined) {
        w.byte(0);
        return;
      }
      bad(v);
    }
    const cx = w.context;
    if (cx !== null && ++cx.depth > cx.maxDepth) cx.tooDeep();
    if (cx !== null && cx.preserveUnknownFields && (v as { [UNKNOWN_FIELDS]?: unknown })[UNKNOWN_FIELDS] !== undefined) cx.unknownFields();
    const o = v as Record<string, unknown>;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const f = o[names[i] as string];
      if (!(zeros[i] as Zero)(f)) {
        w.uint(i - last);
        last = i;
        (encs[i] as Enc)(w, f);
      }
    }
    if (cx !== null) cx.depth--;
    w.byte(0);
  };
}

/** The values of the zero literals struct-fields.ts `zeroLiteral` produces. */
const ZERO_OF_LITERAL: Readonly<Record<string, () => unknown>> = {
  false: () => false,
  '0': () => 0,
  '0n': () => 0n,
  '""': () => '',
  null: () => null,
  '[]': () => [],
  'new Uint8Array(0)': () => new Uint8Array(0),
  '{ real: 0, imag: 0 }': () => ({ real: 0, imag: 0 }),
};

type Setter = (r: Reader, o: Record<string, unknown>) => void;

/** How wire field `i` lands in the result (the generated code's `case i:` body). */
function setterFor(p: WireFieldPlan, h: StructDecoderHelpers): Setter {
  const fn = p.fn;
  const keep = p.keep;
  if (keep !== undefined && h.keep !== undefined) {
    const k = h.keep;
    return (r, o) => k(o, keep, fn(r));
  }
  if (p.key === null && p.path === null) return (r) => void fn(r);
  if (p.key === null) {
    const path = p.path as readonly string[];
    return (r, o) => h.setPath(o, path, fn(r));
  }
  const key = p.key;
  const u = p.type === null ? null : unwrapNamed(p.type);
  if (u?.kind === 'int' && u.mode === 'number' && u.bits === 64) {
    return (r, o) => {
      const x = r.int();
      if (x !== x) h.precision(r, key);
      o[key] = x;
    };
  }
  return (r, o) => {
    o[key] = fn(r);
  };
}

/** Decoder for a struct (see `genStructDecoder` for the parameters). */
export function closureStructDecoder(
  plans: readonly WireFieldPlan[],
  localFields: readonly FieldDescriptor[],
  zeroFactories: readonly ((() => unknown) | null)[],
  zeroLiterals: readonly (string | null)[],
  sparse: boolean,
  h: StructDecoderHelpers,
): Dec {
  const st = h.state;
  const names = localFields.map((f) => f.name);
  const zeros = localFields.map((f, i) => {
    const factory = zeroFactories[i];
    if (factory !== null && factory !== undefined) return factory;
    const lit = zeroLiterals[i];
    const z = lit === null || lit === undefined ? undefined : ZERO_OF_LITERAL[lit];
    if (z === undefined) throw gobError('INVALID_DESCRIPTOR', `gob: no zero value for struct field ${f.name}`);
    return z;
  });
  const setters = plans.map((p) => setterFor(p, h));
  const max = plans.length - 1;
  return function decodeStruct(r: Reader): unknown {
    if (++st.depth > st.maxDepth) h.deep(r);
    const o: Record<string, unknown> = sparse ? Object.create(null) : {};
    if (!sparse) for (let i = 0; i < names.length; i++) o[names[i] as string] = (zeros[i] as () => unknown)();
    let n = -1;
    for (;;) {
      const d = r.uint();
      if (d === 0) break;
      if (d > max - n) h.outOfBounds(r);
      n += d;
      (setters[n] as Setter)(r, o);
    }
    st.depth--;
    return o;
  };
}
