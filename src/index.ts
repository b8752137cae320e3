/**
 * go-netrpc: Go's encoding/gob, hashicorp/yamux, net/rpc and go-plugin's netrpc protocol for
 * Node.js. Each layer is a namespace here and also has its own subpath export
 * (`go-netrpc/gob`, `go-netrpc/yamux`, `go-netrpc/rpc`, `go-netrpc/plugin`); importing a subpath
 * loads only that layer and the layers below it.
 */
export { GoNetrpcError } from './internal/errors.js';
export * as gob from './gob/index.js';
export * as yamux from './yamux/index.js';
export * as rpc from './rpc/index.js';
export * as plugin from './plugin/index.js';

/** The package version. */
export const version = '0.1.0';
