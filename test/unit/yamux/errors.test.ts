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

describe('createClient / createServer argument checks', () => {
  it.each([undefined, null, {}, 'socket', { on() {} }])('reject %j with YamuxError INVALID_ARGUMENT', async (bad) => {
    const { createClient, createServer } = await import('go-netrpc/yamux');
    for (const create of [createClient, createServer]) {
      let err: unknown;
      try {
        create(bad as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(YamuxError);
      expect((err as YamuxError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
