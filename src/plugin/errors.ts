/**
 * PluginError: the only error class thrown by the plugin layer's public API.
 *
 * Codes map to go-plugin's failure modes (`client.go` Start/handshake errors, `mux_broker.go`
 * timeouts, `Client.Kill`/exit detection, `SecureConfig.Check`, `server.go` cookie check).
 */
import { GoNetrpcError, type GoNetrpcErrorOptions } from '../internal/errors.js';

/**
 * Every code a go-netrpc/plugin error can carry, with its meaning: `PluginErrorCode.X` is the text of `X`, and
 * the type PluginErrorCode is the union of the keys. Documented in README.md (Errors).
 */
export const PluginErrorCode = {
  HANDSHAKE_TIMEOUT: 'The plugin printed no handshake line within startTimeoutMs (Go: "timeout while waiting for plugin to start").',
  HANDSHAKE_INVALID: 'The handshake line is malformed or too long (Go: "Unrecognized remote plugin message").',
  CORE_VERSION_UNSUPPORTED: 'The plugin speaks another go-plugin core protocol version (Go: "incompatible core API version with plugin").',
  APP_VERSION_UNSUPPORTED: 'No app protocol version in common with the plugin (Go: "incompatible API version with plugin").',
  PROTOCOL_UNSUPPORTED: 'The plugin offers a protocol this side does not allow, e.g. grpc (Go: "unsupported plugin protocol").',
  NETWORK_UNSUPPORTED: 'The handshake names an address type other than unix or tcp (Go: "unknown address type").',
  CERT_INVALID: 'The AutoMTLS certificate in the handshake, or a configured certificate, cannot be parsed.',
  PROCESS_EXITED: 'The plugin process exited (before the handshake, or during calls); stderrTail holds its last stderr bytes.',
  SPAWN_FAILED: 'The plugin command could not be started (not found, not executable, …).',
  COOKIE_MISMATCH: 'The magic cookie environment variable does not match: the process was not launched by a go-plugin host.',
  CHECKSUM_MISMATCH: 'The plugin binary does not match the configured SecureConfig checksum (Go: "checksums did not match").',
  CHECKSUM_ERROR: 'The SecureConfig checksum could not be checked (no checksum, unknown hash, unreadable file).',
  BROKER_TIMEOUT: 'A MuxBroker dial or accept was not matched by the other side in time (Go: "timeout waiting for accept").',
  BROKER_BAD_ACK: 'The other side acknowledged a different MuxBroker stream id (Go: "bad ack").',
  BROKER_CLOSED: 'The MuxBroker is closed, or its connection failed.',
  UNKNOWN_PLUGIN: 'dispense() of a name missing from the plugins map (Go: "unknown plugin type").',
  CONNECT_FAILED: 'Connecting to the plugin\'s address, or the TLS handshake with it, failed.',
  REATTACH_FAILED: 'The reattach process is gone, or connecting to its address failed.',
  INVALID_CONFIG: 'The client or serve() options are inconsistent or invalid.',
  LISTEN_FAILED: 'serve() could not open its listener (unix socket or TCP port range, socket group).',
  CLIENT_CLOSED: 'The plugin client was killed; no further calls or dispenses.',
  REMOTE_ERROR: 'The remote method returned an error; the message is its text verbatim.',
  CALL_FAILED: 'A call failed for another reason (connection lost, encoding failed); cause holds the RpcError.',
  ABORTED: 'The operation was cancelled through its AbortSignal.',
  TIMEOUT: 'The operation did not finish in time (callTimeoutMs or the call\'s own timeoutMs); the plugin may be stuck or stopped.',
} as const;

/** A stable error code of go-netrpc/plugin (a key of the PluginErrorCode table). */
export type PluginErrorCode = keyof typeof PluginErrorCode;

/** Error thrown by go-netrpc/plugin. */
export class PluginError extends GoNetrpcError<PluginErrorCode> {
  /** For PROCESS_EXITED: the last bytes the plugin wrote to stderr (may be empty). */
  readonly stderrTail: string | undefined;

  constructor(code: PluginErrorCode, message: string, options?: GoNetrpcErrorOptions & { stderrTail?: string }) {
    super(code, message, options);
    this.stderrTail = options?.stderrTail;
  }
}
