/**
 * Host-side handling of a plugin's stderr lines (go-plugin `Client.logStderr`): each line is
 * classified by {@link StderrLineParser} and re-emitted through the host logger under the
 * plugin's name (Go: `logger.Named(filepath.Base(path))`), when at or above the host level.
 * Also renders stderr as text for error messages, and isolates a throwing user logger.
 */
import { basename, extname } from 'node:path';
import { debug } from '../internal/debug.js';
import { levelEnabled, StderrLineParser, type HostLogger, type LogEntry, type LogLevel } from './hclog.js';

const dbg = debug('plugin');

/** One entry as a text line: `[INFO]  name: message: key=value …` (hclog's text layout). */
export function formatLogEntry(e: LogEntry): string {
  const fields = Object.entries(e.fields)
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('');
  const level = `[${e.level.toUpperCase()}]`.padEnd(7);
  return `${level}${e.module === undefined ? '' : ` ${e.module}:`} ${e.message}${fields === '' ? '' : `:${fields}`}`;
}

/** Renders raw plugin stderr (hclog JSON or text lines) as text lines. */
export function renderStderr(raw: string): string {
  const parser = new StderrLineParser();
  return raw
    .split('\n')
    .map((line) => {
      const e = parser.parse(line.replace(/\r$/, ''));
      return e.json ? formatLogEntry(e) : e.message;
    })
    .join('\n');
}

/** The default host logger: `NODE_DEBUG=gonetrpc:plugin` (library code never writes to stdout). */
export const debugHostLogger: HostLogger = {
  log(e: LogEntry): void {
    dbg('%s', formatLogEntry(e));
  },
};

const SCRIPT_RUNNERS = /^(node|nodejs|bun|deno|tsx|ts-node)(\.exe)?$/i;
/** Node/tsx options that take the next argument as their value. */
const VALUE_OPTIONS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--input-type']);

/**
 * The logger name of a plugin command, as Go's `filepath.Base(cmd.Path)`; for a script run by
 * node/tsx/bun/deno, the script's base name without extension instead of `node`.
 */
export function pluginLogName(command: string, args: readonly string[] = []): string {
  const base = basename(command);
  if (!SCRIPT_RUNNERS.test(base)) return base;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') return base;
    if (a.startsWith('-')) continue;
    const script = basename(a);
    return script.slice(0, script.length - extname(script).length) || base;
  }
  return base;
}

/** Builds the per-line callback for one plugin process; a throwing `logger` is reported, not fatal. */
export function stderrLineHandler(name: string, logger: HostLogger, level: LogLevel | 'off'): (line: string) => void {
  const parser = new StderrLineParser();
  let reported = false;
  return (line: string): void => {
    if (level === 'off') return;
    const entry = parser.parse(line);
    if (!levelEnabled(entry.level, level)) return;
    try {
      logger.log({ ...entry, module: entry.module === undefined ? name : `${name}.${entry.module}` });
    } catch (err) {
      // A user callback must not take the host down with it (it runs inside a stream handler).
      if (!reported) {
        reported = true;
        const why = err instanceof Error ? err.message : String(err);
        process.emitWarning(`the logger given to PluginClient threw (later throws are not reported): ${why}`, { code: 'GONETRPC_LOGGER_THREW' });
      }
    }
  };
}
