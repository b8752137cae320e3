/**
 * go-netrpc: Go's encoding/gob, hashicorp/yamux, net/rpc and go-plugin's netrpc protocol for
 * Node.js. Each layer also has its own subpath export (`go-netrpc/gob`, `go-netrpc/yamux`, …).
 */
import { GoNetrpcError } from './internal/errors.js';

export { GoNetrpcError };

/** The package version. */
export const version = '0.1.0';
