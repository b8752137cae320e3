/**
 * Go-syntax text of a (wire-derived) descriptor for `gob dump`: `struct Point { X int; Y int }`,
 * `[]string`, `map[string]int`, `[3]int`, `interface {}`, `GobEncoder Time (opaque bytes)`. Named types print
 * their name only when nested (recursive types stay finite).
 *
 * A peer's definitions can nest unnamed types so that a naive rendering doubles at every level
 * (map[K]K, K = map[L]L, …): the text is built against a budget of {@link MAX_TYPE_TEXT}
 * characters and ends in `…` when cut, so rendering is linear in the text printed. Unnamed types
 * may even form a cycle on the wire (type 64 = map[65]65, 65 = map[64]64): nesting deeper than
 * {@link MAX_TYPE_DEPTH} prints as `…`, so the recursion stays shallow whatever the peer sent.
 */
import type { Descriptor } from '../gob/index.js';

/** Longest type text printed for one type. */
export const MAX_TYPE_TEXT = 4096;
/** Deepest unnamed nesting printed for one type. */
export const MAX_TYPE_DEPTH = 64;

interface Budget {
  left: number;
}

/** Describes `d`; nested named structs and marshalers are referred to by name. */
export function describeType(d: Descriptor, depth = 0): string {
  const s = render(d, depth, { left: MAX_TYPE_TEXT });
  return s.length <= MAX_TYPE_TEXT ? s : `${s.slice(0, MAX_TYPE_TEXT)}…`;
}

/** Every node visited and every name printed is charged to the budget; once spent, the rest prints as `…`. */
function render(d: Descriptor, depth: number, budget: Budget): string {
  if (budget.left <= 0 || depth > MAX_TYPE_DEPTH) return '…';
  budget.left--;
  return text(d, depth, budget);
}

function named(name: string, budget: Budget): string {
  budget.left -= name.length;
  return name;
}

function text(d: Descriptor, depth: number, budget: Budget): string {
  const inner = (x: Descriptor): string => render(x, depth + 1, budget);
  switch (d.kind) {
    case 'int':
      return 'int';
    case 'uint':
      return 'uint';
    case 'float':
      return 'float';
    case 'complex':
      return 'complex';
    case 'bool':
    case 'string':
      return d.kind;
    case 'bytes':
      return '[]byte';
    case 'interface':
      return 'interface {}';
    case 'slice':
      return `[]${inner(d.elem)}`;
    case 'array':
      return `[${d.len}]${inner(d.elem)}`;
    case 'map':
      return `map[${inner(d.key)}]${inner(d.elem)}`;
    case 'ptr':
      return `*${inner(d.elem)}`;
    case 'named':
      return depth > 0 && d.name ? named(d.name, budget) : inner(d.base);
    case 'gobEncoder': {
      if (depth > 0 && d.name) return named(d.name, budget);
      const kind = d.wire === 'gob' ? 'GobEncoder' : d.wire === 'binary' ? 'BinaryMarshaler' : 'TextMarshaler';
      return `${kind}${d.name ? ` ${named(d.name, budget)}` : ''} (opaque bytes)`;
    }
    case 'struct': {
      if (depth > 0 && d.name) return named(d.name, budget);
      if (depth > 8) return 'struct {…}';
      const parts: string[] = [];
      for (const f of d.fields) {
        if (budget.left <= 0) {
          parts.push('…');
          break;
        }
        parts.push(`${named(f.name, budget)} ${inner(f.type)}`);
      }
      return `struct ${d.name ? `${named(d.name, budget)} ` : ''}{ ${parts.join('; ')} }`.replace('{  }', '{}');
    }
  }
}
