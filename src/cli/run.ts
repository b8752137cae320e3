/**
 * The `go-netrpc` commands: argument parsing, dispatch and the one-line error report.
 */
import { GobError } from '../gob/index.js';
import { gobDump } from './gob-dump.js';
import { gobEcho } from './gob-echo.js';
import { inputStream, writeOut } from './io.js';

const USAGE = `usage:
  go-netrpc gob dump [--json] [FILE]   print each type definition and value of a gob stream
  go-netrpc gob echo [FILE]            decode without a schema and re-encode to stdout
FILE defaults to standard input.`;

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
    if (group === '--help' || group === '-h' || group === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
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

