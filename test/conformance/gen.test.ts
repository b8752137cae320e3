/**
 * `go-netrpc gen` against real Go: descriptors generated from go-testbed's gob zoo
 * (internal/gobzoo) round-trip every zoo value with Go (gobpeer) and write Go's bytes; a
 * contract generated from rpcpeer's net/rpc services calls the real Go server; generated code
 * type-checks under strict TypeScript; Go's rpcpeer client calls a TS server built on the generated
 * contract; Go's own rules pick the rpc methods and registrations.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { Server, dial, implementService } from '../../src/rpc/index.js';
import type { ServiceDescription } from '../../src/rpc/index.js';
import { GenError, emitModule, generate } from '../../src/gen/index.js';
import type { GenerateResult } from '../../src/gen/index.js';
import { decodeAll, encodeAll, hex } from '../helpers/gob-decode-all.js';
import { valueFixtures } from '../helpers/gob-fixtures.js';
import { GobPeer } from '../helpers/gob-peer.js';
import { zoo } from '../helpers/gob-zoo.js';
import { genCacheDir, genCacheHome, generateAndImport, typeCheck, writeTemp } from '../helpers/gen-module.js';
import { swapForGenerated, zooRegistrations, zooTypeNames } from '../helpers/gen-zoo.js';
import { repoRoot, runGo } from '../helpers/go-peer.js';
import { startGoServer, tcpTarget } from './rpc-services.js';
import type { GoServer } from './rpc-services.js';

const testbed = `${repoRoot}go-testbed`;
const COLD_BUILD_MS = 600_000; // first run builds the Go helper (golang.org/x/tools) on a shared 2-core machine

const zooOptions = {
  dir: testbed,
  packages: ['./internal/gobzoo'],
  types: zooTypeNames(zoo),
  register: zooRegistrations,
  bigints: true,
} as const;

describe('gen: gob zoo (go-testbed/internal/gobzoo)', () => {
  const fixtures = valueFixtures();
  let zooGen: { result: GenerateResult; mod: Record<string, unknown>; file: string };
  let registry: gob.Registry;
  let peer: GobPeer;
  const typesOf = (id: string): Descriptor[] => zoo[id]!.map((d) => swapForGenerated(d, zooGen.mod));

  beforeAll(async () => {
    zooGen = await generateAndImport('zoo', zooOptions);
    const register = zooGen.mod['register'] as (r: gob.Registry) => gob.Registry;
    registry = register(new gob.Registry());
    peer = new GobPeer();
  }, COLD_BUILD_MS);
  afterAll(() => peer?.close());

  it('declares every zoo type, and notes the registration it cannot see statically', () => {
    for (const n of zooTypeNames(zoo)) expect(zooGen.mod[n], n).toBeTypeOf('object');
    expect(zooGen.result.notes.some((n) => n.includes('gob.RegisterName at types.go'))).toBe(true);
    // Go's gob rules: unexported, chan and func fields are not declared; TextMarshaler is ignored.
    expect((zooGen.mod['Hidden'] as gob.StructDescriptor).fields.map((f) => f.name)).toEqual(['A', 'B']);
    expect((zooGen.mod['TM'] as Descriptor).kind).toBe('struct');
    expect((zooGen.mod['BM'] as gob.GobEncoderDescriptor).wire).toBe('binary');
    expect((zooGen.mod['PG'] as gob.GobEncoderDescriptor).wire).toBe('gob');
    expect((zooGen.mod['Derived'] as gob.StructDescriptor).fields[0]).toMatchObject({ name: 'Base', embedded: true });
  });

  it('is deterministic: a second run gives the same source', async () => {
    const again = await generate({
      ...zooOptions,
      cacheDir: genCacheDir,
      gobImport: `${repoRoot}src/gob/index.js`,
      rpcImport: `${repoRoot}src/rpc/index.js`,
    });
    expect(again.source).toBe(zooGen.result.source);
  });

  it('the generated module type-checks under strict TypeScript', () => {
    const source = emitModule(zooGen.result.model, { bigints: true });
    const [file] = writeTemp({ 'zoo-strict.ts': source });
    expect(typeCheck([file!])).toEqual([]);
  });

  describe.each(fixtures.map((f) => [f.id, f] as const))('%s', (id, f) => {
    if (f.byteCompare)
      it('generated descriptors re-encode Go’s exact bytes', () => {
        const types = typesOf(id);
        expect(hex(encodeAll(decodeAll(f.bytes, types, registry), types, registry))).toBe(hex(f.bytes));
      });

    it('Go decodes the re-encoding to the values it encoded', async () => {
      const types = typesOf(id);
      const r = await peer.decode(id, encodeAll(decodeAll(f.bytes, types, registry), types, registry));
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(f.values.map((v) => v.wire));
    });
  });
});


describe('gen: net/rpc services (go-testbed/cmd/rpcpeer)', () => {
  let gen: { result: GenerateResult; mod: Record<string, unknown>; file: string };
  let server: GoServer;
  const options = { dir: testbed, packages: ['./cmd/rpcpeer'], services: ['Arith', 'BuiltinTypes', 'Echo', 'Arith=net.rpc.Arith'] };

  beforeAll(async () => {
    gen = await generateAndImport('rpcpeer', options);
    server = await startGoServer('tcp', '127.0.0.1:0');
  }, COLD_BUILD_MS);
  afterAll(() => server?.stop());

  const svc = (name: string): ServiceDescription => gen.mod[name] as ServiceDescription;

  it("picks methods by net/rpc's rules (exported, two args, pointer reply, returns error)", () => {
    expect(svc('ArithService').name).toBe('Arith');
    expect(Object.keys(svc('ArithService').methods)).toEqual(['Add', 'Die', 'Div', 'Divide', 'Error', 'Mul', 'Multiply', 'Sleep', 'String']);
    expect(svc('net_rpc_ArithService').name).toBe('net.rpc.Arith');
    expect(Object.keys(svc('BuiltinTypesService').methods)).toEqual(['Array', 'Map', 'Slice']);
    expect(Object.keys(svc('EchoService').methods)).toEqual(['Big', 'Bytes', 'Len']);
    // The static scan finds rpcpeer's gob.Register(Inner{}) and gob.Register(&Hint{}).
    expect(gen.result.source).toContain("registry.registerType(Inner); // services.go");
    expect(gen.result.source).toContain('registry.registerType(gob.ptr(Hint)); // script.go');
  });

  it('a generated contract calls the real Go rpcpeer server', async () => {
    const registry = (gen.mod['register'] as (r: gob.Registry) => gob.Registry)(new gob.Registry());
    const { host, port } = tcpTarget(server.addr);
    const client = await dial({ host, port }, { registry });
    try {
      const arith = client.service(svc('ArithService'));
      expect(await arith['Add']!({ A: 7, B: 8 })).toEqual({ C: 15 });
      expect(await arith['Divide']!({ A: 17, B: 5 })).toEqual({ Quo: 3, Rem: 2 });
      // Zero-valued fields may be left out: Go's zero value arrives.
      expect(await arith['Mul']!({ A: 6 })).toEqual({ C: 0 });
      expect(await arith['String']!({ A: 1, B: 2 })).toBe('1+2=3');
      await expect(arith['Div']!({ A: 1, B: 0 })).rejects.toThrow('divide by zero');
      expect(await client.service(svc('net_rpc_ArithService'))['Multiply']!({ A: 6, B: 7 })).toBe(42);
      expect(await client.service(svc('BuiltinTypesService'))['Array']!({ A: 4, B: 5 })).toEqual([4, 5]);
      const Inner = gen.mod['Inner'] as gob.StructDescriptor;
      const big = {
        S: 'héllo', I: -(2 ** 40), U: 2 ** 53 - 1, F: 3.25, B: true, Bytes: Uint8Array.of(0, 255), Ints: [1, -2], Strs: ['a'],
        M: new Map([['one', 1]]), MI: new Map([['x', { Name: 'x', Vals: [9] }]]), P: { Name: 'p', Vals: [4] }, Arr: [7, 0, -7],
        Nested: [{ Name: 'n1', Vals: [] }], Any: gob.iface(Inner, { Name: 'in-iface', Vals: [42] }), Anys: [null],
      };
      const echoed = (await client.service(svc('EchoService'))['Big']!(big)) as Record<string, unknown>;
      expect(echoed['MI']).toEqual(big.MI);
      expect((echoed['Any'] as gob.GoInterface).value).toEqual({ Name: 'in-iface', Vals: [42] });
      expect(echoed['Arr']).toEqual([7, 0, -7]);
    } finally {
      await client.close();
    }
  });

  it("Go's rpcpeer client calls a TS server implementing the generated contracts", async () => {
    type A = { A?: number; B?: number };
    const arith = implementService(svc('ArithService') as ServiceDescription<Record<string, { args: gob.Descriptor; reply: gob.Descriptor }>>, {
      Add: (a: A) => ({ C: (a.A ?? 0) + (a.B ?? 0) }),
      Mul: (a: A) => ({ C: (a.A ?? 0) * (a.B ?? 0) }),
      Div: (a: A) => ({ C: Math.trunc((a.A ?? 0) / (a.B ?? 0)) }),
      String: (a: A) => `${a.A}+${a.B}=${(a.A ?? 0) + (a.B ?? 0)}`,
      Error: () => {
        throw new Error('ERROR');
      },
      Multiply: (a: A) => (a.A ?? 0) * (a.B ?? 0),
      Divide: (a: A) => ({ Quo: Math.trunc((a.A ?? 0) / (a.B ?? 0)), Rem: (a.A ?? 0) % (a.B ?? 0) }),
      Sleep: () => '',
      Die: () => 0,
    } as never);
    const server = new Server();
    server.register(arith);
    const listener = createServer();
    server.accept(listener);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = listener.address() as AddressInfo;
      const r = await runGo('rpcpeer', ['client', '-net', 'tcp', '-addr', `127.0.0.1:${port}`, '-steps', 'add,mul,string,error,multiply,divide']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout.toString('utf8'))).toEqual([
        { name: 'add', reply: { C: 15 } },
        { name: 'mul', reply: { C: 56 } },
        { name: 'string', reply: '7+8=15' },
        { name: 'error', error: 'ERROR' },
        { name: 'multiply', reply: 56 },
        { name: 'divide', reply: { Quo: 3, Rem: 2 } },
      ]);
    } finally {
      listener.close();
    }
  });

  it('generated types make callers type-safe under strict TypeScript (and wrong calls do not compile)', () => {
    const source = emitModule(gen.result.model, {});
    const use = (body: string): string =>
      `import { dial } from 'go-netrpc/rpc';\nimport { ArithService, EchoService, type Args } from './rpcpeer-strict.js';\n` +
      `export async function main(): Promise<void> {\n  const c = await dial({ port: 1 });\n${body}\n}\n`;
    const [gen_, good, bad] = writeTemp({
      'rpcpeer-strict.ts': source,
      'use-good.ts': use(
        "  const a: Args = { A: 1 };\n  const r = await c.service(ArithService).Add(a);\n  const n: number | undefined = r.C;\n" +
          "  const q = await c.service(ArithService).Multiply({ B: 2 });\n  const m: number = q;\n" +
          "  const b = await c.service(EchoService).Big({ S: 's', M: new Map([['k', 1]]) });\n  void [n, m, b.Any];",
      ),
      'use-bad.ts': use("  await c.service(ArithService).Add({ A: 'one' });\n  await c.service(ArithService).Nope({});"),
    });
    expect(typeCheck([gen_!, good!])).toEqual([]);
    const errors = typeCheck([gen_!, bad!]).join('\n');
    expect(errors).toContain("Type 'string' is not assignable to type 'number'");
    expect(errors).toContain("Property 'Nope' does not exist");
  });

  it('a missing Go toolchain is a GenError GO_NOT_FOUND with an actionable message', async () => {
    const err = await generate({ ...options, goCommand: '/nonexistent/go', cacheDir: genCacheDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenError);
    expect(err).toMatchObject({ code: 'GO_NOT_FOUND' });
    expect((err as Error).message).toMatch(/Install Go/);
  });

  it('Go that does not type-check, or an unknown selector, is a GenError GO_LOAD_FAILED', async () => {
    const err = await generate({ ...options, services: ['NoSuchType'], cacheDir: genCacheDir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GO_LOAD_FAILED' });
    expect((err as Error).message).toContain('no type NoSuchType');
    const notRpc = await generate({ ...options, services: ['Inner'], cacheDir: genCacheDir }).catch((e: unknown) => e);
    expect((notRpc as Error).message).toContain('has no exported methods of suitable type');
  });
});

describe("gen: go-plugin's examples/basic (a dependency module of go-testbed)", () => {
  const pkg = 'github.com/hashicorp/go-plugin/examples/basic/shared';

  it('GreeterRPCServer registered as "Plugin" gives Plugin.Greet(interface{}) string, typed under strict tsc', async () => {
    const { result, mod } = await generateAndImport('greeter', { dir: testbed, packages: [pkg], services: ['GreeterRPCServer=Plugin'] });
    const desc = mod['PluginService'] as ServiceDescription;
    expect(desc.name).toBe('Plugin');
    expect(desc.methods).toEqual({ Greet: { args: gob.interface, reply: gob.string } });
    const [file] = writeTemp({ 'greeter-strict.ts': emitModule(result.model, {}) });
    expect(typeCheck([file!])).toEqual([]);
  }, COLD_BUILD_MS);

  it('the Go interface Greeter (Greet() string) has no net/rpc methods, as rpc.Register would say', async () => {
    const err = await generate({ dir: testbed, packages: [pkg], services: ['Greeter'], cacheDir: genCacheDir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GO_LOAD_FAILED' });
    expect((err as Error).message).toContain('rpc.Register: type shared.Greeter has no exported methods of suitable type');
  }, COLD_BUILD_MS);
});

describe('gen: the go-netrpc CLI (dist/cli/main.js)', () => {
  const bin = join(repoRoot, 'dist', 'cli', 'main.js');
  const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, 'gen', ...args],
        { cwd: repoRoot, env: { ...process.env, XDG_CACHE_HOME: genCacheHome }, timeout: COLD_BUILD_MS },
        (err, stdout, stderr) => resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
      );
    });

  it('prints the module with a header saying how to regenerate it, and writes --out', async () => {
    const args = ['--dir', 'go-testbed', '--service', 'Arith', './cmd/rpcpeer'];
    const r = await cli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      '// Code generated by go-netrpc gen. DO NOT EDIT.',
      '// Regenerate: go-netrpc gen --dir go-testbed --service Arith ./cmd/rpcpeer',
    ]);
    expect(r.stdout).toContain("export const ArithService = describeService('Arith', {");
    const out = join(genCacheDir, `cli-out-${process.pid}.ts`);
    expect((await cli([...args, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout.replace('./cmd/rpcpeer', `./cmd/rpcpeer --out ${out}`));
  }, COLD_BUILD_MS);

  it('bad flags exit 2 with usage; Go errors exit 1 with one GenError line', async () => {
    const bad = await cli(['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('go-netrpc gen: BAD_OPTIONS: unknown flag --frobnicate');
    expect(bad.stderr).not.toMatch(/go-netrpc(?: gen)?: [A-Z_]+: go-netrpc/);
    expect(bad.stderr).toContain('usage: go-netrpc gen');
    const missing = await cli(['--dir', 'go-testbed', '--type', 'Nope', './cmd/rpcpeer']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^go-netrpc gen: GO_LOAD_FAILED: no type Nope/)]);
  }, COLD_BUILD_MS);
});
