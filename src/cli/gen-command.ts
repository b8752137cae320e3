/**
 * `go-netrpc gen`: argument parsing and output for the generator (src/gen does the work).
 *
 *   go-netrpc gen [--dir DIR] [--type T]... [--service S[=NAME][:M,…]]... [--register [NAME=]TYPE]...
 *                 [--hook GOTYPE=MODULE#EXPORT]... [--tags TAGS] [--bigint] [--required-fields] [--gob-import M] [--rpc-import M]
 *                 [--out FILE] [PACKAGE_PATTERN...]
 */
import { writeFileSync } from 'node:fs';
import { GenError, generate } from '../gen/index.js';
import type { GenerateOptions } from '../gen/index.js';
import { errorLine } from './run.js';

/** One line per failure: `go-netrpc gen: CODE: message` (the message without its own `go-netrpc gen:` prefix). */
export function genErrorLine(err: unknown): string {
  if (!(err instanceof GenError)) return errorLine(err);
  const msg = err.message.replace(/^go-netrpc gen:\s*/, '');
  return `go-netrpc gen: ${err.code}: ${msg}`.replace(/\s*\n\s*/g, ' ');
}

export const GEN_USAGE = `usage: go-netrpc gen [flags] [PACKAGE_PATTERN...]   (patterns default to ".")
  --dir DIR               directory inside the Go module (default: current directory)
  --type T                a Go type to declare (Name or import/path.Name); repeatable, or comma-separated
  --service S[=NAME][:M,…]
                          a net/rpc receiver type or Go interface; NAME as in rpc.RegisterName;
                          :M,… keeps only those methods (and the types they need)
  --register [NAME=]TYPE  a gob registration the static scan cannot see (Go type expression)
  --hook GOTYPE=M#EXPORT  decode a GobEncoder/BinaryMarshaler type (e.g. math/big.Int) with your
                          gob.GobEncoderHooks export instead of keeping its bytes opaque
  --tags TAGS             Go build tags
  --bigint                Go int/int64/uint/uint64 as bigint (default: number, exact or an error)
  --required-fields       struct fields required in value types (default: optional = Go zero)
  --gob-import M          module of the gob runtime (default go-netrpc/gob)
  --rpc-import M          module of the rpc runtime (default go-netrpc/rpc)
  --out FILE              write the module to FILE (default: standard output)`;

const LIST = new Set(['--type', '--service', '--register', '--hook']);
const VALUE = new Set(['--dir', '--tags', '--gob-import', '--rpc-import', '--out', ...LIST]);

/** Parses `gen` arguments into generator options plus the output file. */
export function parseGenArgs(args: readonly string[]): GenerateOptions & { readonly out?: string } {
  const lists: Record<string, string[]> = { '--type': [], '--service': [], '--register': [], '--hook': [] };
  const values: Record<string, string> = {};
  const patterns: string[] = [];
  let bigints = false;
  let required = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag === '--bigint' || flag === '--required-fields') {
      if (flag === '--bigint') bigints = true;
      else required = true;
      continue;
    }
    if (VALUE.has(flag)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new GenError('BAD_OPTIONS', `${flag} needs a value`);
      if (LIST.has(flag)) lists[flag]!.push(...(flag === '--type' ? v.split(',').filter((s) => s !== '') : [v]));
      else values[flag] = v;
      continue;
    }
    if (a.startsWith('-')) throw new GenError('BAD_OPTIONS', `unknown flag ${a}`);
    patterns.push(a);
  }
  const command = ['go-netrpc gen', ...args.map((a) => (/^[\w./:=,@*-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`))].join(' ');
  const opt = (k: string): string | undefined => values[k];
  const hooks: Record<string, string> = {};
  for (const h of lists['--hook']!) {
    const eq = h.indexOf('=');
    if (eq <= 0) throw new GenError('BAD_OPTIONS', `--hook ${h}: expected GOTYPE=MODULE#EXPORT`);
    hooks[h.slice(0, eq)] = h.slice(eq + 1);
  }
  return {
    ...(opt('--dir') === undefined ? {} : { dir: opt('--dir')! }),
    packages: patterns,
    types: lists['--type']!,
    services: lists['--service']!,
    register: lists['--register']!,
    ...(opt('--tags') === undefined ? {} : { tags: opt('--tags')! }),
    ...(opt('--gob-import') === undefined ? {} : { gobImport: opt('--gob-import')! }),
    ...(opt('--rpc-import') === undefined ? {} : { rpcImport: opt('--rpc-import')! }),
    ...(opt('--out') === undefined ? {} : { out: opt('--out')! }),
    ...(Object.keys(hooks).length === 0 ? {} : { hooks }),
    bigints,
    optionalFields: !required,
    command,
  };
}

/** Runs `go-netrpc gen ARGS`; resolves to the exit status (2: usage, 1: failure). */
export async function genMain(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${GEN_USAGE}\n`);
    return 0;
  }
  try {
    const { out, ...options } = parseGenArgs(args);
    const result = await generate(options);
    if (out === undefined) process.stdout.write(result.source);
    else writeFileSync(out, result.source);
    for (const n of result.notes) process.stderr.write(`go-netrpc gen: note: ${n}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${genErrorLine(err)}\n`);
    if (err instanceof GenError && err.code === 'BAD_OPTIONS') {
      process.stderr.write(`${GEN_USAGE}\n`);
      return 2;
    }
    return 1;
  }
}
