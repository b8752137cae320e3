/**
 * The conformance service `Conf` of `go-netrpc conformance rpc` (types shared by the kit, the
 * go-netrpc IUT and go-testbed/cmd/rpciut), and the client role's fixed scenarios: which calls
 * the IUT client makes for each scenario name and how it reports each result.
 */
import { bytes, int64, slice, string as gobString, struct } from '../../gob/index.js';

/** Argument of Conf.Add: `struct{ A, B int64 }`. */
export const Args = struct('Args', { A: int64, B: int64 });
/** Argument and reply of Conf.Echo: `struct{ Text string; Data []byte }`. */
export const Payload = struct('Payload', { Text: gobString, Data: bytes });
/** Argument of Conf.Report (client role): `struct{ Scenario string; Lines []string }`. */
export const Report = struct('Report', { Scenario: gobString, Lines: slice(gobString) });

/** Conf.Delay's largest argument (ms) and Conf.Big's largest size (bytes). */
export const MAX_DELAY_MS = 60_000;
export const MAX_BIG = 64 * 1024 * 1024;

/** Byte i of Conf.Big's reply and of the client's big Echo: i % 251. */
export function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

/** The checksum reported for bytes: their sum modulo 2^32. */
export function byteSum(b: Uint8Array): number {
  let s = 0;
  for (const x of b) s = (s + x) >>> 0;
  return s;
}

/** A client-role scenario: its calls are fixed by the duty, the kit's answers vary per case. */
export const SCENARIOS = {
  seq: 'Add{1,2}, Add{3,4}, Add{5,6}, one after the other',
  concurrent: '20 calls Add{i,1000} (i = 0..19) issued at once, in order, all in flight',
  'out-of-order': 'Delay(3), Delay(2), Delay(1) issued at once, in that order',
  error: 'Fail("boom: 42"), then Add{2,2}',
  two: 'Add{1,1}, then Add{2,2}',
  'server-close': 'Delay(60000), then (after it returned) Add{1,1}',
  big: 'Echo{"big", 1 MiB of pattern bytes}, then Big(2097152)',
  close: 'Add{1,1}, then close the connection',
  'close-pending': 'Delay(60000) issued, then the connection closed while it is pending',
} as const;
export type Scenario = keyof typeof SCENARIOS;
