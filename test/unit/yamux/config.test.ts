import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig, YamuxError } from 'go-netrpc/yamux';

describe('yamux config (Go DefaultConfig / VerifyConfig)', () => {
  it('defaults to hashicorp/yamux DefaultConfig in milliseconds', () => {
    expect(DEFAULT_CONFIG).toEqual({
      acceptBacklog: 256,
      enableKeepAlive: true,
      keepAliveIntervalMs: 30_000,
      connectionWriteTimeoutMs: 10_000,
      maxStreamWindowSize: 256 * 1024,
      maxAutoTunedWindowSize: 8 * 1024 * 1024, // deviation from Go: receive-window auto-tuning
      streamOpenTimeoutMs: 75_000,
      streamCloseTimeoutMs: 300_000,
      maxSessionBufferedBytes: 1024 ** 3,
      maxQueuedPingReplies: 64,
    });
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig({ acceptBacklog: 3 }).acceptBacklog).toBe(3);
  });

  it.each([
    [{ acceptBacklog: 0 }],
    [{ acceptBacklog: 1.5 }],
    [{ keepAliveIntervalMs: 0 }],
    [{ connectionWriteTimeoutMs: -1 }],
    [{ maxStreamWindowSize: 1024 }],
    [{ maxStreamWindowSize: 2 ** 32 }],
    [{ streamOpenTimeoutMs: -5 }],
    [{ streamCloseTimeoutMs: Number.NaN }],
    [{ maxSessionBufferedBytes: 1024 }],
    [{ maxSessionBufferedBytes: Number.NaN }],
    [{ maxQueuedPingReplies: -1 }],
    [{ maxQueuedPingReplies: 2.5 }],
    [{ maxAutoTunedWindowSize: -1 }],
    [{ maxAutoTunedWindowSize: 2 ** 32 }],
  ])('rejects %j with INVALID_CONFIG', (bad) => {
    expect(() => resolveConfig(bad)).toThrowError(YamuxError);
    try {
      resolveConfig(bad);
    } catch (e) {
      expect((e as YamuxError).code).toBe('INVALID_CONFIG');
    }
  });

  it('accepts Infinity for maxSessionBufferedBytes (Go: no bound) and 0 queued ping replies', () => {
    expect(resolveConfig({ maxSessionBufferedBytes: Infinity, maxQueuedPingReplies: 0 })).toMatchObject({ maxSessionBufferedBytes: Infinity, maxQueuedPingReplies: 0 });
  });

  it('allows disabling the open and close timeouts with 0', () => {
    expect(resolveConfig({ streamOpenTimeoutMs: 0, streamCloseTimeoutMs: 0 })).toMatchObject({ streamOpenTimeoutMs: 0, streamCloseTimeoutMs: 0 });
  });
});
