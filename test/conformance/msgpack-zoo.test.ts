/**
 * The msgpack codec against Go's ugorji, both dialects, both directions: our encoding of every
 * zoo value (go-testbed/packer-zoo) equals the bytes ugorji 1.2.6 (packer-sdk) and the 2015
 * ugorji pinned by packer v1.6.6 (packer-legacy) wrote into fixtures/msgpack; we decode both
 * dialects' bytes to the expected values; and the Go generators in -check mode decode our bytes
 * into the Go types and find them equal to their own values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as mp from 'go-netrpc/msgpack';
import { GoTimestamp, typed, type MsgpackDialect, type MsgpackType } from 'go-netrpc/msgpack';
import { goBin, repoRoot, runProgram } from '../helpers/go-peer.js';
import { BasicError, Mixed, mixedValue } from '../helpers/msgpack-mixed.js';

const Request = mp.struct('Request', { ServiceMethod: mp.string, Seq: mp.uint64 });
const Response = mp.struct('Response', { ServiceMethod: mp.string, Seq: mp.uint64, Error: mp.string });
const PrepareResponse = mp.struct('PrepareResponse', { GeneratedVars: mp.slice(mp.string), Warnings: mp.slice(mp.string), Error: mp.ptr(BasicError) });

interface ZooCase {
  readonly type: MsgpackType;
  readonly value: unknown;
  /** What decoding the 2015 bytes gives, when it differs from `value`. */
  readonly from2015?: unknown;
}

const big = (n: bigint): ZooCase => ({ type: mp.int64n, value: n });
const str = (s: string): ZooCase => ({ type: mp.string, value: s });
const ts = (s: bigint, ns: number): GoTimestamp => new GoTimestamp(s, ns);

const zoo: Record<string, ZooCase> = {
  'int-0': { type: mp.int, value: 0 },
  'int-1': { type: mp.int, value: 1 },
  'int-127': { type: mp.int, value: 127 },
  'int-128': { type: mp.int, value: 128 },
  'int-200': { type: mp.int, value: 200 },
  'int-255': { type: mp.int, value: 255 },
  'int-256': { type: mp.int, value: 256 },
  'int-32767': { type: mp.int, value: 32767 },
  'int-32768': { type: mp.int, value: 32768 },
  'int-70000': { type: mp.int, value: 70000 },
  'int-2p31': { type: mp.int, value: 2 ** 31 },
  'int-2p40': { type: mp.int, value: 2 ** 40 },
  'int-max': big(2n ** 63n - 1n),
  'int-m1': { type: mp.int, value: -1 },
  'int-m32': { type: mp.int, value: -32 },
  'int-m33': { type: mp.int, value: -33 },
  'int-m128': { type: mp.int, value: -128 },
  'int-m129': { type: mp.int, value: -129 },
  'int-m40000': { type: mp.int, value: -40000 },
  'int-m2p40': { type: mp.int, value: -(2 ** 40) },
  'int-min': big(-(2n ** 63n)),
  'int8-m5': { type: mp.int8, value: -5 },
  'int8-100': { type: mp.int8, value: 100 },
  'int16-300': { type: mp.int16, value: 300 },
  'int32-m70000': { type: mp.int32, value: -70000 },
  'int64-5': { type: mp.int64, value: 5 },
  'uint-0': { type: mp.uint, value: 0 },
  'uint-200': { type: mp.uint, value: 200 },
  'uint-70000': { type: mp.uint, value: 70000 },
  'uint-2p40': { type: mp.uint, value: 2 ** 40 },
  'uint64-max': { type: mp.uint64n, value: 2n ** 64n - 1n },
  'uint8-255': { type: mp.uint8, value: 255 },
  'uint16-65535': { type: mp.uint16, value: 65535 },
  'uint32-4000000000': { type: mp.uint32, value: 4000000000 },
  'filemode-0644': { type: mp.fileMode, value: 0o644 },
  'float64-42': { type: mp.float64, value: 42 },
  'float64-half': { type: mp.float64, value: 0.5 },
  'float64-big': { type: mp.float64, value: -1.25e300 },
  'float64-0': { type: mp.float64, value: 0 },
  'float32-1.5': { type: mp.float32, value: 1.5 },
  'bool-true': { type: mp.bool, value: true },
  'bool-false': { type: mp.bool, value: false },
  'string-empty': str(''),
  'string-a': str('a'),
  'string-31': str('x'.repeat(31)),
  'string-32': str('y'.repeat(32)),
  'string-255': str('z'.repeat(255)),
  'string-256': str('w'.repeat(256)),
  'string-70000': str('v'.repeat(70000)),
  'string-unicode': str('héllo, 世界 🌍'),
  'bytes-nil': { type: mp.bytes, value: null, from2015: new Uint8Array(0) },
  'bytes-empty': { type: mp.bytes, value: new Uint8Array(0) },
  'bytes-3': { type: mp.bytes, value: new Uint8Array([1, 2, 255]) },
  'bytes-300': { type: mp.bytes, value: new Uint8Array(300) },
  'strings-nil': { type: mp.slice(mp.string), value: null },
  'strings-2': { type: mp.slice(mp.string), value: ['a', 'b'] },
  'strings-16': { type: mp.slice(mp.string), value: 'a b c d e f g h i j k l m n o p'.split(' ') },
  'ints-3': { type: mp.slice(mp.int), value: [1, -1, 300] },
  'ints-empty': { type: mp.slice(mp.int), value: [] },
  'map-nil': { type: mp.map(mp.string), value: null },
  'map-empty': { type: mp.map(mp.string), value: {} },
  'map-1': { type: mp.map(mp.string), value: { k: 'v' } },
  'map-int': { type: mp.map(mp.int), value: { n: 200 } },
  request: { type: Request, value: { ServiceMethod: 'Builder.Prepare', Seq: 0 } },
  'request-seq': { type: Request, value: { ServiceMethod: 'Ui.Say', Seq: 300 } },
  response: { type: Response, value: { ServiceMethod: 'Builder.Prepare', Seq: 7, Error: '' } },
  'response-error': { type: Response, value: { ServiceMethod: 'Provisioner.Provision', Seq: 9, Error: 'Script exited with non-zero exit status: 3' } },
  'prepare-ok': { type: PrepareResponse, value: { GeneratedVars: null, Warnings: null, Error: null } },
  'prepare-err': { type: PrepareResponse, value: { GeneratedVars: null, Warnings: ['w'], Error: { Message: '1 error occurred' } } },
  'ptr-int': { type: mp.ptr(mp.int), value: 70000 },
  'iface-nil': { type: mp.slice(mp.any), value: [null] },
  'iface-list': { type: mp.slice(mp.any), value: ['s', 1, true, null] },
  'iface-map': { type: mp.map(mp.any), value: { a: 'x' } },
  'iface-nested': { type: mp.map(mp.any), value: { cfg: { n: 42 } } },
  'time-zero': { type: mp.time, value: null },
  'time-1': { type: mp.time, value: ts(1n, 0) },
  'time-ns': { type: mp.time, value: ts(100n, 500) },
  'time-big': { type: mp.time, value: ts(2n ** 34n, 5) },
  'time-neg': { type: mp.time, value: ts(-100n, 7) },
  'mixed-zero': {
    type: Mixed,
    value: { Zeta: '', Alpha: 0, Mode: 0, Ratio: 0, Small: 0, Data: null, Tags: null, Nested: null, Flag: false, Big: 0n, I8: 0, I16: 0, I32: 0, I64: 0, Any: null, When: null, Labels: null },
  },
  mixed: { type: Mixed, value: mixedValue },
};

