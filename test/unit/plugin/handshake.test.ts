import { describe, expect, it } from 'vitest';
import { PluginError } from '../../../src/plugin/errors.js';
import { decodeRawStdBase64, encodeRawStdBase64, formatHandshake, negotiateVersion, parseHandshake } from '../../../src/plugin/handshake.js';

const v1 = { appVersions: [1] };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return (err as PluginError).code;
  }
  return undefined;
}

describe('parseHandshake (go-plugin Client.Start)', () => {
  it('parses the current shape with an empty cert field', () => {
    expect(parseHandshake('1|1|unix|/tmp/plugin123|netrpc|\n', v1)).toEqual({
      coreVersion: 1,
      appVersion: 1,
      network: 'unix',
      address: '/tmp/plugin123',
      protocol: 'netrpc',
    });
  });
  it('accepts the historic 4- and 5-field shapes and CRLF', () => {
    expect(parseHandshake('1|1|unix|/p\r\n', v1).protocol).toBe('netrpc');
    expect(parseHandshake('1|1|tcp|127.0.0.1:10000|netrpc', v1).network).toBe('tcp');
  });
  it('treats field 6 as a certificate only when longer than 50 chars', () => {
    expect(parseHandshake('1|1|unix|/p|netrpc|c2hvcnQ', v1).serverCertDer).toBeUndefined();
    const der = new Uint8Array(60).map((_, i) => i);
    const h = parseHandshake(`1|1|unix|/p|netrpc|${encodeRawStdBase64(der)}`, v1);
    expect(h.serverCertDer).toEqual(der);
    expect(codeOf(() => parseHandshake(`1|1|unix|/p|netrpc|${'A'.repeat(60)}==`, v1))).toBe('CERT_INVALID');
  });
  it('reads the optional multiplex field', () => {
    expect(parseHandshake('1|1|unix|/p|netrpc||true', v1).multiplex).toBe(true);
    expect(codeOf(() => parseHandshake('1|1|unix|/p|netrpc||maybe', v1))).toBe('HANDSHAKE_INVALID');
  });
  it('rejects every malformed shape with the matching code and Go text', () => {
    expect(codeOf(() => parseHandshake('hello world', v1))).toBe('HANDSHAKE_INVALID');
    expect(codeOf(() => parseHandshake('', v1))).toBe('HANDSHAKE_INVALID');
    expect(codeOf(() => parseHandshake('2|1|unix|/p|netrpc|', v1))).toBe('CORE_VERSION_UNSUPPORTED');
    expect(codeOf(() => parseHandshake('x|1|unix|/p|netrpc|', v1))).toBe('CORE_VERSION_UNSUPPORTED');
    expect(codeOf(() => parseHandshake('1|x|unix|/p|netrpc|', v1))).toBe('HANDSHAKE_INVALID');
    expect(codeOf(() => parseHandshake('1|1|pipe|/p|netrpc|', v1))).toBe('NETWORK_UNSUPPORTED');
    expect(codeOf(() => parseHandshake('1|1|unix|/p|grpc|', v1))).toBe('PROTOCOL_UNSUPPORTED');
    expect(() => parseHandshake('1|2|unix|/p|netrpc|', { appVersions: [1, 3] })).toThrow(
      'incompatible API version with plugin. Plugin version: 2, Client versions: [1 3]',
    );
    expect(() => parseHandshake('1|1|unix|/p|grpc|', v1)).toThrow('unsupported plugin protocol "grpc". Supported: [netrpc]');
  });
  it('allows grpc only when configured', () => {
    expect(parseHandshake('1|1|unix|/p|grpc|', { appVersions: [1], allowedProtocols: ['netrpc', 'grpc'] }).protocol).toBe('grpc');
  });
});

describe('formatHandshake (go-plugin Serve)', () => {
  it('prints a trailing | without a cert and the mux field only when asked', () => {
    expect(formatHandshake({ appVersion: 1, network: 'unix', address: '/tmp/p' })).toBe('1|1|unix|/tmp/p|netrpc|\n');
    expect(formatHandshake({ appVersion: 2, network: 'tcp', address: '127.0.0.1:1', multiplex: true })).toBe('1|2|tcp|127.0.0.1:1|netrpc||true\n');
  });
  it('round-trips certificates as unpadded standard base64', () => {
    for (const len of [1, 2, 3, 100, 101, 102]) {
      const der = new Uint8Array(len).map((_, i) => (i * 37) & 0xff);
      const line = formatHandshake({ appVersion: 1, network: 'unix', address: '/p', serverCertDer: der });
      expect(line).not.toContain('=');
      expect(decodeRawStdBase64(line.trim().split('|')[5] ?? '')).toEqual(der);
    }
  });
});

describe('negotiateVersion (go-plugin protocolVersion)', () => {
  it('picks the highest common version', () => {
    expect(negotiateVersion([1, 2, 3], '2,1').version).toBe(2);
    expect(negotiateVersion([1, 2, 3], '3,1,2').version).toBe(3);
  });
  it('falls back to the lowest plugin version without a match or env', () => {
    expect(negotiateVersion([2, 5], '7').version).toBe(2);
    expect(negotiateVersion([2, 5], undefined).version).toBe(2);
  });
  it('reports invalid items and skips them', () => {
    expect(negotiateVersion([1, 2], 'x,1, 2')).toEqual({ version: 1, invalid: ['x', ' 2'] });
  });
});

describe('parseHandshake on arbitrary input', () => {
  it('either parses or throws a PluginError, never anything else', async () => {
    const fc = await import('fast-check');
    const field = fc.oneof(fc.constantFrom('1', '2', 'unix', 'tcp', 'netrpc', 'grpc', '', 'true', '/tmp/p', 'A'.repeat(64)), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(field, { maxLength: 9 }).map((f) => f.join('|'))), (line) => {
        try {
          const h = parseHandshake(line, { appVersions: [1, 2] });
          expect(h.coreVersion).toBe(1);
          expect([1, 2]).toContain(h.appVersion);
        } catch (err) {
          expect(err).toBeInstanceOf(PluginError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
