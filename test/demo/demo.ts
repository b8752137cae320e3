/**
 * `npm run demo`: go-netrpc's go-plugin layer in both directions with real Go programs built from
 * hashicorp/go-plugin v1.8.0.
 *
 * 1. A TypeScript host launches a Go plugin (go-testbed/cmd/plugingo), calls it, and serves a
 *    callback the Go plugin calls back through the MuxBroker (and the reverse: the Go plugin
 *    offers a service the TS host dials).
 * 2. A Go host (go-testbed/cmd/pluginhost, plugin.NewClient) launches a TypeScript plugin
 *    (test/helpers/plugins/testbed-plugin.ts) and runs the same calls against it.
 */
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { implementService } from '../../src/rpc/service.js';
import { PluginClient, type LogEntry } from '../../src/plugin/index.js';
import { AdderService, NameService, TESTBED_HANDSHAKE, Testbed } from '../helpers/plugins/testbed-contract.js';
import { tsPluginCommand } from '../helpers/plugins/upstream.js';
import { buildGoPrograms, GoToolchainError, requireGo, testbedTargets } from '../setup/go-build.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string): string => `${root}go-testbed/bin/${name}`;

function step(title: string): void {
  console.log(`\n=== ${title}`);
}

step('Go peers: go-testbed/cmd/plugingo and cmd/pluginhost (built on the first run only)');
try {
  requireGo('npm run demo');
  buildGoPrograms(testbedTargets(['plugingo', 'pluginhost']), { log: (line) => console.log(line) });
  console.log('  ready');
} catch (err) {
  if (!(err instanceof GoToolchainError)) throw err;
  console.error(`\ngo-netrpc demo: ${err.message}`);
  process.exit(1);
}

step('TypeScript host → Go plugin (hashicorp/go-plugin v1.8.0 plugin.Serve), AutoMTLS on');
const client = new PluginClient({
  cmd: bin('plugingo'),
  handshake: TESTBED_HANDSHAKE,
  plugins: { testbed: Testbed },
  autoMtls: true,
  logger: { log: (e: LogEntry) => console.log(`  [plugin log ${e.level}] ${e.message}`, Object.keys(e.fields).length ? e.fields : '') },
  logLevel: 'info',
  // What the Go plugin writes to its os.Stdout arrives on the stdout stream (Go SyncStdout).
  syncStdout: new Writable({
    write(chunk: Buffer, _enc, cb) {
      console.log(`  [plugin stdout] ${chunk.toString().trimEnd()}`);
      cb();
    },
  }),
});
try {
  const t0 = performance.now();
  const plugin = await client.dispense<(typeof Testbed)['methods']>('testbed');
  console.log(`  Plugin.Greet("TypeScript")      → ${await plugin.Greet('TypeScript')}   (launch to first reply ${(performance.now() - t0).toFixed(0)} ms)`);

  const broker = await client.broker();
  const id = broker.nextId();
  void broker.acceptAndServe(id, implementService(NameService, { Name: () => 'a TypeScript callback' }));
  console.log(`  Plugin.GreetWithCallback(${id})     → ${await plugin.GreetWithCallback(id)}   (the Go plugin dialed broker id ${id} and called our Plugin.Name)`);

  const adderId = await plugin.OfferAdder('');
  const adder = await broker.dialClient(adderId);
  console.log(`  Go-served adder on broker id ${adderId}: Add(40, 2) → ${await adder.service(AdderService).Add({ A: 40, B: 2 })}`);
  await adder.close();

  await plugin.Fail('an error from Go').catch((e: unknown) => console.log(`  Plugin.Fail                      → rejected: ${(e as Error).message} (code ${(e as { code: string }).code})`));
  await plugin.Print('this line was written to the Go plugin’s os.Stdout');
} finally {
  await client.kill();
}
console.log(`  kill(): Control.Quit sent, plugin exited = ${client.exited()}`);

step('Go host (hashicorp/go-plugin v1.8.0 plugin.NewClient) → TypeScript plugin, AutoMTLS on');
const ts = tsPluginCommand('testbed-plugin.ts');
const out = execFileSync(bin('pluginhost'), ['-scenario', 'basic', '-automtls', '--', ts.cmd, ...ts.args], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
const r = JSON.parse(out) as Record<string, unknown>;
console.log(`  Ping                              → ${r['ping'] === '' ? 'ok' : r['ping']}`);
console.log(`  Plugin.Greet("go-host")           → ${String(r['greet'])}`);
console.log(`  Plugin.GreetWithCallback          → ${String(r['callback'])}   (the TS plugin called the Go host's broker service)`);
console.log(`  TS-served adder via the broker    → ${String(r['adder'])}`);
console.log(`  300 000 raw brokered bytes intact → ${String(r['rawOk'])};  600 KiB Echo intact → ${String(r['echoOk'])}`);
console.log(`  Plugin.Fail                       → Go sees error "${String(r['fail'])}"`);
console.log(`  Kill                              → exited=${String(r['exited'])} in ${String(r['killMs'])} ms`);
console.log('\nDone.');
