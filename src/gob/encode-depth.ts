/**
 * The encoder's nesting limit (`EncoderOptions.maxDepth`): values are counted level by level
 * while encoding (struct, slice, array, map and interface levels, through the writer's
 * EncodeContext), and a type's nesting is measured once, without recursion, before its
 * definitions are built and sent or its encode closures compiled (both recurse per level).
 *
 * Deviation from Go: Go's encoder has no depth limit (its goroutine stacks grow to 1 GB). The JS
 * stack does not grow, so the limit is set where the default Node stack (984 KiB) still holds it
 * with a wide margin for the caller's own frames; beyond it, a GobError DEPTH_EXCEEDED.
 */
import { gobError } from './errors.js';
import type { Descriptor } from './types.js';

/** Default `maxDepth` of the Encoder: levels of value or type nesting. */
export const DEFAULT_MAX_ENCODE_DEPTH = 1000;

export function encodeDepthExceeded(maxDepth: number, what: 'value' | 'type'): never {
  const hint = what === 'value' ? 'a cyclic value, or raise the option' : 'raise the option';
  throw gobError('DEPTH_EXCEEDED', `gob: ${what} nesting deeper than the Encoder's maxDepth (${maxDepth}): ${hint}`);
}

/** Types a descriptor refers to, in the order the type table and the compiler visit them. */
function children(d: Descriptor): readonly Descriptor[] {
  switch (d.kind) {
    case 'named':
      return [d.base];
    case 'ptr':
    case 'slice':
    case 'array':
      return [d.elem];
    case 'map':
      return [d.key, d.elem];
    case 'struct':
      return d.fields.map((f) => f.type);
    case 'gobEncoder':
      return d.underlyingFields;
    default:
      return [];
  }
}

/**
 * Throws DEPTH_EXCEEDED when a depth-first walk of `d`'s type graph (each type entered once, as
 * the recursive type table and compiler do) nests deeper than `maxDepth` levels. Linear in the
 * size of the type graph; `checked` (types known to be within the limit) is skipped.
 */
export function checkTypeDepth(d: Descriptor, maxDepth: number, checked: WeakSet<Descriptor>): void {
  if (checked.has(d)) return;
  const entered = new Set<Descriptor>([d]);
  type Frame = { readonly kids: readonly Descriptor[]; next: number; readonly depth: number };
  const stack: Frame[] = [{ kids: children(d), next: 0, depth: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if (top.next === top.kids.length) {
      stack.pop();
      continue;
    }
    const k = top.kids[top.next++] as Descriptor;
    if (entered.has(k) || checked.has(k)) continue;
    entered.add(k);
    // Pointers and names are flattened by gob: only the levels that nest on the wire count.
    const depth = k.kind === 'ptr' || k.kind === 'named' ? top.depth : top.depth + 1;
    if (depth > maxDepth) encodeDepthExceeded(maxDepth, 'type');
    stack.push({ kids: children(k), next: 0, depth });
  }
  for (const t of entered) checked.add(t);
}
