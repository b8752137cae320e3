import { describe, expect, it } from 'vitest';
import { GoNetrpcError } from 'go-netrpc';
import { YamuxError } from 'go-netrpc/yamux';

describe('YamuxError', () => {
  it('carries a code, cause, GoAway code and stream id', () => {
    const cause = new Error('boom');
    const e = new YamuxError('RECV_WINDOW_EXCEEDED', 'too much', { cause, goAwayCode: 1, streamId: 5 });
    expect(e).toBeInstanceOf(GoNetrpcError);
    expect(GoNetrpcError.isGoNetrpcError(e)).toBe(true);
    expect(e.name).toBe('YamuxError');
    expect(e.message).toBe('yamux: too much');
    expect(e.code).toBe('RECV_WINDOW_EXCEEDED');
    expect(e.cause).toBe(cause);
    expect(e.goAwayCode).toBe(1);
    expect(e.streamId).toBe(5);
  });
});
