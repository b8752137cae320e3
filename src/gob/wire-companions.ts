/**
 * The definitions a Go encoder sent right after a GobEncoder type's own definition, recovered
 * from a stream for schemaless re-encoding (Go encoder.go `sendActualType`: after a type's
 * definition Go sends its underlying struct's exported field types, or its element/key types,
 * even for GobEncoder types whose wire type does not mention them — Kubernetes' metav1.Time is
 * `struct{ time.Time }`, so Go sends time.Time's definition after metav1.Time's).
 *
 * Nothing on the wire links those definitions to the GobEncoder type; they are recognised by
 * their place: Go sends definitions parents first, so a definition that no other one refers to
 * and that follows a GobEncoder's was sent for it. The companions of GobEncoder definition X are
 * the definitions after X (in stream order) that no definition refers to, up to the first one
 * that some definition refers to (a sibling of X, sent for X's parent); definitions reachable
 * from a companion are skipped over. `gob echo` then writes the companions where Go wrote them.
 *
 * Cost: an index of the definitions (order and referred ids) is rebuilt when definitions were
 * added since the last scan, and each scan walks only the definitions after X it takes or skips.
 * A Decoder's total work is capped at {@link SCAN_STEPS_PER_DEFINITION} steps per definition
 * (plus a constant), so a peer interleaving many GobEncoder definitions with values cannot make
 * it quadratic; beyond the cap, companions are not recovered (the output stays valid gob, which
 * Go decodes the same; only byte identity with Go's stream is lost).
 */
import type { DecodeState } from './decode-state.js';
import type { WireType } from './wire-type.js';

/** Work steps allowed per received definition over a Decoder's life (keeps schemaless decoding linear). */
export const SCAN_STEPS_PER_DEFINITION = 32;
const SCAN_STEPS_BASE = 4096;

interface Index {
  /** `st.wire.size` when built. */
  readonly size: number;
  /** Definition ids in stream order, and each one's position. */
  readonly order: readonly number[];
  readonly position: ReadonlyMap<number, number>;
  /** Ids some definition refers to. */
  readonly referred: ReadonlySet<number>;
}

/** Per Decoder state: the work spent so far and the current index. */
const states = new WeakMap<DecodeState, { spent: number; index: Index | null }>();

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
 * (empty when there are none or the Decoder's work budget is spent).
 */
export function companionIds(st: DecodeState, id: number): number[] {
  let s = states.get(st);
  if (s === undefined) {
    s = { spent: 0, index: null };
    states.set(st, s);
  }
  const budget = SCAN_STEPS_BASE + SCAN_STEPS_PER_DEFINITION * st.wire.size;
  if (s.index === null || s.index.size !== st.wire.size) {
    // Rollbacks delete definitions and clear the descriptor cache, so a changed size means a stale index.
    s.spent += st.wire.size;
    if (s.spent > budget) return [];
    const order: number[] = [];
    const position = new Map<number, number>();
    const referred = new Set<number>();
    for (const [defId, w] of st.wire) {
      position.set(defId, order.length);
      order.push(defId);
      for (const r of refsOf(w)) referred.add(r);
      s.spent++;
    }
    s.index = { size: st.wire.size, order, position, referred };
  }
  const { order, position, referred } = s.index;
  const at = position.get(id);
  if (at === undefined) return [];
  /** Ids reachable from companions taken so far. */
  const covered = new Set<number>();
  const out: number[] = [];
  for (let i = at + 1; i < order.length; i++) {
    if (++s.spent > budget) return [];
    const defId = order[i] as number;
    const w = st.wire.get(defId) as WireType;
    if (covered.has(defId)) {
      for (const r of refsOf(w)) covered.add(r);
      continue;
    }
    if (referred.has(defId)) break;
    out.push(defId);
    for (const r of refsOf(w)) covered.add(r);
  }
  return out;
}
