/**
 * Go-syntax text of a (wire-derived) descriptor for `gob dump`: `struct Point { X int; Y int }`,
 * `[]string`, `map[string]int`, `[3]int`, `interface {}`, `GobEncoder Time (opaque bytes)`. Named types print
 * their name only when nested (recursive types stay finite).
 */
import type { Descriptor } from '../gob/index.js';

/** Describes `d`; nested named structs and marshalers are referred to by name. */
export function describeType(d: Descriptor, depth = 0): string {
  const inner = (x: Descriptor): string => describeType(x, depth + 1);
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
      return depth > 0 && d.name ? d.name : inner(d.base);
    case 'gobEncoder': {
      if (depth > 0 && d.name) return d.name;
      const kind = d.wire === 'gob' ? 'GobEncoder' : d.wire === 'binary' ? 'BinaryMarshaler' : 'TextMarshaler';
      return `${kind}${d.name ? ` ${d.name}` : ''} (opaque bytes)`;
    }
    case 'struct': {
      if (depth > 0 && d.name) return d.name;
      if (depth > 8) return 'struct {…}';
      const fields = d.fields.map((f) => `${f.name} ${inner(f.type)}`).join('; ');
      return `struct ${d.name ? `${d.name} ` : ''}{ ${fields} }`.replace('{  }', '{}');
    }
  }
}
