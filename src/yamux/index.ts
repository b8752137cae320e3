/**
 * go-netrpc/yamux: a hashicorp/yamux (v0.1.2) compatible stream multiplexer for Node.js.
 *
 * Protocol summary (hashicorp/yamux spec.md). Every frame starts with a 12-byte big-endian
 * header: `version u8 (0) | type u8 | flags u16 | streamID u32 | length u32`.
 * - Types: 0 Data (`length` payload bytes follow), 1 WindowUpdate (`length` = window delta),
 *   2 Ping (stream 0, `length` = opaque id, SYN asks and ACK answers), 3 GoAway (stream 0,
 *   `length` = 0 normal, 1 protocol error, 2 internal error).
 * - Flags (a bit set): SYN opens a stream, ACK accepts it, FIN half-closes, RST resets.
 * - The client opens odd stream ids (1, 3, …), the server even ones (2, 4, …).
 * - Flow control is per stream: each direction starts with a 256 KiB window; the receiver
 *   grants more with WindowUpdate as the application consumes. Exceeding it is fatal.
 *
 * Usage: `const session = createClient(socket)`; `await session.open()` gives a
 * {@link YamuxStream} (a Node Duplex); `await session.accept()` or `for await (const s of
 * session)` takes the peer's streams (both roles). Streams emit 'error' (YamuxError
 * STREAM_RESET, SESSION_SHUTDOWN…) like sockets do: attach a listener or use `pipeline`.
 * Debug logs: `NODE_DEBUG=gonetrpc:yamux`.
 */
export { GoNetrpcError } from '../internal/errors.js';
export { createClient, createServer, YamuxSession } from './session.js';
export type { YamuxOpOptions, YamuxRole } from './session.js';
export { YamuxStream, StreamState } from './stream.js';
export { YamuxError } from './errors.js';
export { YamuxErrorCode } from './errors.js';
export type { YamuxErrorOptions } from './errors.js';
export { DEFAULT_CONFIG, resolveConfig } from './config.js';
export type { YamuxConfig, ResolvedYamuxConfig } from './config.js';
export { Flag, FrameType, GoAwayCode, HEADER_SIZE, INITIAL_STREAM_WINDOW, PROTO_VERSION } from './constants.js';
export { decodeHeader, describeHeader, encodeHeader } from './frame.js';
export type { FrameHeader } from './frame.js';
