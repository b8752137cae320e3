import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { errorLine } from '../../../src/cli/run.js';
import { describeType } from '../../../src/cli/type-text.js';

describe('CLI error line (src/cli/run.ts)', () => {
  it('is one line with code, offset and message', () => {
    const line = errorLine(new gob.GobError('CORRUPT', 'gob: bad data\nsecond line', { offset: 7 }));
    expect(line).toBe('go-netrpc: CORRUPT at byte 7: gob: bad data second line');
  });

  it('reports other errors without repeating their code', () => {
    const err = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' });
    expect(errorLine(err)).toBe("go-netrpc: ENOENT: no such file or directory, open 'x'");
  });
});

describe('type text (src/cli/type-text.ts)', () => {
  it('prints Go-like type syntax, naming nested structs', () => {
    const P = gob.struct('Point', { X: gob.int, Y: gob.int });
    type N = { Kids: N[] };
    const Node: gob.StructDescriptor<N> = gob.struct('Node', () => ({ Kids: gob.slice(Node) }));
    expect(describeType(P)).toBe('struct Point { X int; Y int }');
    expect(describeType(gob.map(gob.string, gob.slice(P)))).toBe('map[string][]Point');
    expect(describeType(Node)).toBe('struct Node { Kids []Node }');
    expect(describeType(gob.struct('', {}))).toBe('struct {}');
    const GE = gob.gobEncoder('GE', { encode: (v: Uint8Array) => v, decode: (b) => b });
    expect(describeType(GE)).toBe('GobEncoder GE (opaque bytes)');
    expect(describeType(gob.slice(GE))).toBe('[]GE');
  });
});
