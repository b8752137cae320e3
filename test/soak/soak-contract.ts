/**
 * The soak test's plugin contract (test/soak): a netrpc service "Plugin" with an Echo of a string
 * and an Add of a struct, so every call encodes and decodes gob values both ways. Built only from
 * the public subpaths (gob, rpc), as a plugin author would.
 */
import * as gob from '../../src/gob/index.js';
import { describeService } from '../../src/rpc/index.js';

export const SOAK_HANDSHAKE = { protocolVersion: 1, magicCookieKey: 'GONETRPC_SOAK_PLUGIN', magicCookieValue: '5a0c-soak' } as const;

export const SoakArgs = gob.struct('SoakArgs', { A: gob.int, B: gob.int, Tag: gob.string });

export const Soak = describeService('Plugin', {
  Echo: { args: gob.string, reply: gob.string },
  Add: { args: SoakArgs, reply: gob.int },
});
