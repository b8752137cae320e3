import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runGo } from '../../helpers/go-peer.js';
import { generateCert } from '../../../src/plugin/automtls.js';
import * as der from '../../../src/plugin/der.js';

describe('AutoMTLS certificate (go-plugin generateCert profile)', () => {
  it("has Go's profile and parses with node:crypto", () => {
    const now = new Date('2026-11-22T20:00:00Z');
    const c = generateCert(now);
    const x = new X509Certificate(c.certPem);
    expect(x.subject.split('\n')).toEqual(['O=HashiCorp', 'CN=localhost']);
    expect(x.issuer).toBe(x.subject);
    expect(x.subjectAltName).toBe('DNS:localhost');
    expect(x.ca).toBe(true);
    expect(new Date(x.validFrom).getTime()).toBe(now.getTime() - 30_000);
    expect(new Date(x.validTo).getTime()).toBe(now.getTime() + 262_980 * 3_600_000);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp521r1');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(c.keyPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(new X509Certificate(Buffer.from(c.certDer)).fingerprint256).toBe(x.fingerprint256);
  });

  it('serials are random and positive', () => {
    const a = new X509Certificate(generateCert().certPem).serialNumber;
    const b = new X509Certificate(generateCert().certPem).serialNumber;
    expect(a).not.toBe(b);
  });

  it("is accepted by Go's crypto/x509 and crypto/tls (mutual TLS as go-plugin configures it)", async () => {
    const c = generateCert();
    const r = await runGo('plugincertcheck', [], new TextEncoder().encode(c.certPem + c.keyPem));
    expect(r.stdout.toString().trim()).toBe('ok');
    expect(r.code).toBe(0);
  });

  it('encodes DER primitives as Go encoding/asn1 does', () => {
    expect(Buffer.from(der.unsignedInteger(Uint8Array.of(0x80))).toString('hex')).toBe('02020080');
    expect(Buffer.from(der.unsignedInteger(Uint8Array.of(0, 0, 5))).toString('hex')).toBe('020105');
    expect(Buffer.from(der.oid('1.2.840.10045.4.3.4')).toString('hex')).toBe('06082a8648ce3d040304');
    expect(Buffer.from(der.time(new Date('2049-12-31T23:59:59Z'))).toString('latin1').slice(2)).toBe('491231235959Z');
    expect(Buffer.from(der.time(new Date('2050-01-01T00:00:00Z'))).toString('latin1').slice(2)).toBe('20500101000000Z');
    expect(Buffer.from(der.tlv(0x04, new Uint8Array(300))).subarray(0, 4).toString('hex')).toBe('0482012c');
  });
});