function fixtures(dialect: MsgpackDialect): Map<string, string> {
  const list = JSON.parse(readFileSync(`${repoRoot}fixtures/msgpack/${dialect}.json`, 'utf8')) as { name: string; hex: string }[];
  return new Map(list.map((f) => [f.name, f.hex]));
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe.each(['ugorji-1.2', 'ugorji-2015'] as const)('msgpack %s vs Go ugorji', (dialect) => {
  const fx = fixtures(dialect);

  it('the zoo covers every Go fixture', () => {
    expect([...fx.keys()].sort()).toEqual(Object.keys(zoo).sort());
  });

  for (const [name, c] of Object.entries(zoo)) {
    it(`${name}: our bytes equal Go's, and Go's bytes decode to the value`, () => {
      const want = fx.get(name) ?? '';
      expect(hex(mp.encode(c.type, c.value, dialect))).toBe(want);
      const expected = dialect === 'ugorji-2015' && 'from2015' in c ? c.from2015 : c.value;
      expect(mp.decode(c.type, Buffer.from(want, 'hex'))).toEqual(expected);
    });
  }

  it('Go decodes our bytes of every zoo value into its own value', async () => {
    const ours = Object.entries(zoo).map(([name, c]) => ({ name, hex: hex(mp.encode(c.type, c.value, dialect)) }));
    const prog = goBin(dialect === 'ugorji-1.2' ? 'msgpackgen12' : 'msgpackgen2015');
    const r = await runProgram(prog, ['-check'], Buffer.from(JSON.stringify(ours)));
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout.toString('utf8')) as { name: string; ok: boolean; error?: string }[];
    expect(results.filter((x) => !x.ok)).toEqual([]);
    expect(results).toHaveLength(ours.length);
  });
});

describe('interface{} mapping', () => {
  it('typed() encodes a JS number inside interface{} as a Go int', () => {
    expect(hex(mp.encode(mp.any, typed(mp.int, 200)))).toBe('d100c8');
    expect(hex(mp.encode(mp.any, 200))).toBe('cb4069000000000000');
  });
});
