#!/usr/bin/env node
/**
 * The `go-netrpc` command line (package.json `bin`):
 *
 *   go-netrpc gob dump [--json] [FILE]   print a gob stream's type definitions and values
 *   go-netrpc gob echo [FILE]            re-encode a gob stream's values with their wire types
 *   go-netrpc help | -h | --help         every command and option (src/cli/run.ts USAGE)
 *   go-netrpc -V | --version             the package version
 *   go-netrpc trace [--out FILE] [--json] [--capture FILE] -- PLUGIN_CMD ARGS…
 *                                        trace a go-plugin or Packer session (src/trace)
 *   go-netrpc trace --connect ADDR …     trace a reattached plugin
 *   go-netrpc trace read FILE [--json]   decode a raw capture offline
 *   go-netrpc conformance yamux|gob|rpc …  the conformance kit (src/conformance)
 *   go-netrpc gen …                      Go source → TS descriptors and contracts (src/gen)
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

const [, , command] = process.argv;
const rest = process.argv.slice(3);
// Each tool is loaded only when its command runs: `gob dump` pays for none of the others.
process.exitCode =
  command === 'conformance'
    ? await (await import('../conformance/index.js')).runConformance(rest)
    : command === 'gen'
      ? await (await import('./gen-command.js')).genMain(rest)
      : command === 'trace'
        ? await (await import('../trace/index.js')).traceMain(rest)
        : await run(process.argv.slice(2));
