/**
 * Turns the Go model into one TypeScript module: gob descriptors (structs as thunks so
 * recursive and mutually recursive types work, named non-structs in dependency order,
 * cyclic named containers patched in place), TS value types, `describeService` contracts and
 * a `register()` function with the package's gob registrations. Output is deterministic.
 */
import type { FieldRef, GoModel, NamedType, TypeRef } from './model.js';
import { assignIdentifiers } from './names.js';
import { GenError } from './errors.js';

/** How generated code looks. */
export interface EmitOptions {
  /** Module specifiers of the runtime (default `go-netrpc/gob` and `go-netrpc/rpc`). */
  readonly gobImport?: string;
  readonly rpcImport?: string;
  /** Go int, int64, uint and uint64 as bigint (`gob.int64n`, …) instead of number. Default false. */
  readonly bigints?: boolean;
  /** Struct fields optional in value types (absent = Go's zero value, sent as nothing). Default true. */
  readonly optionalFields?: boolean;
  /** The command that regenerates the file (goes into the header). */
  readonly command?: string;
  /**
   * GobEncoder / BinaryMarshaler types decoded by your own hooks instead of kept opaque:
   * Go type (`math/big.Int` or `big.Int`) → `module#export`, the export being a
   * `gob.GobEncoderHooks<T>` (its `kind` is set from Go's method). Default: opaque bytes.
   */
  readonly hooks?: Readonly<Record<string, string>>;
}

const BASIC: Record<string, readonly [desc: string, big: string, ts: string, bigTs: string]> = {
  bool: ['gob.bool', 'gob.bool', 'boolean', 'boolean'],
  int: ['gob.int', 'gob.intn', 'number', 'bigint'],
  int8: ['gob.int8', 'gob.int8', 'number', 'number'],
  int16: ['gob.int16', 'gob.int16', 'number', 'number'],
  int32: ['gob.int32', 'gob.int32', 'number', 'number'],
  int64: ['gob.int64', 'gob.int64n', 'number', 'bigint'],
  uint: ['gob.uint', 'gob.uintn', 'number', 'bigint'],
  uint8: ['gob.uint8', 'gob.uint8', 'number', 'number'],
  uint16: ['gob.uint16', 'gob.uint16', 'number', 'number'],
  uint32: ['gob.uint32', 'gob.uint32', 'number', 'number'],
  uint64: ['gob.uint64', 'gob.uint64n', 'number', 'bigint'],
  uintptr: ['gob.uintptr', 'gob.uintptr', 'number', 'number'],
  float32: ['gob.float32', 'gob.float32', 'number', 'number'],
  float64: ['gob.float64', 'gob.float64', 'number', 'number'],
  complex64: ['gob.complex64', 'gob.complex64', 'gob.GoComplex', 'gob.GoComplex'],
  complex128: ['gob.complex128', 'gob.complex128', 'gob.GoComplex', 'gob.GoComplex'],
  string: ['gob.string', 'gob.string', 'string', 'string'],
};

const str = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

class Emitter {
  private readonly ids: ReadonlyMap<string, string>;
  private readonly byKey: ReadonlyMap<string, NamedType>;
  private readonly big: boolean;
  private readonly optional: boolean;

  constructor(
    private readonly m: GoModel,
    private readonly opts: EmitOptions,
  ) {
    this.big = opts.bigints === true;
    this.optional = opts.optionalFields !== false;
    this.byKey = new Map(m.named.map((n) => [n.key, n]));
    const ids = assignIdentifiers(m.named, m.services);
    this.ids = ids.types;
    this.serviceIds = ids.services;
  }

  private readonly serviceIds: readonly string[];

  private id(key: string | undefined): string {
    const id = key === undefined ? undefined : this.ids.get(key);
    if (id === undefined) throw new GenError('BAD_MODEL', `go-netrpc gen: the model refers to an undeclared type ${String(key)}`);
    return id;
  }

  /** Descriptor expression of a type. */
  desc(t: TypeRef): string {
    const b = BASIC[t.k];
    if (b !== undefined) return this.big ? b[1] : b[0];
    switch (t.k) {
      case 'bytes':
        return 'gob.bytes';
      case 'time':
        return 'gob.time';
      case 'iface':
        if (t.name === 'interface {}') return 'gob.interface';
        if (t.name === 'error') return 'gob.error';
        return `$iface(${str(t.name ?? '')})`;
      case 'named':
        return this.id(t.ref);
      case 'ptr':
        return `gob.ptr(${this.desc(this.sub(t.elem))})`;
      case 'slice':
        return `gob.slice(${this.desc(this.sub(t.elem))})`;
      case 'array':
        return `gob.array(${this.desc(this.sub(t.elem))}, ${t.len ?? 0})`;
      case 'map':
        return `gob.map(${this.desc(this.sub(t.key))}, ${this.desc(this.sub(t.elem))})`;
      case 'struct':
        if ((t.fields ?? []).length === 0) return "gob.struct('', {})";
        return `gob.struct('', { ${(t.fields ?? []).map((f) => `${f.name}: ${this.fieldDesc(f)}`).join(', ')} })`;
      default:
        throw new GenError('BAD_MODEL', `go-netrpc gen: cannot describe Go type ${t.name ?? t.k}`);
    }
  }

