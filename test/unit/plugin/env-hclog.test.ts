import { describe, expect, it } from 'vitest';
import { createPluginEnv, readPluginEnv, readPortRange } from '../../../src/plugin/env.js';
import { createJsonLogger, formatHclogTimestamp, parseHclogTimestamp, StderrLineParser } from '../../../src/plugin/hclog.js';

const handshake = { magicCookieKey: 'BASIC_PLUGIN', magicCookieValue: 'hello' };

describe('createPluginEnv (go-plugin Client.Start)', () => {
  it('sets the go-plugin variables last so they win over inherited ones', () => {
    const env = createPluginEnv({
      handshake,
      appVersions: [1, 3],
      env: { USER_VAR: 'u', BASIC_PLUGIN: 'user' },
      hostEnv: { PATH: '/bin', PLUGIN_MIN_PORT: '1' },
    });
    expect(env).toMatchObject({ USER_VAR: 'u', PATH: '/bin', BASIC_PLUGIN: 'hello', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_PROTOCOL_VERSIONS: '1,3' });
    expect(env['PLUGIN_CLIENT_CERT']).toBeUndefined();
  });
  it('honours SkipHostEnv, ports, cert and socket options', () => {
    const env = createPluginEnv({
      handshake,
      appVersions: [1],
      skipHostEnv: true,
      hostEnv: { PATH: '/bin' },
      minPort: 2000,
      maxPort: 2001,
      clientCertPem: 'PEM\n',
      unixSocketGroup: 'staff',
      unixSocketDir: '/tmp/x',
      multiplexGrpc: true,
    });
    expect(env['PATH']).toBeUndefined();
    expect(env).toMatchObject({ PLUGIN_MIN_PORT: '2000', PLUGIN_MAX_PORT: '2001', PLUGIN_CLIENT_CERT: 'PEM\n', PLUGIN_UNIX_SOCKET_GROUP: 'staff', PLUGIN_UNIX_SOCKET_DIR: '/tmp/x', PLUGIN_MULTIPLEX_GRPC: 'true' });
  });
  it('reads the plugin side', () => {
    const r = readPluginEnv(handshake, { BASIC_PLUGIN: 'hello', PLUGIN_PROTOCOL_VERSIONS: '1', PLUGIN_CLIENT_CERT: '' });
    expect(r).toMatchObject({ cookieOk: true, protocolVersions: '1', clientCertPem: undefined, multiplexGrpc: false });
    expect(readPluginEnv(handshake, { BASIC_PLUGIN: 'nope' }).cookieOk).toBe(false);
    expect(readPortRange({ PLUGIN_MIN_PORT: '10', PLUGIN_MAX_PORT: '20' })).toEqual({ min: 10, max: 20 });
    expect(() => readPortRange({ PLUGIN_MIN_PORT: '30', PLUGIN_MAX_PORT: '20' })).toThrow('PLUGIN_MIN_PORT value of 30 is greater than PLUGIN_MAX_PORT value of 20');
    expect(() => readPortRange({ PLUGIN_MIN_PORT: 'x' })).toThrow("couldn't get value from PLUGIN_MIN_PORT");
  });
});

describe('hclog stderr parsing (go-plugin logStderr)', () => {
  it('parses hclog JSON with 6-digit timestamps and fields', () => {
    const p = new StderrLineParser();
    const e = p.parse('{"@level":"info","@message":"print called","@module":"m","@timestamp":"2026-11-22T20:17:53.074424Z","text":"x"}');
    expect(e).toMatchObject({ level: 'info', message: 'print called', module: 'm', fields: { text: 'x' }, json: true });
    expect(e.timestamp?.toISOString()).toBe('2026-11-22T20:17:53.074Z');
  });
  it('treats 3-digit timestamps, bad levels and non-objects as raw Debug lines', () => {
    const p = new StderrLineParser();
    expect(p.parse('{"@level":"info","@message":"m","@timestamp":"2026-11-22T20:17:53.074Z"}')).toMatchObject({ level: 'debug', json: false });
    expect(p.parse('{"@level":"loud","@message":"m"}')).toMatchObject({ level: 'debug', json: false });
    expect(p.parse('{"@level":5,"@message":"m"}')).toMatchObject({ level: 'debug', json: false });
    expect(p.parse('[1,2]')).toMatchObject({ level: 'debug', json: false });
  });
  it('uses [LEVEL] prefixes only at line start and switches to panic mode', () => {
    const p = new StderrLineParser();
    expect(p.parse('[WARN] x').level).toBe('warn');
    expect(p.parse('2026/11/22 20:17:53 [WARN] x').level).toBe('debug');
    expect(p.parse('plain').level).toBe('debug');
    expect(p.parse('panic: oh no').level).toBe('error');
    expect(p.parse('goroutine 1 [running]:').level).toBe('error');
    expect(p.parse('[INFO] tagged').level).toBe('info');
  });
  it('timestamps round-trip through Go layout .000000Z07:00', () => {
    expect(parseHclogTimestamp('2026-01-02T03:04:05.123456+02:00')?.toISOString()).toBe('2026-01-02T01:04:05.123Z');
    expect(formatHclogTimestamp(new Date('2026-01-02T03:04:05.123Z'), 456)).toBe('2026-01-02T03:04:05.123456Z');
  });
  it('the plugin-side JSON logger writes lines the host parser accepts', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ name: 'tsplugin', level: 'debug', write: (l) => lines.push(l) });
    log.trace('dropped');
    log.info('hello', { n: 1, err: new Error('e'), big: 2n });
    log.named('sub').warn('w');
    expect(lines).toHaveLength(2);
    const p = new StderrLineParser();
    expect(p.parse((lines[0] ?? '').trimEnd())).toMatchObject({ level: 'info', message: 'hello', module: 'tsplugin', fields: { n: 1, err: 'e', big: '2' }, json: true });
    expect(p.parse((lines[1] ?? '').trimEnd())).toMatchObject({ level: 'warn', module: 'tsplugin.sub' });
    expect(JSON.parse(lines[0] ?? '')['@timestamp']).toMatch(/\.\d{6}Z$/);
  });
});
