/**
 * Skipping values of remote types that have no local counterpart (Go decode.go
 * `decIgnoreOpFor`, `ignoreStruct`, `ignoreSingle`, `ignoreArrayHelper`, `ignoreMap`,
 * `ignoreSlice`, `ignoreInterface`, `maxIgnoreNestingDepth`).
 *
 * Deviation from Go: skipping interface values works where Go's fails: an empty name means a
 * nil interface (Go misreads the next bytes), and the concrete value is skipped by parsing it
 * rather than by its byte count, which does not cover nested inline definitions
 * (golang/go#34879).
 */
import { MAX_INTERFACE_NAME, T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT } from './constants.js';
import { childIds, depthExceeded, mayContainInterface, wireOf } from './decode-state.js';
import type { DecodeState, SkipFn } from './decode-state.js';
import type { Reader } from './reader.js';
import type { WireType } from './wire-type.js';

const skipUint: SkipFn = (r) => {
  r.parts();
};
const skipFloat: SkipFn = (r) => {
  r.parts();
};
const skipComplex: SkipFn = (r) => {
  r.parts();
  r.parts();
};
const skipBytes: SkipFn = (r) => {
  r.skip(r.length('[]uint8'));
};

/** Skips an interface value (decode.go `ignoreInterface`), reading any inline type definitions. */
function skipInterface(st: DecodeState, r: Reader): void {
  const n = r.uint();
  if (n === 0) return;
  if (n > MAX_INTERFACE_NAME) r.corrupt(`gob: interface type name too long (${n} bytes)`);
  r.skip(n);
  const id = st.typeSequence(r, true);
  // The byte count covers only the first chunk when nested interfaces define types inline
  // (golang/go#34879), so the value is skipped by parsing it, as decoding does.
  r.uint();
  if (++st.depth > st.maxDepth) depthExceeded(st, r);
  skipTopLevel(st, r, id);
  st.depth--;
}

/** Skippers of the builtin types, or undefined for user types. */
function builtinSkipper(st: DecodeState, id: number): SkipFn | undefined {
  switch (id) {
    case T_BOOL:
    case T_INT:
    case T_UINT:
      return skipUint;
    case T_FLOAT:
      return skipFloat;
    case T_COMPLEX:
      return skipComplex;
    case T_BYTES:
    case T_STRING:
      return skipBytes;
    case T_INTERFACE:
      return (r) => skipInterface(st, r);
    default:
      return undefined;
  }
}

/**
 * The skip closure for remote type `id` (cached per Decoder). Built without recursion, so a
 * chain of any depth costs no JS stack: a depth-first walk (explicit stack) checks the nesting
 * against `maxDepth` (Go's `decIgnoreOpFor` check, made before any byte is read) and gives
 * every new type a slot, then the skippers are built children first.
 */
export function skipperFor(st: DecodeState, id: number, depth: number): SkipFn {
  if (depth > st.maxDepth) depthExceeded(st, null);
  const cached = st.skipCache.get(id) ?? builtinSkipper(st, id);
  if (cached !== undefined) return cached;
  const created: { id: number; w: WireType; slot: { fn: SkipFn | null } }[] = [];
  try {
    const todo: number[] = [id, depth];
    while (todo.length > 0) {
      const d = todo.pop() as number;
      const cur = todo.pop() as number;
      if (d > st.maxDepth) depthExceeded(st, null);
      if (st.skipCache.has(cur) || builtinSkipper(st, cur) !== undefined) continue;
      const w = wireOf(st, cur);
      const slot: { fn: SkipFn | null } = { fn: null };
      // Until built, a slot's stub stands in (only recursive types keep calling through it).
      st.skipCache.set(cur, (r) => (slot.fn as SkipFn)(r));
      created.push({ id: cur, w, slot });
      for (const c of childIds(w)) todo.push(c, d + 1);
    }
    const child = (c: number): SkipFn => (st.skipCache.get(c) ?? builtinSkipper(st, c)) as SkipFn;
    for (let i = created.length - 1; i >= 0; i--) {
      const { id: cur, w, slot } = created[i] as (typeof created)[number];
      slot.fn = buildSkipper(st, w, child);
      st.skipCache.set(cur, slot.fn);
    }
  } catch (err) {
    // Forget every slot of this build (and anything compiled with them).
    st.skipCache.clear();
    throw err;
  }
  return st.skipCache.get(id) as SkipFn;
}

function buildSkipper(st: DecodeState, w: WireType, child: (id: number) => SkipFn): SkipFn {
  switch (w.kind) {
    case 'gobEncoder':
      return skipBytes;
    case 'slice': {
      const elem = child(w.elem);
      const span = mayContainInterface(st, w.elem);
      return (r) => {
        const n = r.count('slice length');
        if (!span && n > r.remaining) r.corrupt(`gob: decoding array or slice: length exceeds input size (${n} elements)`);
        for (let i = 0; i < n; i++) elem(r);
      };
    }
    case 'array': {
      const elem = child(w.elem);
      const len = w.len;
      return (r) => {
        const n = r.count('array length');
        if (n !== len) r.corrupt('gob: length mismatch in ignoreArray');
        for (let i = 0; i < n; i++) elem(r);
      };
    }
    case 'map': {
      const key = child(w.key);
      const elem = child(w.elem);
      const span = mayContainInterface(st, w.key) || mayContainInterface(st, w.elem);
      return (r) => {
        const n = r.count('map length');
        if (!span && n > r.remaining) r.corrupt(`gob: decoding map: length exceeds input size (${n} elements)`);
        for (let i = 0; i < n; i++) {
          key(r);
          elem(r);
        }
      };
    }
    case 'struct': {
      const fields = w.fields.map((f) => child(f.id));
      return (r) => skipStructBody(st, r, fields);
    }
  }
}

/** decode.go `ignoreStruct`: field deltas with bounds checks. */
function skipStructBody(st: DecodeState, r: Reader, fields: readonly SkipFn[]): void {
  if (++st.depth > st.maxDepth) depthExceeded(st, r);
  const nf = fields.length;
  let n = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) break;
    if (delta > nf - 1 - n) r.corrupt('gob: bad data: field numbers out of bounds');
    n += delta;
    (fields[n] as SkipFn)(r);
  }
  st.depth--;
}

/** Skips a whole top-level value of type `id` (decoder.go `decodeIgnoredValue`). */
export function skipTopLevel(st: DecodeState, r: Reader, id: number): void {
  const w = st.wire.get(id);
  if (w !== undefined && w.kind === 'struct') {
    skipperFor(st, id, 0)(r);
    return;
  }
  const s = skipperFor(st, id, 0);
  if (r.uint() !== 0) r.corrupt('gob: decode: corrupted data: non-zero delta for singleton');
  s(r);
}
