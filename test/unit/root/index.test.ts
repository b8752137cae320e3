import { describe, expect, it } from 'vitest';
import * as root from 'go-netrpc';
import * as gob from 'go-netrpc/gob';
import * as rpc from 'go-netrpc/rpc';

describe('go-netrpc root entry', () => {
  it('exposes each layer as a namespace that is the same module as its subpath', () => {
    expect(root.gob.Encoder).toBe(gob.Encoder);
    expect(root.rpc.Client).toBe(rpc.Client);
    expect(typeof root.yamux.createClient).toBe('function');
    expect(typeof root.plugin.serve).toBe('function');
    expect(root.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every module error class extends GoNetrpcError', () => {
    const err = new gob.GobError('CORRUPT', 'x');
    expect(err).toBeInstanceOf(root.GoNetrpcError);
    expect(root.GoNetrpcError.isGoNetrpcError(err)).toBe(true);
    expect(root.GoNetrpcError.isGoNetrpcError(new Error('x'))).toBe(false);
  });
});
