/**
 * Running `go-netrpc gen` in tests: generates a module into a temporary directory (importing
 * the runtime from src/, so no dist/ is needed), imports it, and type-checks generated code with
 * the TypeScript compiler under the project's strict options.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { generate } from '../../src/gen/index.js';
import type { GenerateOptions, GenerateResult } from '../../src/gen/index.js';
import { repoRoot } from './go-peer.js';

/** Helper binaries built by the tests are cached inside the repo: `$XDG_CACHE_HOME/go-netrpc` with XDG_CACHE_HOME = node_modules/.cache. */
export const genCacheHome = join(repoRoot, 'node_modules', '.cache');
export const genCacheDir = join(genCacheHome, 'go-netrpc');

const outDir = mkdtempSync(join(tmpdir(), 'go-netrpc-gen-'));
writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');

/** Generates (runtime imported from src/) and imports the module. */
export async function generateAndImport(
  name: string,
  options: GenerateOptions,
): Promise<{ result: GenerateResult; mod: Record<string, unknown>; file: string }> {
  const result = await generate({
    ...options,
    cacheDir: genCacheDir,
    gobImport: join(repoRoot, 'src/gob/index.js'),
    rpcImport: join(repoRoot, 'src/rpc/index.js'),
  });
  const file = join(outDir, `${name}.ts`);
  writeFileSync(file, result.source);
  const mod = (await import(file)) as Record<string, unknown>;
  return { result, mod, file };
}

/** Writes files into the temp directory; returns their paths. */
export function writeTemp(files: Record<string, string>): string[] {
  return Object.entries(files).map(([n, text]) => {
    const p = join(outDir, n);
    writeFileSync(p, text);
    return p;
  });
}

/**
 * tsc diagnostics for `files` with the project's strict options (strict, noUnusedLocals,
 * exactOptionalPropertyTypes, …), `go-netrpc/*` resolved to src/ as in tsconfig.json.
 */
export function typeCheck(files: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules/@types')],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: repoRoot,
    paths: { 'go-netrpc/*': ['./src/*/index.ts'] },
  };
  const program = ts.createProgram([...files], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
