/**
 * PackerError: errors of go-netrpc/packer with stable codes. Texts a Packer user sees (prepare
 * and run errors) travel unchanged, as Packer's `BasicError{Message}`.
 */
import { GoNetrpcError } from '../internal/errors.js';

export type PackerErrorCode =
  /** Started without Packer's magic cookie. */
  | 'NOT_STARTED_BY_PACKER'
  /** The host or plugin broke the protocol (bad handshake line, unexpected reply). */
  | 'PROTOCOL'
  /** A component call failed; the message is the component's error text. */
  | 'COMPONENT_ERROR'
  /** The plugin process could not be started or exited early. */
  | 'PLUGIN_EXITED'
  /** An option or argument is malformed. */
  | 'INVALID_ARGUMENT';

export class PackerError extends GoNetrpcError<PackerErrorCode> {}
