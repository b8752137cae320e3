/**
 * A TS host that starts a managed PluginClient on go-testbed's Go plugin, prints the plugin's pid
 * and exits WITHOUT killing it: the managed-client exit hook must take the plugin down.
 */
import { PluginClient } from '../../../src/plugin/index.js';
import { goBin } from '../go-peer.js';
import { TESTBED_HANDSHAKE, Testbed } from './testbed-contract.js';

const c = new PluginClient({ cmd: goBin('plugingo'), handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, managed: true });
await c.ping();
process.stdout.write(`${String(c.pid)}\n`);
process.exit(0);
