/**
 * The `go-netrpc` commands: argument parsing, dispatch and the one-line error report.
 */
import { readFileSync } from 'node:fs';
import { GobError } from '../gob/index.js';
import { gobDump } from './gob-dump.js';
import { gobEcho } from './gob-echo.js';
import { inputStream, writeOut } from './io.js';

/** The help text (`go-netrpc --help`): every command and option. */
export const USAGE = `usage: go-netrpc <command> [options] [FILE]

commands:
  gob dump [--json] [FILE]   print each type definition and value of a gob stream
  gob echo [FILE]            decode without a schema and re-encode to stdout (Go's bytes)
  gen [options] PATTERN…     Go source → TS gob descriptors, value types and net/rpc contracts
                             (go-netrpc gen --help for its options)
  trace [--out FILE] [--capture FILE] [--json] -- PLUGIN_CMD [ARGS…]
                             run a go-plugin or Packer plugin behind a decoding proxy;
                             transcript on stderr or FILE; also --connect ADDR (reattach)
                             and trace read FILE (a capture) (go-netrpc trace --help)
  conformance yamux [options]
                             test a yamux implementation case by case against hashicorp/yamux
                             (go-netrpc conformance --help)
  help                       print this help

options:
  --json          gob dump: one JSON object per line instead of text
  -h, --help      print this help and exit
  -V, --version   print the version and exit

FILE defaults to standard input; "-" also means standard input.
Exit status: 0 success; 1 bad input or I/O error, reported as one line on stderr
("go-netrpc: CODE at byte N: message"); 2 usage error.`;

const HELP_FLAGS: ReadonlySet<string> = new Set(['--help', '-h', 'help']);
const VERSION_FLAGS: ReadonlySet<string> = new Set(['--version', '-V']);

/** The installed package's version, read from its package.json (two levels above this file). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

class UsageError extends Error {}

/** One line describing any failure, prefixed `go-netrpc: `. */
export function errorLine(err: unknown): string {
  if (err instanceof GobError) {
    const msg = err.message.replace(/ \(at byte \d+\)$/, '');
    const at = err.offset === undefined ? '' : ` at byte ${err.offset}`;
    return `go-netrpc: ${err.code}${at}: ${msg}`.replace(/\s*\n\s*/g, ' ');
  }
  const e = err as { code?: unknown; message?: unknown };
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' && !msg.startsWith(e.code) ? `${e.code}: ` : '';
  return `go-netrpc: ${code}${msg}`.replace(/\s*\n\s*/g, ' ');
}

/** Runs the CLI with `args` (without `node main.js`); resolves to the exit status. */
export async function run(args: readonly string[]): Promise<number> {
  try {
    const [group, cmd, ...rest] = args;
    // Help and version win anywhere on the command line (`go-netrpc gob dump --help`).
    if (args.some((a) => HELP_FLAGS.has(a))) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.some((a) => VERSION_FLAGS.has(a))) {
      process.stdout.write(`go-netrpc ${packageVersion()}\n`);
      return 0;
    }
    if (group === undefined) throw new UsageError('no command given');
    if (group !== 'gob' || (cmd !== 'dump' && cmd !== 'echo')) throw new UsageError('unknown command');
    const json = rest.includes('--json');
    const files = rest.filter((a) => a !== '--json');
    if (cmd === 'echo' && json) throw new UsageError('--json is only for dump');
    if (files.length > 1 || files.some((f) => f.startsWith('-') && f !== '-')) throw new UsageError(`bad arguments: ${rest.join(' ')}`);
    const input = inputStream(files[0]);
    if (cmd === 'dump') await gobDump(input, json, writeOut);
    else await gobEcho(input, writeOut);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`go-netrpc: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${errorLine(err)}\n`);
    return 1;
  }
}

