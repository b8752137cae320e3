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
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2));
