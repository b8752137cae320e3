/**
 * The public API surface of the package, as users' compilers see it: for every subpath of
 * package.json `exports`, each exported name with its declaration as printed from the built
 * dist/*.d.ts (TypeScript compiler API, comments removed, one normalized block per name), plus
 * the README "Errors" tables generated from each layer's `as const` error-code table.
 *
 *   npm run api:update   rebuilds dist/ and rewrites test/api/api-surface.txt and README's Errors
 *                        section; review the diff like any other change of the public API.
 *
 * test/api/api-surface.test.ts fails when either is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const snapshotFile = join(root, 'test', 'api', 'api-surface.txt');
const readmeFile = join(root, 'README.md');

interface Pkg {
  exports: Record<string, string | { types?: string }>;
}

/** `[subpath, dist .d.ts path]` for every code subpath of package.json `exports`. */
export function typedSubpaths(): [string, string][] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Pkg;
  return Object.entries(pkg.exports).flatMap(([sub, v]) =>
    typeof v === 'object' && v.types !== undefined ? [[sub, join(root, v.types)] as [string, string]] : [],
  );
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function printDecl(node: ts.Node): string {
  const text = printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile());
  // Private members are in the .d.ts only as names; they are not API, so they are left out.
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s+(private\b|#private;)/.test(line))
    .join('\n');
}

function declarationsOf(checker: ts.TypeChecker, sym: ts.Symbol): string[] {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const decls = target.declarations ?? [];
  if (decls.length === 0) return ['<no declaration>'];
  return decls.map((d) => {
    if (ts.isVariableDeclaration(d) && ts.isVariableDeclarationList(d.parent) && ts.isVariableStatement(d.parent.parent)) return printDecl(d.parent.parent);
    if (ts.isSourceFile(d)) return `namespace: ${checker.getExportsOfModule(target).length} exports, listed under its subpath`;
    return printDecl(d);
  });
}

/** The API surface text of every subpath, names sorted. */
export function apiSurface(): string {
  const entries = typedSubpaths();
  const program = ts.createProgram(
    entries.map(([, f]) => f),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: ['node'], noEmit: true, strict: true },
  );
  const checker = program.getTypeChecker();
  const out: string[] = ['# Public API of go-netrpc, generated from dist/*.d.ts by test/api/api-surface.ts (npm run api:update).', ''];
  for (const [sub, file] of entries) {
    const sf = program.getSourceFile(file);
    if (sf === undefined) throw new Error(`${file} is missing: build dist/ first (npm run build)`);
    const mod = checker.getSymbolAtLocation(sf);
    const exports = mod === undefined ? [] : checker.getExportsOfModule(mod);
    out.push(`## ${sub === '.' ? 'go-netrpc' : `go-netrpc/${sub.slice(2)}`} (${exports.length} exports)`, '');
    for (const sym of [...exports].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      out.push(`### ${sym.name}`, ...declarationsOf(checker, sym), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** One layer's error class and code table, as the README "Errors" section lists them. */
export interface ErrorTable {
  layer: string;
  errorClass: string;
  codes: Readonly<Record<string, string>>;
}

/** Renders the README "Errors" section body (between the errors markers). */
export function errorsMarkdown(tables: readonly ErrorTable[]): string {
  const parts = tables.map((t) => {
    const rows = Object.entries(t.codes).map(([code, meaning]) => `| \`${code}\` | ${meaning.replace(/\|/g, '\\|')} |`);
    return [`### ${t.layer}: \`${t.errorClass}\``, '', '| code | meaning |', '| --- | --- |', ...rows].join('\n');
  });
  return `${parts.join('\n\n')}\n`;
}

export const ERRORS_START = '<!-- errors:start (generated from each layer\'s error-code table by npm run api:update) -->';
export const ERRORS_END = '<!-- errors:end -->';

/** README text with its Errors section replaced by `body`. */
export function withErrorsSection(readme: string, body: string): string {
  const a = readme.indexOf(ERRORS_START);
  const b = readme.indexOf(ERRORS_END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${ERRORS_START} … ${ERRORS_END} markers`);
  return `${readme.slice(0, a + ERRORS_START.length)}\n\n${body}\n${readme.slice(b)}`;
}

/** The error tables of the layers, from the built package. */
export async function errorTables(): Promise<ErrorTable[]> {
  const dist = (sub: string): string => join(root, 'dist', sub, 'index.js');
  const gob = (await import(dist('gob'))) as { GobErrorCode: Record<string, string> };
  const yamux = (await import(dist('yamux'))) as { YamuxErrorCode: Record<string, string> };
  const rpc = (await import(dist('rpc'))) as { RpcErrorCode: Record<string, string> };
  const plugin = (await import(dist('plugin'))) as { PluginErrorCode: Record<string, string> };
  const msgpack = (await import(dist('msgpack'))) as { MsgpackErrorCode: Record<string, string> };
  return [
    { layer: 'go-netrpc/gob', errorClass: 'GobError', codes: gob.GobErrorCode },
    { layer: 'go-netrpc/yamux', errorClass: 'YamuxError', codes: yamux.YamuxErrorCode },
    { layer: 'go-netrpc/rpc', errorClass: 'RpcError', codes: rpc.RpcErrorCode },
    { layer: 'go-netrpc/plugin', errorClass: 'PluginError', codes: plugin.PluginErrorCode },
    { layer: 'go-netrpc/msgpack', errorClass: 'MsgpackError', codes: msgpack.MsgpackErrorCode },
  ];
}

if (process.argv.includes('--update')) {
  writeFileSync(snapshotFile, apiSurface());
  writeFileSync(readmeFile, withErrorsSection(readFileSync(readmeFile, 'utf8'), errorsMarkdown(await errorTables())));
  process.stderr.write(`wrote ${snapshotFile} and README.md's Errors section: review the diff\n`);
}
