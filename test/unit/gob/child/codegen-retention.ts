/**
 * Child process of struct-codegen-retention.test.ts (run with `node --expose-gc --import tsx`):
 * many connections' worth of distinct wide struct types, each encoded by a fresh Encoder and
 * decoded (typed and schemaless) by a fresh Decoder, then everything dropped. Prints one JSON
 * line: heap used after GC before and after, in bytes, and the source characters compiled.
 */
import * as gob from '../../../../src/gob/index.js';
import { codegenUsage } from '../../../../src/gob/struct-codegen.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const types = Number(process.argv[2] ?? 300);
const fields = Number(process.argv[3] ?? 200);

/** Heap used after full GCs with event-loop turns between them (V8 ages code only across turns). */
async function settle(): Promise<number> {
  for (let i = 0; i < 12; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

function connection(n: number): number {
  const shape: Record<string, gob.Descriptor> = {};
  const value: Record<string, unknown> = {};
  for (let j = 0; j < fields; j++) {
    const name = `Conn${n}Field${j}`;
    shape[name] = j % 3 === 0 ? gob.string : j % 3 === 1 ? gob.int : gob.float64;
    value[name] = j % 3 === 0 ? `v${j}` : j % 3 === 1 ? j : j + 0.5;
  }
  const T = gob.struct(`Wide${n}`, shape);
  const bytes = new gob.Encoder().encode(value as never, T);
  const typed = new gob.Decoder();
  typed.push(bytes);
  const a = typed.decode(T);
  const schemaless = new gob.Decoder();
  schemaless.push(bytes);
  const b = schemaless.decodeValue();
  return (a === gob.NEED_MORE ? 0 : 1) + (b === gob.NEED_MORE ? 0 : 1);
}

// Warm up: everything module-level (and V8's own one-time state) is allocated before measuring.
for (let i = 0; i < 5; i++) connection(1_000_000 + i);
const before = await settle();
let decoded = 0;
for (let i = 0; i < types; i++) decoded += connection(i);
const after = await settle();
process.stdout.write(JSON.stringify({ before, after, decoded, compiledChars: codegenUsage().chars }) + '\n');
