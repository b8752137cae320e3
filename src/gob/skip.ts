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
import { depthExceeded, mayContainInterface, wireOf } from './decode-state.js';
import type { DecodeState, SkipFn } from './decode-state.js';
import type { Reader } from './reader.js';

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

/** The skip closure for remote type `id` (cached per Decoder). */
export function skipperFor(st: DecodeState, id: number, depth: number): SkipFn {
  const cached = st.skipCache.get(id);
  if (cached !== undefined) return cached;
  if (depth > st.maxDepth) depthExceeded(st, null);
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
      break;
  }
  let impl: SkipFn | undefined;
  const stub: SkipFn = (r) => (impl as SkipFn)(r);
  st.skipCache.set(id, stub);
  try {
    impl = buildSkipper(st, id, depth);
  } catch (err) {
    // A failed compilation may have left stubs behind: forget everything compiled so far.
    st.skipCache.clear();
    throw err;
  }
  st.skipCache.set(id, impl);
  return impl;
}

function buildSkipper(st: DecodeState, id: number, depth: number): SkipFn {
  let impl: SkipFn;
  const w = wireOf(st, id);
  switch (w.kind) {
    case 'gobEncoder':
      impl = skipBytes;
      break;
    case 'slice': {
      const elem = skipperFor(st, w.elem, depth + 1);
      const span = mayContainInterface(st, w.elem);
      impl = (r) => {
        const n = r.count('slice length');
        if (!span && n > r.remaining) r.corrupt(`gob: decoding array or slice: length exceeds input size (${n} elements)`);
        for (let i = 0; i < n; i++) elem(r);
      };
      break;
    }
    case 'array': {
      const elem = skipperFor(st, w.elem, depth + 1);
      const len = w.len;
      impl = (r) => {
        const n = r.count('array length');
        if (n !== len) r.corrupt('gob: length mismatch in ignoreArray');
        for (let i = 0; i < n; i++) elem(r);
      };
      break;
    }
    case 'map': {
      const key = skipperFor(st, w.key, depth + 1);
      const elem = skipperFor(st, w.elem, depth + 1);
      const span = mayContainInterface(st, w.key) || mayContainInterface(st, w.elem);
      impl = (r) => {
        const n = r.count('map length');
        if (!span && n > r.remaining) r.corrupt(`gob: decoding map: length exceeds input size (${n} elements)`);
        for (let i = 0; i < n; i++) {
          key(r);
          elem(r);
        }
      };
      break;
    }
    case 'struct': {
      const fields = w.fields.map((f) => skipperFor(st, f.id, depth + 1));
      impl = (r) => skipStructBody(st, r, fields);
      break;
    }
  }
  return impl;
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
