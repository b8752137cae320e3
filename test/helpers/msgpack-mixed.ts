/**
 * The msgpack zoo's `mixed` case (go-testbed/packer-zoo/zoo.go: type Mixed and its "mixed"
 * value): a struct with fields of most kinds, declared out of alphabetical order. Shared by the
 * zoo conformance test (test/conformance/msgpack-zoo.test.ts) and the codec benchmark
 * (test/bench/packer.bench.ts), which both compare it with the bytes Go's ugorji writes.
 */
import * as mp from '../../src/msgpack/index.js';

/** Go's `BasicError` (packer's error type): `{ Message string }`. */
export const BasicError = mp.struct('BasicError', { Message: mp.string });

/** Go's `Mixed`, field order as declared in zoo.go. */
export const Mixed = mp.struct('Mixed', {
  Zeta: mp.string,
  Alpha: mp.int,
  Mode: mp.fileMode,
  Ratio: mp.float64,
  Small: mp.float32,
  Data: mp.bytes,
  Tags: mp.slice(mp.string),
  Nested: mp.ptr(BasicError),
  Flag: mp.bool,
  Big: mp.uint64n,
  I8: mp.int8,
  I16: mp.int16,
  I32: mp.int32,
  I64: mp.int64,
  Any: mp.any,
  When: mp.time,
  Labels: mp.map(mp.string),
});

/** The zoo's "mixed" value: every field set (uint64 at 2^63, a time, a nested pointer). */
export const mixedValue = {
  Zeta: 'z',
  Alpha: 200,
  Mode: 0o644,
  Ratio: 42,
  Small: 0.25,
  Data: new TextEncoder().encode('cty'),
  Tags: ['t'],
  Nested: { Message: 'm' },
  Flag: true,
  Big: 1n << 63n,
  I8: -100,
  I16: -300,
  I32: 70000,
  I64: -(2 ** 40),
  Any: 'x',
  When: new mp.GoTimestamp(1700000000n, 0),
  Labels: { l: 'v' },
};
