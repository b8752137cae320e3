/**
 * `npm run bench:packer`: go-netrpc/packer and go-netrpc/msgpack next to Go, side by side.
 *
 * 1. Codec: encode and decode of the zoo's `mixed` struct (17 fields of most kinds), ours vs
 *    ugorji 1.2.6 and the 2015 ugorji (go-testbed msgpackgen12/2015 -bench), ns/op.
 * 2. Builder.Prepare round trips/s under the same TS host: Debian's Go null builder
 *    (`packer plugin packer-builder-null`) vs the TS builder (test/helpers/plugins/packer-components.ts).
 * 3. A 64 MiB Communicator upload, provisioner plugin → host: the TS provisioner
 *    (`communicator.upload(path, bytes)`) vs the Go `upload` provisioner of go-testbed's
 *    packer-plugin-gosdk (packer-plugin-sdk v0.6.4, `comm.Upload(path, bytes.Reader, nil)`), both
 *    under the same TS host whose Communicator counts what arrives on the brokered stream.
 *    PACKER_BENCH_ROUNDS (default 5) interleaved rounds (harness.ts), order rotating.
 */
import { execFileSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as mp from '../../src/msgpack/index.js';
import { PackerPluginClient, type Communicator, type Ui } from '../../src/packer/index.js';
import { LoadMonitor, fmtRatio, fmtSpread, interleave, pairedRatio } from './harness.js';
import { Mixed, mixedValue as mixed } from '../helpers/msgpack-mixed.js';
import { tsPluginCommand } from '../helpers/plugins/upstream.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
execFileSync('go', ['build', '-o', '../bin/', './cmd/...'], { cwd: `${root}go-testbed/packer-sdk`, stdio: 'inherit' });
execFileSync('sh', ['build.sh'], { cwd: `${root}go-testbed/packer-legacy`, stdio: 'inherit' });

function nsPerOp(f: () => void): number {
  for (let i = 0; i < 20_000; i++) f(); // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 1_000_000_000n) {
    for (let i = 0; i < 1000; i++) f();
    n += 1000;
    elapsed = process.hrtime.bigint() - start;
  }
  return Number(elapsed) / n;
}

console.log('msgpack codec, zoo case "mixed" (ns/op, lower is better; ratio = Go / ours, ≥ 1.0 means at least as fast as Go)');
for (const [dialect, prog] of [
  ['ugorji-1.2', 'msgpackgen12'],
  ['ugorji-2015', 'msgpackgen2015'],
] as const) {
  const go = JSON.parse(execFileSync(`${root}go-testbed/bin/${prog}`, ['-bench', 'mixed'], { encoding: 'utf8' })) as { encodeNs: number; decodeNs: number; bytes: number };
  const enc = new mp.MsgpackEncoder({ dialect });
  const bytes = enc.encode(Mixed, mixed);
  if (bytes.length !== go.bytes) throw new Error(`size differs from Go: ${bytes.length} vs ${go.bytes}`);
  const e = nsPerOp(() => enc.encode(Mixed, mixed));
  const d = nsPerOp(() => mp.decode(Mixed, bytes));
  console.log(`  ${dialect.padEnd(12)} encode: ours ${e.toFixed(0)} ns, Go ${go.encodeNs.toFixed(0)} ns, ratio ${(go.encodeNs / e).toFixed(2)}×`);
  console.log(`  ${''.padEnd(12)} decode: ours ${d.toFixed(0)} ns, Go ${go.decodeNs.toFixed(0)} ns, ratio ${(go.decodeNs / d).toFixed(2)}×`);
}

const packer = execFileSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).trim();
const ts = tsPluginCommand('packer-components.ts');

async function prepareRate(command: [string, ...string[]], config: { [key: string]: mp.AnyValue }): Promise<number> {
  const plugin = await PackerPluginClient.start({ command, env: { CHECKPOINT_DISABLE: '1' } });
  try {
    const builder = await plugin.builder();
    const vars = { packer_build_name: 'bench', packer_builder_type: 'null', packer_debug: false, packer_force: false, packer_on_error: '', packer_user_variables: {} };
    for (let i = 0; i < 200; i++) await builder.prepare(config, vars);
    let n = 0;
    const start = process.hrtime.bigint();
    while (process.hrtime.bigint() - start < 3_000_000_000n) {
      await builder.prepare(config, vars);
      n++;
    }
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await plugin.close();
  }
}

console.log('Builder.Prepare round trips/s (sequential, same TS host; higher is better)');
const goRate = await prepareRate([packer, 'plugin', 'packer-builder-null'], { communicator: 'none' });
const tsRate = await prepareRate([ts.cmd, ...ts.args, 'builder'], { greeting: 'bench' });
console.log(`  Go null builder (packer 1.6.6): ${goRate.toFixed(0)}/s`);
console.log(`  TS builder:                     ${tsRate.toFixed(0)}/s  (ratio TS/Go ${(tsRate / goRate).toFixed(2)}×)`);

// ---- 3. 64 MiB Communicator upload ----
const SIZE = 64 << 20;
const ROUNDS = Number(process.env['PACKER_BENCH_ROUNDS'] ?? '5');
const unsupported = (): Promise<never> => Promise.reject(new Error('not used by the benchmark'));
let received = 0;
const sink: Communicator = {
  start: unsupported,
  download: unsupported,
  uploadDir: unsupported,
  downloadDir: unsupported,
  async upload(_path: string, data: Readable) {
    for await (const c of data) received += (c as Buffer).length;
  },
};
const quiet = async (): Promise<void> => undefined;
const ui: Ui = { say: quiet, message: quiet, error: quiet, machine: quiet, ask: async () => '' };

async function uploader(command: [string, ...string[]], name: string): Promise<{ run: () => Promise<number>; close: () => Promise<void> }> {
  const stderr: string[] = [];
  const plugin = await PackerPluginClient.start({ command, env: { CHECKPOINT_DISABLE: '1' }, onStderr: (l) => void stderr.push(l) });
  const provisioner = await plugin.provisioner();
  await provisioner.prepare({ message: 'bench', upload_bytes: SIZE });
  const run = async (): Promise<number> => {
    received = 0;
    const start = process.hrtime.bigint();
    await provisioner.provision({ ui, communicator: sink }).catch((err: unknown) => {
      throw new Error(`${name} provisioner failed; its stderr:\n${stderr.slice(-20).join('\n')}`, { cause: err });
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (received !== SIZE) throw new Error(`${name}: the host received ${received} bytes, not ${SIZE}`);
    return SIZE / (1 << 20) / seconds;
  };
  await run(); // warm-up
  return { run, close: () => plugin.close() };
}

const load = new LoadMonitor();
const goUp = await uploader([`${root}go-testbed/bin/packer-plugin-gosdk`, 'start', 'provisioner', 'upload'], 'Go');
const tsUp = await uploader([ts.cmd, ...ts.args, 'provisioner'], 'TS');
try {
  const r = await interleave(ROUNDS, { go: goUp.run, ts: tsUp.run }, () => load.sample());
  console.log(`64 MiB Communicator upload, provisioner plugin → TS host (MiB/s, median (min–max) of ${ROUNDS} interleaved rounds; ${load.summary()})`);
  console.log(`  Go provisioner (packer-plugin-sdk v0.6.4): ${fmtSpread(r.go)} MiB/s`);
  console.log(`  TS provisioner:                            ${fmtSpread(r.ts)} MiB/s  (ratio TS/Go ${fmtRatio(pairedRatio(r.ts, r.go))})`);
} finally {
  await Promise.all([goUp.close(), tsUp.close()]);
}
