/**
 * The definitions a Go encoder sent right after a GobEncoder type's own definition, recovered
 * from a stream for schemaless re-encoding (Go encoder.go `sendActualType`: after a type's
 * definition Go sends its underlying struct's exported field types, or its element/key types,
 * even for GobEncoder types whose wire type does not mention them — Kubernetes' metav1.Time is
 * `struct{ time.Time }`, so Go sends time.Time's definition after metav1.Time's).
 *
 * Nothing on the wire links those definitions to the GobEncoder type; they are recognised by
 * their place: Go sends definitions parents first, so every definition a type refers to comes
 * after the referring one. The companions of GobEncoder definition X are the definitions after
 * X (in stream order) that no earlier definition refers to, up to the first definition that an
 * earlier one refers to (a sibling of X, sent for X's parent). Definitions reachable from a
 * companion are skipped over. `gob echo` then writes the companions where Go wrote them.
 *
 * Work is bounded per Decoder: each scan walks the definitions read so far, and the total over a
 * Decoder's life is capped at {@link SCAN_STEPS_PER_DEFINITION} steps per definition (plus a
 * constant); beyond that, companions are not recovered (the output stays valid gob, Go decodes
 * it the same; only byte identity with Go's stream is lost).
 */
import type { DecodeState } from './decode-state.js';
import type { WireType } from './wire-type.js';

/** Scan steps allowed per received definition over a Decoder's life (keeps schemaless decoding linear). */
export const SCAN_STEPS_PER_DEFINITION = 32;
const SCAN_STEPS_BASE = 4096;

/** Scan steps spent per Decoder state. */
const spent = new WeakMap<DecodeState, number>();

/** Type ids a wire type refers to. */
function refsOf(w: WireType): readonly number[] {
  switch (w.kind) {
    case 'struct':
      return w.fields.map((f) => f.id);
    case 'slice':
    case 'array':
      return [w.elem];
    case 'map':
      return [w.key, w.elem];
    case 'gobEncoder':
      return [];
  }
}

/**
 * Ids of the definitions Go sent as companions of GobEncoder definition `id`, in stream order
 * (empty when there are none or the Decoder's scan budget is spent).
 */
export function companionIds(st: DecodeState, id: number): number[] {
  const budget = SCAN_STEPS_BASE + SCAN_STEPS_PER_DEFINITION * st.wire.size;
  let steps = spent.get(st) ?? 0;
  if (steps >= budget) return [];
  /** Ids referred to by definitions before the scanned one (outside the companions' subtrees). */
  const referred = new Set<number>();
  /** Ids reachable from companions taken so far. */
  const covered = new Set<number>();
  const out: number[] = [];
  let after = false;
  for (const [defId, w] of st.wire) {
    if (++steps > budget) {
      spent.set(st, steps);
      return [];
    }
    if (!after) {
      if (defId === id) after = true;
      else for (const r of refsOf(w)) referred.add(r);
      continue;
    }
    if (covered.has(defId)) {
      for (const r of refsOf(w)) covered.add(r);
      continue;
    }
    if (referred.has(defId)) break;
    out.push(defId);
    for (const r of refsOf(w)) covered.add(r);
  }
  spent.set(st, steps);
  return out;
}
