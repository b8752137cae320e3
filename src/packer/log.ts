/** Debug logging of go-netrpc/packer (NODE_DEBUG=gonetrpc:packer), to stderr, never stdout. */
import { debuglog } from 'node:util';

export const log: (msg: string, ...args: unknown[]) => void = debuglog('gonetrpc:packer');
