#!/usr/bin/env node
/**
 * The `go-netrpc` command line (package.json `bin`):
 *
 *   go-netrpc gob dump [--json] [FILE]   print a gob stream's type definitions and values
 *   go-netrpc gob echo [FILE]            re-encode a gob stream's values with their wire types
 *   go-netrpc trace [--out FILE] [--json] -- PLUGIN_CMD ARGS…   trace a go-plugin session (src/trace)
 *
 * FILE defaults to stdin. Bad input exits with status 1 and exactly one line on stderr:
 * `go-netrpc: CODE at byte N: message` — never a stack trace.
 */
import { traceMain } from '../trace/index.js';
import { errorLine, run } from './run.js';

// A reader that goes away (`go-netrpc gob dump x | head`) ends the program quietly, like a Go or
// C tool killed by SIGPIPE; any other output failure is reported as one line.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') process.stderr.write(`${errorLine(err)}\n`);
  process.exit(err.code === 'EPIPE' ? 0 : 1);
});

const argv = process.argv.slice(2);
process.exitCode = argv[0] === 'trace' ? await traceMain(argv.slice(1)) : await run(argv);
