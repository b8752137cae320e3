/**
 * PluginError: the only error class thrown by the plugin layer's public API.
 *
 * Codes map to go-plugin's failure modes (`client.go` Start/handshake errors, `mux_broker.go`
 * timeouts, `Client.Kill`/exit detection, `SecureConfig.Check`, `server.go` cookie check).
 */
import { GoNetrpcError, type GoNetrpcErrorOptions } from '../internal/errors.js';

/** Stable codes of {@link PluginError}. */
export type PluginErrorCode =
  | 'HANDSHAKE_TIMEOUT'
  | 'HANDSHAKE_INVALID'
  | 'CORE_VERSION_UNSUPPORTED'
  | 'APP_VERSION_UNSUPPORTED'
  | 'PROTOCOL_UNSUPPORTED'
  | 'NETWORK_UNSUPPORTED'
  | 'CERT_INVALID'
  | 'PROCESS_EXITED'
  | 'SPAWN_FAILED'
  | 'COOKIE_MISMATCH'
  | 'CHECKSUM_MISMATCH'
  | 'CHECKSUM_ERROR'
  | 'BROKER_TIMEOUT'
  | 'BROKER_BAD_ACK'
  | 'BROKER_CLOSED'
  | 'UNKNOWN_PLUGIN'
  | 'CONNECT_FAILED'
  | 'REATTACH_FAILED'
  | 'INVALID_CONFIG'
  | 'LISTEN_FAILED'
  | 'CLIENT_CLOSED'
  | 'REMOTE_ERROR'
  | 'CALL_FAILED'
  | 'ABORTED'
  | 'TIMEOUT';

/** Error thrown by go-netrpc/plugin. */
export class PluginError extends GoNetrpcError<PluginErrorCode> {
  /** For PROCESS_EXITED: the last bytes the plugin wrote to stderr (may be empty). */
  readonly stderrTail: string | undefined;

  constructor(code: PluginErrorCode, message: string, options?: GoNetrpcErrorOptions & { stderrTail?: string }) {
    super(code, message, options);
    this.stderrTail = options?.stderrTail;
  }
}
