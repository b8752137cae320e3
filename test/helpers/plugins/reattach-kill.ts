/**
 * A TS host script that reattaches to a running plugin (ReattachConfig JSON in GONETRPC_REATTACH),
 * kills it, and then prints "after kill": the script must get past `await client.kill()` and
 * exit 0 although a reattached plugin is watched only with unref'd timers.
 */
import { PluginClient, type ReattachConfig } from '../../../src/plugin/index.js';
import { TESTBED_HANDSHAKE, Testbed } from './testbed-contract.js';

const reattach = JSON.parse(process.env['GONETRPC_REATTACH'] ?? '{}') as ReattachConfig;
const c = new PluginClient({ handshake: TESTBED_HANDSHAKE, plugins: { testbed: Testbed }, reattach });
const tb = await c.dispense('testbed');
process.stdout.write(`${await tb.Greet('reattached')}\n`);
await c.kill();
process.stdout.write(`after kill, exited=${String(c.exited())}\n`);
