/**
 * The programmatic API of `go-netrpc gen`: Go packages in, one TypeScript module out.
 */
import { resolve } from 'node:path';
import { emitModule } from './emit.js';
import type { EmitOptions } from './emit.js';
import { GenError } from './errors.js';
import { runHelper } from './go-helper.js';
import type { GoToolOptions } from './go-helper.js';
import { parseModel } from './model.js';
import type { GoModel } from './model.js';

/** What to generate from. */
export interface GenerateOptions extends EmitOptions, GoToolOptions {
  /** Directory inside the Go module (default: the current directory). */
  readonly dir?: string;
  /** Package patterns as `go build` takes them (default `["."]`). */
  readonly packages?: readonly string[];
  /** Named types to declare (`Name` or `import/path.Name`); everything they reach is declared too. */
  readonly types?: readonly string[];
  /**
   * net/rpc services: a receiver type (its methods picked by net/rpc's rules on `*T`) or a Go
   * interface, as `Selector[=ServiceName][:Method,…]`: ServiceName as in Go `RegisterName`, and
   * only the listed methods (each must be a net/rpc method) when a list is given.
   */
  readonly services?: readonly string[];
  /** Registrations the static scan cannot see: `[NAME=]GoTypeExpr`, e.g. `main.Point=Point`, `*Circle`. */
  readonly register?: readonly string[];
  /** Go build tags. */
  readonly tags?: string;
}

/** The generated module and what the Go side noticed. */
export interface GenerateResult {
  readonly source: string;
  /** Things left out or needing attention (also in the generated header). */
  readonly notes: readonly string[];
  /** The Go model the source was generated from. */
  readonly model: GoModel;
}

function strings(v: unknown, what: string): readonly string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) {
    throw new GenError('BAD_OPTIONS', `go-netrpc gen: ${what} must be a list of non-empty strings`);
  }
  return v as string[];
}

/** The `go-netrpc gen` command equivalent to API options (for the generated header). */
function commandLine(o: GenerateOptions): string {
  const q = (a: string): string => (/^[\w./:=,@*-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  const parts = ['go-netrpc gen'];
  if (o.dir !== undefined) parts.push('--dir', q(o.dir));
  for (const t of o.types ?? []) parts.push('--type', q(t));
  for (const s of o.services ?? []) parts.push('--service', q(s));
  for (const r of o.register ?? []) parts.push('--register', q(r));
  for (const [t, h] of Object.entries(o.hooks ?? {})) parts.push('--hook', q(`${t}=${h}`));
  if (o.tags !== undefined) parts.push('--tags', q(o.tags));
  if (o.bigints === true) parts.push('--bigint');
  if (o.optionalFields === false) parts.push('--required-fields');
  if (o.gobImport !== undefined) parts.push('--gob-import', q(o.gobImport));
  if (o.rpcImport !== undefined) parts.push('--rpc-import', q(o.rpcImport));
  parts.push(...(o.packages ?? []).map(q));
  return parts.join(' ');
}

/**
 * Generates the TypeScript module.
 * @throws GenError GO_NOT_FOUND, HELPER_BUILD_FAILED, GO_LOAD_FAILED, BAD_OPTIONS, ABORTED.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const types = strings(options.types, 'types');
  const services = strings(options.services, 'services');
  if (types.length === 0 && services.length === 0) {
    throw new GenError('BAD_OPTIONS', 'go-netrpc gen: name at least one type (--type) or service (--service)');
  }
  const text = await runHelper(
    {
      dir: resolve(options.dir ?? '.'),
      patterns: strings(options.packages, 'packages'),
      types,
      services,
      register: strings(options.register, 'register'),
      tags: options.tags ?? '',
    },
    options,
  );
  const model = parseModel(text);
  const command = options.command ?? commandLine(options);
  return { source: emitModule(model, { ...options, command }), notes: model.notes, model };
}
