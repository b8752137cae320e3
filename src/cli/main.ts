#!/usr/bin/env node
/**
 * The `go-netrpc` command line (package.json `bin`):
 *
 *   go-netrpc gob dump [--json] [FILE]   print a gob stream's type definitions and values
 *   go-netrpc gob echo [FILE]            re-encode a gob stream's values with their wire types
 *
 * FILE defaults to stdin. Bad input exits with status 1 and exactly one line on stderr:
 * `go-netrpc: CODE at byte N: message` — never a stack trace.
 */
import { errorLine, run } from './run.js';

// A reader that goes away (`go-netrpc gob dump x | head`) ends the program quietly, like a Go or
// C tool killed by SIGPIPE; any other output failure is reported as one line.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') process.stderr.write(`${errorLine(err)}\n`);
  process.exit(err.code === 'EPIPE' ? 0 : 1);
});

process.exitCode = process.argv[2] === 'gen' ? await (await import('./gen-command.js')).genMain(process.argv.slice(3)) : await run(process.argv.slice(2));
