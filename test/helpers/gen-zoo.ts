/**
 * The gob zoo (test/helpers/gob-zoo.ts) with every hand-written gobzoo descriptor replaced by
 * the one `go-netrpc gen` generated for the same Go type, and the zoo's registrations
 * (gobzoo.Register names them at run time, so they are passed as --register flags).
 */
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';

export const zooPkgPath = 'github.com/go-netrpc/go-testbed/internal/gobzoo';

/** gobzoo.Register's names and Go types (go-testbed/internal/gobzoo/types.go). */
export const zooRegistrations = [
  'main.Point=Point', '*main.PtrPoint=*PtrPoint', 'main.WithIface=WithIface', 'main.AB=AB', 'main.MyInt=MyInt',
  'main.Square=Square', '*main.Circle=*Circle', 'main.Empty=Empty', '[]interface {}=[]any',
  'map[string]interface {}=map[string]any', 'map[string]int=map[string]int', 'main.KeyS=KeyS', 'time.Time=time.Time',
  'main.Tree=Tree', 'main.Inner=Inner',
];

/** Names of the gobzoo types the hand-written descriptors use. */
export function zooTypeNames(cases: Readonly<Record<string, readonly Descriptor[]>>): string[] {
  const names = new Set<string>();
  const seen = new Set<Descriptor>();
  const walk = (d: Descriptor): void => {
    if (seen.has(d)) return;
    seen.add(d);
    switch (d.kind) {
      case 'struct':
        if (d.pkgPath === zooPkgPath) names.add(d.name);
        for (const f of d.fields) walk(f.type);
        return;
      case 'named':
      case 'gobEncoder':
        if (d.pkgPath === zooPkgPath) names.add(d.name);
        if (d.kind === 'named') walk(d.base);
        return;
      case 'interface':
        if (d.goName === 'gobzoo.Shape') names.add('Shape');
        return;
      case 'ptr':
      case 'slice':
      case 'array':
        walk(d.elem);
        return;
      case 'map':
        walk(d.key);
        walk(d.elem);
        return;
      default:
    }
  };
  for (const list of Object.values(cases)) list.forEach(walk);
  return [...names].sort();
}

/** `d` with gobzoo types swapped for the generated descriptors in `mod`. */
export function swapForGenerated(d: Descriptor, mod: Record<string, unknown>): Descriptor {
  const gen = (name: string): Descriptor => {
    const g = mod[name] as Descriptor | undefined;
    if (g === undefined || typeof g !== 'object') throw new Error(`gen produced no descriptor for gobzoo.${name}`);
    return g;
  };
  switch (d.kind) {
    case 'struct':
    case 'named':
    case 'gobEncoder':
      // math/big.Int is reached from gobzoo.HasBig, so it is generated too.
      return d.pkgPath === zooPkgPath || (d.pkgPath === 'math/big' && d.name === 'Int') ? gen(d.name) : d;
    case 'interface':
      return d.goName === 'gobzoo.Shape' ? gen('Shape') : d;
    case 'ptr':
      return gob.ptr(swapForGenerated(d.elem, mod));
    case 'slice':
      return gob.slice(swapForGenerated(d.elem, mod));
    case 'array':
      return gob.array(swapForGenerated(d.elem, mod), d.len);
    case 'map':
      return gob.map(swapForGenerated(d.key, mod), swapForGenerated(d.elem, mod));
    default:
      return d;
  }
}
