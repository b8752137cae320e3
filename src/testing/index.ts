/**
 * go-netrpc/testing: helpers for testing code that uses go-netrpc, in process.
 */
export { GoNetrpcError } from '../internal/errors.js';
export { duplexPair, DuplexSide } from './duplex-pair.js';
export { yamuxPair } from './yamux-pair.js';
export { pluginPair } from './plugin-pair.js';
export type { PluginPair, PluginPairOptions } from './plugin-pair.js';
