/**
 * The raw capture format (src/trace/capture-format.ts, capture-reader.ts): records written by
 * CaptureWriter read back unchanged however the file is chunked, and damaged or hostile files
 * fail with TraceError CAPTURE_INVALID / CAPTURE_VERSION without allocating from their lengths.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHeader, MAX_RECORD_BYTES, recordHeader, RecordKind } from '../../../src/trace/capture-format.js';
import { CaptureReader, type CaptureItem } from '../../../src/trace/capture-reader.js';
import { CaptureWriter } from '../../../src/trace/capture-writer.js';
import { TraceError } from '../../../src/trace/errors.js';

function written(): Buffer {
  const file = join(mkdtempSync(join(tmpdir(), 'gonetrpc-capfmt-')), 'c');
  const fd = openSync(file, 'w');
  const w = new CaptureWriter(fd, { limits: {} });
  w.event({ kind: 'note', t: 1.5, message: 'hi' });
  w.tap(2, 1, 'go-plugin');
  for (let i = 0; i < 3000; i++) w.data(3 + i, 1, i % 2 === 0 ? 'host' : 'plugin', Buffer.alloc(100, i));
  w.end(9);
  w.flush();
  closeSync(fd);
  return readFileSync(file);
}

function readAll(b: Buffer, step: number): CaptureItem[] {
  const r = new CaptureReader();
  const out: CaptureItem[] = [];
  for (let i = 0; i < b.length; i += step) out.push(...r.push(b.subarray(i, i + step)));
  r.end();
  return out;
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(TraceError);
    return (err as TraceError).code;
  }
  return 'no error';
}

describe('capture format', () => {
  it('reads back what the writer streamed (more than its 1024-buffer writev batch), whatever the chunking', () => {
    const b = written();
    const whole = readAll(b, b.length);
    expect(whole.length).toBe(1 + 1 + 1 + 1 + 3000 + 1);
    expect(readAll(b, 7)).toEqual(whole);
    const data = whole.flatMap((i) => (i.kind === 'record' && i.record.kind === RecordKind.Data ? [i.record] : []));
    expect(data.map((r) => r.payload[0])).toEqual(Array.from({ length: 3000 }, (_, i) => i & 0xff));
    expect(data[1]).toMatchObject({ t: 4, conn: 1, from: 'plugin' });
  });

  it('rejects files that are not captures, newer versions and hostile record headers', () => {
    const r = (b: Buffer) => () => readAll(b, 5);
    expect(code(r(Buffer.from('{"kind":"start"}\n')))).toBe('CAPTURE_INVALID');
    expect(code(r(Buffer.alloc(0)))).toBe('CAPTURE_INVALID');
    const v2 = fileHeader();
    v2.writeUInt16BE(2, 8);
    expect(code(r(v2))).toBe('CAPTURE_VERSION');
    const huge = Buffer.concat([fileHeader(), recordHeader(RecordKind.Data, 0, 1, 'host', MAX_RECORD_BYTES + 1)]);
    expect(code(r(huge))).toBe('CAPTURE_INVALID');
    const unknown = Buffer.concat([fileHeader(), recordHeader(RecordKind.Data, 0, 1, 'host', 0)]);
    unknown[10] = 9;
    expect(code(r(unknown))).toBe('CAPTURE_INVALID');
    const nan = Buffer.concat([fileHeader(), recordHeader(RecordKind.Data, Number.NaN, 1, 'host', 0)]);
    expect(code(r(nan))).toBe('CAPTURE_INVALID');
    const cut = Buffer.concat([fileHeader(), recordHeader(RecordKind.Data, 0, 1, 'host', 10), Buffer.alloc(3)]);
    expect(code(r(cut))).toBe('CAPTURE_INVALID');
  });
});
