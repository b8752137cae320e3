/**
 * A TS plugin that serves, stops at once with `exitProcess: false`, and then writes to stdout:
 * after `stop()` the line must reach the real stdout again (serve() restores process.stdout.write).
 */
import { serve } from '../../../src/plugin/index.js';
import { TESTBED_HANDSHAKE } from './testbed-contract.js';

const served = await serve({ handshake: TESTBED_HANDSHAKE, plugins: {}, exitProcess: false, logLevel: 'off' });
process.stdout.write('routed to the host\n');
await served.stop();
process.stdout.write('after stop\n');