  /** TS value type of a type. */
  ts(t: TypeRef): string {
    const b = BASIC[t.k];
    if (b !== undefined) return this.big ? b[3] : b[2];
    switch (t.k) {
      case 'bytes':
        return 'Uint8Array';
      case 'time':
        return 'gob.GoTime';
      case 'iface':
        return 'gob.GoInterface | null';
      case 'named':
        return this.id(t.ref);
      case 'ptr':
        return `${this.ts(this.sub(t.elem))} | null`;
      case 'slice':
      case 'array': {
        const e = this.ts(this.sub(t.elem));
        return e.includes(' ') ? `(${e})[]` : `${e}[]`;
      }
      case 'map':
        return `Map<${this.ts(this.sub(t.key))}, ${this.ts(this.sub(t.elem))}> | null`;
      case 'struct':
        return `{ ${(t.fields ?? []).map((f) => `${f.name}${this.optional ? '?' : ''}: ${this.ts(f.type)}`).join('; ')} }`;
      default:
        throw new GenError('BAD_MODEL', `go-netrpc gen: cannot type Go type ${t.name ?? t.k}`);
    }
  }

  private sub(t: TypeRef | undefined): TypeRef {
    if (t === undefined) throw new GenError('BAD_MODEL', 'go-netrpc gen: a composite type without its element');
    return t;
  }

  private fieldDesc(f: FieldRef): string {
    return f.embedded === true && this.byKey.get(f.type.ref ?? '')?.kind === 'struct' ? `gob.embed(${this.desc(f.type)})` : this.desc(f.type);
  }

  /** Keys of named non-structs that `t` needs at construction time (structs and interfaces are declared first). */
  private eagerDeps(t: TypeRef, out: Set<string>): void {
    if (t.k === 'named' && t.ref !== undefined) {
      const n = this.byKey.get(t.ref);
      if (n !== undefined && (n.kind === 'named' || n.kind === 'marshaler')) out.add(t.ref);
      return;
    }
    for (const s of [t.elem, t.key]) if (s !== undefined) this.eagerDeps(s, out);
    for (const f of t.fields ?? []) this.eagerDeps(f.type, out);
  }

  private depsOf(n: NamedType): Set<string> {
    const out = new Set<string>();
    if (n.base !== undefined) this.eagerDeps(n.base, out);
    for (const u of n.underlyingFields ?? []) this.eagerDeps(u, out);
    return out;
  }

  /** Named non-structs in dependency order, and the ones on a cycle (declared first, patched last). */
  private order(list: readonly NamedType[]): { ordered: NamedType[]; cyclic: Set<string> } {
    const state = new Map<string, 'visiting' | 'done'>();
    const ordered: NamedType[] = [];
    const cyclic = new Set<string>();
    const stack: string[] = [];
    const visit = (n: NamedType): void => {
      const s = state.get(n.key);
      if (s === 'done') return;
      if (s === 'visiting') {
        for (const k of stack.slice(stack.indexOf(n.key))) cyclic.add(k);
        return;
      }
      state.set(n.key, 'visiting');
      stack.push(n.key);
      for (const d of [...this.depsOf(n)].sort()) {
        const dn = this.byKey.get(d);
        if (dn !== undefined) visit(dn);
      }
      stack.pop();
      state.set(n.key, 'done');
      ordered.push(n);
    };
    for (const n of list) visit(n);
    return { ordered, cyclic };
  }

  private doc(n: NamedType): string {
    return `/** Go \`${n.goType}\`${n.pkgPath === 'main' || n.pkgPath === '' ? '' : ` (${n.pkgPath})`}. */`;
  }

  private readonly hookImports: string[] = [];
  private readonly usedHooks = new Set<string>();

