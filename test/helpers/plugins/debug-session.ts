/**
 * A normal host session (launch go-testbed's Go plugin, one call, clean kill) run by the tests with
 * NODE_DEBUG=gonetrpc:* to check what the debug channels print.
 */
import { PluginClient } from '../../../src/plugin/index.js';
import { goBin } from '../go-peer.js';
import { TESTBED_HANDSHAKE, Testbed } from './testbed-contract.js';

const c = new PluginClient({ cmd: goBin('plugingo'), handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed } });
const tb = await c.dispense('testbed');
process.stdout.write(`${await tb.Greet('debug')}\n`);
await c.kill();
