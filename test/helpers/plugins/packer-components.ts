/**
 * TS Packer components for the conformance tests, run by real `packer` as
 * `packer-builder-tsdemo` / `packer-provisioner-tsdemo` / `packer-post-processor-tsdemo`
 * or as the multi-component `packer-plugin-tsset` (argv[2] `set`, with a datasource `greet`)
 * (argv[2] picks the component; GONETRPC_PACKER_DIALECT the msgpack dialect written,
 * GONETRPC_PACKER_PROTOCOL=sdk the 4-field handshake of Packer ≥ 1.7).
 * Behaviour is driven by the template's keys, so each test states what it expects.
 */
import { localCommunicator, mergeConfigs, servePacker, servePackerSet, type Artifact, type Builder, type Datasource, type PostProcessor, type Provisioner } from '../../../src/packer/index.js';
import { Writable } from 'node:stream';
import type { MsgpackDialect } from '../../../src/msgpack/index.js';

type Cfg = { [k: string]: unknown };
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);

let bcfg: Cfg = {};
const builder: Builder = {
  configSpec: {
    greeting: { type: 'string' },
    artifact_id: { type: 'string' },
    fail_prepare: { type: 'bool' },
    fail_run: { type: 'bool' },
    wait_for_cancel: { type: 'bool' },
    local_communicator: { type: 'bool' },
    crash_in_run: { type: 'bool' },
    tags: { type: { list: 'string' } },
    labels: { type: { map: 'string' } },
    count: { type: 'number' },
  },
  prepare(configs) {
    bcfg = mergeConfigs(configs);
    if (bcfg['fail_prepare'] === true) throw new Error('fail_prepare is set: refusing to build');
    return { warnings: [] };
  },
  async run({ ui, hook, signal }) {
    await ui.say(`TS builder says hello to ${str(bcfg['greeting'], 'nobody')}`);
    if (bcfg['tags'] !== undefined && bcfg['tags'] !== null) await ui.say(`config: ${JSON.stringify({ tags: bcfg['tags'], labels: bcfg['labels'], count: bcfg['count'] })}`);
    if (bcfg['fail_run'] === true) throw new Error('run failed on purpose');
    if (bcfg['crash_in_run'] === true) process.exit(3);
    if (bcfg['wait_for_cancel'] === true) {
      await ui.say('waiting for cancel');
      // Packer may cancel as soon as it printed the line above: check before waiting.
      if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await ui.say('TS builder saw the cancel');
      throw new Error('cancelled by packer');
    }
    const comm = bcfg['local_communicator'] === true ? localCommunicator() : undefined;
    await hook.run('packer_provision', { PackerRunUUID: process.env['PACKER_RUN_UUID'] ?? '', ID: 'ts-instance' }, comm);
    const artifact: Artifact = {
      builderId: 'go-netrpc.ts',
      id: str(bcfg['artifact_id'], 'ts-artifact'),
      description: `TS artifact ${str(bcfg['artifact_id'], 'ts-artifact')}`,
      files: [],
      state: (name) => (name === 'generated_data' ? { Greeting: str(bcfg['greeting']) } : null),
    };
    return artifact;
  },
};

let pmsg = '';
let scratch = '';
let upload: Uint8Array | null = null;
const provisioner: Provisioner = {
  configSpec: { message: { type: 'string', required: true }, scratch: { type: 'string' }, upload_bytes: { type: 'number' } },
  prepare(configs) {
    const c = mergeConfigs(configs);
    pmsg = str(c['message'], 'no message');
    scratch = str(c['scratch']);
    // bench:packer: `upload_bytes` bytes through the host's Communicator, as the Go gosdk `upload` provisioner.
    if (typeof c['upload_bytes'] === 'number') upload = Uint8Array.from({ length: c['upload_bytes'] }, (_, i) => i & 0xff);
  },
  async provision({ ui, generatedData, communicator }) {
    if (upload !== null) {
      await communicator.upload('/bench/upload', upload);
      return;
    }
    if (pmsg === 'fail') throw new Error('TS provisioner failed on purpose');
    if (scratch !== '') {
      // Through the host's Communicator (which Packer relays to the builder's).
      const chunks: Buffer[] = [];
      const stdout = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
      const code = await communicator.start({ command: 'echo comm-out $((2*21)); exit 5', stdout });
      await ui.say(`TS provisioner ran a command: exit ${code}, stdout ${JSON.stringify(Buffer.concat(chunks).toString())}`);
      await communicator.upload(`${scratch}/from-ts.txt`, new TextEncoder().encode('uploaded by a TS provisioner\n'));
      const back = await communicator.download(`${scratch}/from-ts.txt`);
      await ui.say(`TS provisioner downloaded ${JSON.stringify(Buffer.from(back).toString())}`);
    }
    await ui.say(`TS provisioner: ${pmsg} (instance ${str(generatedData['ID'])})`);
  },
};

let suffix = '';
const postProcessor: PostProcessor = {
  configSpec: { suffix: { type: 'string' } },
  configure(configs) {
    suffix = str(mergeConfigs(configs)['suffix'], '-pp');
  },
  async postProcess({ ui, artifact }) {
    const id = await artifact.id();
    await ui.say(`TS post-processor got ${id} from ${await artifact.builderId()}`);
    return { artifact: { builderId: 'go-netrpc.ts-pp', id: `${id}${suffix}`, description: `post-processed ${id}${suffix}` }, keep: true };
  },
};

let dcfg: Cfg = {};
const datasource: Datasource = {
  configSpec: { name: { type: 'string', required: true }, fail_execute: { type: 'bool' } },
  outputSpec: {
    greeting: { type: 'string' },
    length: { type: 'number' },
    big: { type: 'number' },
    ratio: { type: 'number' },
    words: { type: { list: 'string' } },
    meta: { type: { map: 'string' } },
    nested: { type: { object: { ok: 'bool', sizes: { list: 'number' } } } },
    pair: { type: { tuple: ['string', 'number'] } },
    missing: { type: 'string' },
  },
  configure(configs) {
    dcfg = mergeConfigs(configs);
    if (dcfg['name'] === 'bad') throw new Error('name must not be "bad"');
  },
  execute() {
    if (dcfg['fail_execute'] === true) throw new Error('the TS datasource failed on purpose');
    const name = str(dcfg['name']);
    return {
      greeting: `hello ${name}`,
      length: name.length,
      big: 9007199254740993n,
      ratio: -0.1,
      words: name.split(' '),
      meta: { source: 'go-netrpc' },
      nested: { ok: true, sizes: [1, 2.5, 1e300, 5e-324, -3, 2 ** 70] },
      pair: ['x', 7],
    };
  },
};

const dialect = (process.env['GONETRPC_PACKER_DIALECT'] ?? 'ugorji-1.2') as MsgpackDialect;
const which = process.argv[2];
const protocol = process.env['GONETRPC_PACKER_PROTOCOL'] === 'sdk' ? 'sdk' : 'legacy';
if (which === 'set') {
  await servePackerSet({
    builders: { hello: builder },
    provisioners: { say: provisioner },
    postProcessors: { rename: postProcessor },
    datasources: { greet: datasource },
    version: '1.2.3',
    protocol,
    dialect,
    args: process.argv.slice(3),
  });
}
else if (which === 'builder') await servePacker({ builder, dialect });
else if (which === 'provisioner') await servePacker({ provisioner, dialect });
else await servePacker({ postProcessor, dialect });
