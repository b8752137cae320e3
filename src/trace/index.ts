/**
 * go-netrpc trace: a go-plugin (netrpc) session seen call by call. {@link tracePlugin} launches a
 * plugin behind a relaying proxy that decodes a copy of every byte (yamux frames → streams →
 * net/rpc gob messages → schemaless values) into a transcript of {@link TraceEvent}s; the CLI
 * `go-netrpc trace -- PLUGIN_CMD…` ({@link traceMain}) is put where a host expects the plugin.
 */
export { tracePlugin } from './proxy.js';
export type { TraceOptions, TraceResult } from './proxy.js';
export { traceMain, parseTraceArgs, TRACE_USAGE } from './cli.js';
export type { TraceArgs } from './cli.js';
export { TraceError } from './errors.js';
export type { TraceErrorCode } from './errors.js';
export type { TraceEvent, Side } from './events.js';
export type { MethodSummary } from './stats.js';
export { formatEvent } from './transcript.js';
export type { TranscriptOptions } from './transcript.js';
export type { SessionTapOptions } from './session-tap.js';