  /** The local name of the user hook for marshaler `n`, imported on first use. */
  private hook(n: NamedType): string | undefined {
    const hooks = this.opts.hooks ?? {};
    const key = [`${n.key}`, n.goType].find((k) => hooks[k] !== undefined);
    if (key === undefined) return undefined;
    const spec = hooks[key]!;
    const hash = spec.lastIndexOf('#');
    if (hash <= 0 || hash === spec.length - 1) {
      throw new GenError('BAD_OPTIONS', `go-netrpc gen: --hook ${key}=${spec}: expected MODULE#EXPORT`);
    }
    this.usedHooks.add(key);
    const local = `$hook${this.hookImports.length}`;
    this.hookImports.push(`import { ${spec.slice(hash + 1)} as ${local} } from ${str(spec.slice(0, hash))};`);
    return local;
  }

  private opts_(n: NamedType): string {
    return `{ pkgPath: ${str(n.pkgPath)} }`;
  }

  emit(): string {
    const out: string[] = [];
    const o = this.opts;
    out.push('// Code generated by go-netrpc gen. DO NOT EDIT.');
    out.push(`// Regenerate: ${o.command ?? 'go-netrpc gen (see --help)'}`);
    out.push(`// Go packages: ${this.m.packages.map((p) => p.path).join(', ')}`);
    if (this.m.notes.length > 0) {
      out.push('//');
      out.push('// Notes from the Go side:');
      for (const n of this.m.notes) out.push(`//   - ${n.replace(/\n/g, ' ')}`);
    }
    out.push('/* eslint-disable */');
    out.push(`import * as gob from ${str(o.gobImport ?? 'go-netrpc/gob')};`);
    if (this.m.services.length > 0) out.push(`import { describeService } from ${str(o.rpcImport ?? 'go-netrpc/rpc')};`);
    out.push('');
    const head = out.length;
    const rest = this.m.named.filter((n) => n.kind === 'named' || n.kind === 'marshaler');
    const { ordered, cyclic } = this.order(rest);
    const ifaces = this.m.named.filter((n) => n.kind === 'interface');
    const structs = this.m.named.filter((n) => n.kind === 'struct');
    for (const n of ifaces) {
      out.push('', this.doc(n), `export type ${this.id(n.key)} = gob.GoInterface | null;`);
      out.push(`export const ${this.id(n.key)} = $iface(${str(n.goType)});`);
    }
    for (const n of structs) {
      const id = this.id(n.key);
      const fields = n.fields ?? [];
      out.push('', this.doc(n));
      if (fields.length === 0) out.push(`export interface ${id} {}`);
      else {
        out.push(`export interface ${id} {`);
        for (const f of fields) out.push(`  ${f.name}${this.optional ? '?' : ''}: ${this.ts(f.type)};`);
        out.push('}');
      }
      out.push(`export const ${id}: gob.StructDescriptor<${id}> = gob.struct(`);
      out.push(`  ${str(n.name)},`);
      if (fields.length === 0) out.push('  {},');
      else {
        out.push('  () => ({');
        for (const f of fields) out.push(`    ${f.name}: ${this.fieldDesc(f)},`);
        out.push('  }),');
      }
      out.push(`  ${this.opts_(n)},`);
      out.push(');');
    }
    for (const k of [...cyclic].sort()) {
      const n = this.byKey.get(k)!;
      out.push('', this.doc(n), `export type ${this.id(k)} = ${this.ts(n.base!)};`);
      out.push(`export const ${this.id(k)}: $Typed<${this.id(k)}> = $recursive(${str(n.name)}, ${this.opts_(n)});`);
    }
    for (const n of ordered) {
      if (cyclic.has(n.key)) continue;
      const id = this.id(n.key);
      out.push('', this.doc(n));
      const hook = n.kind === 'marshaler' ? this.hook(n) : undefined;
      if (hook !== undefined) {
        const under = (n.underlyingFields ?? []).map((u) => this.desc(u));
        out.push(
          `export const ${id} = gob.gobEncoder(${str(n.name)}, { ...${hook}, kind: ${str(n.marshal ?? 'gob')} }, { pkgPath: ${str(n.pkgPath)}, pointerReceiver: ${n.pointerReceiver === true}, underlyingFields: [${under.join(', ')}] });`,
        );
        out.push(`export type ${id} = gob.Infer<typeof ${id}>;`);
      } else if (n.kind === 'marshaler' && n.time === true) {
        // Its GobEncode/MarshalBinary is time.Time's (an embedded time.Time): typed as a time.
        const under = (n.underlyingFields ?? []).map((u) => this.desc(u));
        out.push(`export type ${id} = gob.GoTime;`);
        out.push(
          `export const ${id}: gob.GobEncoderDescriptor<gob.GoTime> = gob.gobEncoder(${str(n.name)}, { ...gob.time.hooks, kind: ${str(n.marshal ?? 'gob')} }, { pkgPath: ${str(n.pkgPath)}, pointerReceiver: ${n.pointerReceiver === true}, underlyingFields: [${under.join(', ')}] });`,
        );
      } else if (n.kind === 'marshaler') {
        const under = (n.underlyingFields ?? []).map((u) => this.desc(u));
        out.push(`export type ${id} = Uint8Array | null;`);
        out.push(
          `export const ${id} = $opaque(${str(n.name)}, ${str(n.marshal ?? 'gob')}, ${str(n.pkgPath)}, ${n.pointerReceiver === true}${under.length > 0 ? `, [${under.join(', ')}]` : ''});`,
        );
      } else {
        out.push(`export type ${id} = ${this.ts(n.base!)};`);
        out.push(`export const ${id} = gob.named(${str(n.name)}, ${this.desc(n.base!)}, ${this.opts_(n)});`);
      }
    }
    if (cyclic.size > 0) {
      out.push('', '// Bases of the recursive named types (patched once every descriptor exists).');
      for (const k of [...cyclic].sort()) out.push(`$setBase(${this.id(k)}, ${this.desc(this.byKey.get(k)!.base!)});`);
    }
    this.m.services.forEach((s, i) => {
      out.push('', `/** net/rpc service \`${s.name}\` (Go \`${s.goType}\`). */`);
      out.push(`export const ${this.serviceIds[i]!} = describeService(${str(s.name)}, {`);
      for (const mt of s.methods) out.push(`  ${mt.name}: { args: ${this.desc(mt.args)}, reply: ${this.desc(mt.reply)} },`);
      out.push('});');
    });
    out.push('', "/** Registers the package's gob.Register / RegisterName types (for interface values); returns the registry. */");
    out.push('export function register(registry: gob.Registry = gob.defaultRegistry): gob.Registry {');
    for (const r of this.m.registrations) {
      const d = this.desc(r.type);
      out.push(r.name === undefined ? `  registry.registerType(${d}); // ${r.pos}` : `  registry.register(${str(r.name)}, ${d}); // ${r.pos}`);
    }
    out.push('  return registry;', '}', '');
    const body = out.slice(head).join('\n');
    out.splice(head, 0, ...this.helpers(body));
    out.splice(head - 1, 0, ...this.hookImports);
    const unused = Object.keys(this.opts.hooks ?? {}).filter((k) => !this.usedHooks.has(k));
    if (unused.length > 0) {
      throw new GenError('BAD_OPTIONS', `go-netrpc gen: --hook for ${unused.join(', ')}: no GobEncoder/BinaryMarshaler type of that name was generated`);
    }
    return out.join('\n').replace(/\n{3,}/g, '\n\n');
  }

