/**
 * The value set of `npm run bench:msgpack` (test/bench/msgpack.bench.ts): zoo cases
 * (go-testbed/packer-zoo/zoo.go, same names) that Packer's net/rpc traffic is made of — the
 * rpc headers, a Prepare response, a config-like `map[string]interface{}`, and the `Mixed`
 * struct with fields of most kinds (set, and all zero). The Go side (msgpackbench12/2015) looks
 * the same names up in the zoo, and the bench checks that our bytes equal Go's for each.
 */
import * as mp from '../../src/msgpack/index.js';
import { BasicError, Mixed, mixedValue } from './msgpack-mixed.js';

const Request = mp.struct('Request', { ServiceMethod: mp.string, Seq: mp.uint64 });
const Response = mp.struct('Response', { ServiceMethod: mp.string, Seq: mp.uint64, Error: mp.string });
const PrepareResponse = mp.struct('PrepareResponse', { GeneratedVars: mp.slice(mp.string), Warnings: mp.slice(mp.string), Error: mp.ptr(BasicError) });

/** One benchmarked value: its zoo name, Go type and JS value. */
export interface BenchCase {
  readonly name: string;
  readonly type: mp.MsgpackType;
  readonly value: unknown;
}

export const BENCH_CASES: readonly BenchCase[] = [
  { name: 'mixed', type: Mixed, value: mixedValue },
  {
    name: 'mixed-zero',
    type: Mixed,
    value: { Zeta: '', Alpha: 0, Mode: 0, Ratio: 0, Small: 0, Data: null, Tags: null, Nested: null, Flag: false, Big: 0n, I8: 0, I16: 0, I32: 0, I64: 0, Any: null, When: null, Labels: null },
  },
  { name: 'request', type: Request, value: { ServiceMethod: 'Builder.Prepare', Seq: 0 } },
  { name: 'response-error', type: Response, value: { ServiceMethod: 'Provisioner.Provision', Seq: 9, Error: 'Script exited with non-zero exit status: 3' } },
  { name: 'prepare-err', type: PrepareResponse, value: { GeneratedVars: null, Warnings: ['w'], Error: { Message: '1 error occurred' } } },
  { name: 'iface-nested', type: mp.map(mp.any), value: { cfg: { n: 42 } } },
];
