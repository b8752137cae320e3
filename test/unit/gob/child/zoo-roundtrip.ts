/**
 * Child process of struct-codegen-fallback.test.ts: round-trips every value case of the Go zoo
 * (fixtures/gob) through Encoder/Decoder — typed with the zoo descriptors and schemaless — and
 * prints one JSON line: whether struct code generation was available, the number of cases, the
 * byte-compared cases whose TS encoding differs from Go's bytes, and a digest of every output
 * (encodings and decoded wire views), so runs with and without code generation can be compared.
 */
import { createHash } from 'node:crypto';
import * as gob from '../../../../src/gob/index.js';
import { toWireJson } from '../../../../src/cli/json.js';
import { structCodegenAvailable } from '../../../../src/gob/struct-codegen.js';
import { decodeAll, decodeValues, encodeAll } from '../../../helpers/gob-decode-all.js';
import { valueFixtures } from '../../../helpers/gob-fixtures.js';
import { zoo, zooRegistry } from '../../../helpers/gob-zoo.js';

const registry = zooRegistry();
const digest = createHash('sha256');
const mismatches: string[] = [];
let cases = 0;
for (const f of valueFixtures()) {
  const types = zoo[f.id];
  if (types === undefined) throw new Error(`no zoo descriptors for ${f.id}`);
  const values = decodeAll(f.bytes, types, registry);
  const typed = encodeAll(values, types, registry);
  const enc = new gob.Encoder();
  const dynamic = decodeValues(f.bytes);
  const echoed = Buffer.concat(dynamic.map((v) => enc.encodeValue(v)));
  if (f.byteCompare && Buffer.compare(typed, f.bytes) !== 0) mismatches.push(`${f.id} (typed)`);
  if (f.byteCompare && f.id !== 'bigint' && Buffer.compare(echoed, f.bytes) !== 0) mismatches.push(`${f.id} (schemaless)`);
  digest.update(f.id).update(typed).update(echoed);
  digest.update(JSON.stringify(values.map((v, i) => toWireJson(types[i]!, v, registry))));
  digest.update(JSON.stringify(dynamic.map((v) => toWireJson(v.type, v.value))));
  cases++;
}
process.stdout.write(JSON.stringify({ codegen: structCodegenAvailable, cases, mismatches, digest: digest.digest('hex') }) + '\n');