  /** The local helper functions the body uses. */
  private helpers(body: string): string[] {
    const lines: string[] = [];
    if (body.includes('$Typed<')) {
      lines.push('/** A descriptor whose values have TS type T. */', 'type $Typed<T> = gob.Descriptor & { readonly __type?: T };', '');
    }
    if (body.includes('$iface(')) {
      lines.push(
        '/** A non-empty Go interface type (values are registered concrete types). */',
        'function $iface(goName: string): gob.InterfaceDescriptor {',
        "  return { kind: 'interface', goName };",
        '}',
        '',
      );
    }
    if (body.includes('$opaque(')) {
      lines.push(
        '/** A GobEncoder / BinaryMarshaler type, kept opaque: its marshaled bytes (null when absent). */',
        "function $opaque(name: string, kind: 'gob' | 'binary', pkgPath: string, pointerReceiver: boolean, underlyingFields: readonly gob.Descriptor[] = []): gob.GobEncoderDescriptor<Uint8Array | null> {",
        '  return gob.gobEncoder<Uint8Array | null>(',
        '    name,',
        '    { kind, encode: (v) => new Uint8Array(v ?? new Uint8Array(0)), decode: (b) => new Uint8Array(b), zero: () => null },',
        '    { pkgPath, pointerReceiver, underlyingFields },',
        '  );',
        '}',
        '',
      );
    }
    if (body.includes('$recursive(')) {
      lines.push(
        '/** A recursive named type: declared first, its base set by $setBase. */',
        'function $recursive<T>(name: string, options: { readonly pkgPath: string }): $Typed<T> {',
        '  return { ...gob.named(name, gob.bool, options) } as unknown as $Typed<T>;',
        '}',
        'function $setBase(d: gob.Descriptor, base: gob.Descriptor): void {',
        '  (d as { base: gob.Descriptor }).base = base;',
        '}',
        '',
      );
    }
    return lines;
  }
}

/** The TypeScript module for a model. */
export function emitModule(model: GoModel, options: EmitOptions = {}): string {
  return new Emitter(model, options).emit();
}
