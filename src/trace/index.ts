/**
 * go-netrpc trace: a go-plugin (netrpc) or Packer session seen call by call. {@link tracePlugin}
 * launches a plugin behind a relaying proxy that decodes a copy of every byte (yamux frames →
 * streams → net/rpc gob or msgpack messages → schemaless values) into a transcript of
 * {@link TraceEvent}s; {@link traceConnect} does the same for a plugin a host reattaches to; the
 * raw capture they can stream is decoded again offline by {@link readCapture}. The CLI
 * `go-netrpc trace -- PLUGIN_CMD…` ({@link traceMain}) is put where a host expects the plugin.
 */
export { tracePlugin } from './proxy.js';
export type { TraceOptions, TraceResult } from './proxy.js';
export { traceConnect } from './connect.js';
export type { TraceConnectOptions } from './connect.js';
export type { TraceOutputOptions } from './relay-server.js';
export { traceMain, parseTraceArgs, parseTraceReadArgs, TRACE_USAGE } from './cli.js';
export type { TraceArgs, TraceReadArgs } from './cli.js';
export { readCapture } from './replay.js';
export { CAPTURE_VERSION } from './capture-format.js';
export type { TapCodec } from './capture-format.js';
export { TraceError } from './errors.js';
export type { TraceErrorCode } from './errors.js';
export type { TraceEvent, Side } from './events.js';
export type { MethodSummary } from './stats.js';
export { formatEvent } from './transcript.js';
export type { TranscriptOptions } from './transcript.js';
export type { SessionTapOptions } from './session-tap.js';
