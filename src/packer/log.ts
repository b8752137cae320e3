/** Debug logging of go-netrpc/packer (NODE_DEBUG=gonetrpc:packer), to stderr, never stdout. */
import { debug } from '../internal/debug.js';

export const log = debug('packer');
