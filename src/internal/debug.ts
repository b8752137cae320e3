/**
 * Debug logging through util.debuglog (enable with NODE_DEBUG=gonetrpc:yamux etc.).
 * util.debuglog writes to stderr, never stdout: in a plugin process stdout belongs to the
 * go-plugin handshake line.
 */
import { debuglog } from 'node:util';

export type DebugFn = (msg: string, ...args: unknown[]) => void;

/** A namespaced debug logger: `debug('yamux')` is enabled by NODE_DEBUG=gonetrpc:yamux. */
export function debug(namespace: 'gob' | 'yamux' | 'rpc' | 'plugin' | 'packer'): DebugFn {
  return debuglog(`gonetrpc:${namespace}`);
}
