/**
 * A TypeScript go-plugin netrpc plugin implementing the go-testbed pluginshared contract, launched
 * by Go hosts in the conformance tests (`node --import tsx test/helpers/plugins/testbed-plugin.ts`).
 * Env knobs: TESTBED_VERSIONS=1,2 (versions offered), TESTBED_TCP=1 (listen on TCP),
 * TESTBED_TLS_CERT/KEY/CA=<PEM files> (user TLS, Go's ServeConfig.TLSProvider),
 * TESTBED_TLS_HANDSHAKE_TIMEOUT_MS=n (serve()'s tlsHandshakeTimeoutMs), TESTBED_REPORT_CPU=1 (write
 * process.cpuUsage() as JSON to stderr right after the handshake, for bench:plugin).
 */
import { readFileSync, writeSync } from 'node:fs';
import { implementService } from '../../../src/rpc/service.js';
import { serve, type PluginSet } from '../../../src/plugin/index.js';
import { AdderService, NameService, TESTBED_HANDSHAKE, Testbed } from './testbed-contract.js';

function testbed(version: number): PluginSet {
  return {
    testbed: ({ broker, logger }) =>
      implementService(Testbed, {
        Greet: (name) => `Hello, ${name}!`,
        GreetWithCallback: async (id) => {
          const client = await broker.dialClient(id);
          try {
            const name = await client.service(NameService).Name('plugin');
            return `Hello, ${name}!`;
          } finally {
            void client.close();
          }
        },
        OfferAdder: () => {
          const id = broker.nextId();
          void broker.acceptAndServe(id, implementService(AdderService, { Add: ({ A, B }) => A + B })).catch(() => undefined);
          return id;
        },
        RawWrite: async ({ Id, N }) => {
          const stream = await broker.dial(Id);
          const buf = new Uint8Array(N);
          for (let i = 0; i < N; i++) buf[i] = i % 251;
          await new Promise<void>((resolve, reject) => stream.end(buf, (err?: Error | null) => (err ? reject(err) : resolve())));
          return N;
        },
        Echo: (b) => b,
        Fail: (msg) => {
          throw new Error(msg);
        },
        Print: (text) => {
          process.stdout.write(`${text}\n`);
          served.stderr.write(`${text}\n`);
          logger.info('print called', { text });
          return 'printed';
        },
        Version: () => version,
        Env: (key) => process.env[key] ?? '',
        Sleep: (ms) => new Promise((r) => setTimeout(() => r('slept'), ms)),
        // Blocks the whole event loop (a hung plugin: not even Control.Quit is answered).
        Freeze: (ms) => {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
          return 'thawed';
        },
        Crash: (code) => {
          writeSync(2, 'crashing on purpose\n');
          process.exit(code);
        },
      }),
  };
}

const versions = (process.env['TESTBED_VERSIONS'] ?? '1').split(',').map(Number);
const tlsFile = (k: string): string => readFileSync(process.env[k] ?? '', 'utf8');
const tls = process.env['TESTBED_TLS_CERT'] ? { cert: tlsFile('TESTBED_TLS_CERT'), key: tlsFile('TESTBED_TLS_KEY'), ca: tlsFile('TESTBED_TLS_CA') } : undefined;
const served = await serve({
  handshake: TESTBED_HANDSHAKE,
  versionedPlugins: Object.fromEntries(versions.map((v) => [v, testbed(v)])),
  ...(process.env['TESTBED_TCP'] === '1' ? { network: 'tcp' as const } : {}),
  ...(tls === undefined ? {} : { tls }),
  ...(process.env['TESTBED_TLS_HANDSHAKE_TIMEOUT_MS'] ? { tlsHandshakeTimeoutMs: Number(process.env['TESTBED_TLS_HANDSHAKE_TIMEOUT_MS']) } : {}),
});
if (process.env['TESTBED_REPORT_CPU'] === '1') writeSync(2, `${JSON.stringify(process.cpuUsage())}\n`);
served.logger.debug('ts testbed plugin serving', { versions: versions.join(',') });
