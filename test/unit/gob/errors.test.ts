/** GobError: class, codes, offsets, brand. */
import { describe, expect, it } from 'vitest';
import { GoNetrpcError } from '../../../src/internal/errors.js';
import * as gob from '../../../src/gob/index.js';

describe('GobError', () => {
  it('carries code, offset and cause and is a GoNetrpcError', () => {
    const cause = new Error('inner');
    const e = new gob.GobError('CORRUPT', 'gob: bad', { offset: 12, cause });
    expect(e).toBeInstanceOf(GoNetrpcError);
    expect(GoNetrpcError.isGoNetrpcError(e)).toBe(true);
    expect(e.name).toBe('GobError');
    expect(e.code).toBe('CORRUPT');
    expect(e.offset).toBe(12);
    expect(e.message).toBe('gob: bad (at byte 12)');
    expect(e.cause).toBe(cause);
    expect(new gob.GobError('TOO_BIG', 'x').offset).toBeUndefined();
  });
});
