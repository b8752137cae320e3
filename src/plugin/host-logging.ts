/**
 * Host-side handling of a plugin's stderr lines (go-plugin `Client.logStderr`): each line is
 * classified by {@link StderrLineParser} and re-emitted through the host logger under the
 * plugin's name (Go: `logger.Named(filepath.Base(path))`), when at or above the host level.
 */
import { basename } from 'node:path';
import { debug } from '../internal/debug.js';
import { levelEnabled, StderrLineParser, type HostLogger, type LogEntry, type LogLevel } from './hclog.js';

const dbg = debug('plugin');

/** The default host logger: `NODE_DEBUG=gonetrpc:plugin` (library code never writes to stdout). */
export const debugHostLogger: HostLogger = {
  log(e: LogEntry): void {
    const fields = Object.entries(e.fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    dbg('[%s] %s: %s %s', e.level.toUpperCase(), e.module ?? 'plugin', e.message, fields);
  },
};

/** Builds the per-line callback for one plugin process. */
export function stderrLineHandler(command: string, logger: HostLogger, level: LogLevel | 'off'): (line: string) => void {
  const parser = new StderrLineParser();
  const name = basename(command);
  return (line: string): void => {
    if (level === 'off') return;
    const entry = parser.parse(line);
    if (!levelEnabled(entry.level, level)) return;
    logger.log({ ...entry, module: entry.module === undefined ? name : `${name}.${entry.module}` });
  };
}
