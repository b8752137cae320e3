/**
 * AutoMTLS certificates and TLS options, as go-plugin `mtls.go generateCert` and the TLS setup in
 * `client.go` (host) / `server.go` (plugin).
 *
 * A fresh ECDSA P-521 key and a self-signed ecdsa-with-SHA512 certificate with Go's profile:
 * subject/issuer `O=HashiCorp, CN=localhost`, random 128-bit serial, SAN DNS:localhost,
 * NotBefore now−30 s, NotAfter now+262980 h, basicConstraints CA:TRUE (critical), keyUsage
 * (critical) digitalSignature|keyEncipherment|keyAgreement|keyCertSign, extKeyUsage
 * clientAuth+serverAuth. Node cannot create X.509 certificates, so the TBSCertificate is built
 * with `der.ts` and signed with node:crypto.
 */
import type { X509Certificate } from 'node:crypto';
import { loadCrypto } from './lazy-builtins.js';
import * as der from './der.js';
import { PluginError } from './errors.js';

/** A certificate with its private key, in the encodings go-plugin uses. */
export interface AutoMtlsCert {
  /** PEM `CERTIFICATE` (what a host puts into PLUGIN_CLIENT_CERT). */
  readonly certPem: string;
  /** PEM `EC PRIVATE KEY` (SEC1), as Go's `x509.MarshalECPrivateKey`. */
  readonly keyPem: string;
  /** The DER certificate (what a plugin puts, base64, into handshake field 6). */
  readonly certDer: Uint8Array;
}

const OID_ECDSA_SHA512 = '1.2.840.10045.4.3.4';
const OID_O = '2.5.4.10';
const OID_CN = '2.5.4.3';

const NOT_AFTER_HOURS = 262_980;

function extension(oidText: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? der.sequence(der.oid(oidText), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(oidText), der.octetString(value));
}

/** Generates a certificate exactly like go-plugin's `generateCert`. `now` is for tests. */
export function generateCert(now: Date = new Date()): AutoMtlsCert {
  const { createHash, generateKeyPairSync, randomBytes, sign } = loadCrypto();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // subjectPublicKey BIT STRING content: the uncompressed point at the end of the SPKI.
  const point = spki.subarray(spki.length - 133);
  const name = der.sequence(
    der.set(der.sequence(der.oid(OID_O), der.printableString('HashiCorp'))),
    der.set(der.sequence(der.oid(OID_CN), der.printableString('localhost'))),
  );
  const sigAlg = der.sequence(der.oid(OID_ECDSA_SHA512));
  const serial = randomBytes(16);
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + NOT_AFTER_HOURS * 3_600_000);
  // keyUsage bits 0,2,4,5 → 0b10101100, 2 unused bits.
  const keyUsage = der.bitString(Uint8Array.of(0xac), 2);
  const extKeyUsage = der.sequence(der.oid('1.3.6.1.5.5.7.3.2'), der.oid('1.3.6.1.5.5.7.3.1'));
  const basicConstraints = der.sequence(der.boolean(true));
  const ski = der.octetString(createHash('sha1').update(point).digest());
  const san = der.sequence(der.implicitPrimitive(2, new TextEncoder().encode('localhost')));
  const extensions = der.sequence(
    extension('2.5.29.15', true, keyUsage),
    extension('2.5.29.37', false, extKeyUsage),
    extension('2.5.29.19', true, basicConstraints),
    extension('2.5.29.14', false, ski),
    extension('2.5.29.17', false, san),
  );
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    sigAlg,
    name,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    spki,
    der.explicit(3, extensions),
  );
  const signature = sign('sha512', tbs, privateKey);
  const certDer = der.sequence(tbs, sigAlg, der.bitString(signature));
  const keyPem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  return { certPem: derToPem(certDer), keyPem, certDer };
}

/** Wraps DER certificate bytes as PEM (64-column base64), as Go's `pem.Encode`. */
export function derToPem(certDer: Uint8Array): string {
  const b64 = Buffer.from(certDer.buffer, certDer.byteOffset, certDer.byteLength).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Parses a PEM or DER certificate; throws PluginError CERT_INVALID (Go: `error parsing … cert`). */
export function parseCert(input: string | Uint8Array, what: string): X509Certificate {
  try {
    return new (loadCrypto().X509Certificate)(typeof input === 'string' ? input : Buffer.from(input));
  } catch (err) {
    throw new PluginError('CERT_INVALID', `error parsing ${what} cert: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Checks that a PEM private key can be loaded (used by tests and user TLS configs). */
export function isUsableKey(keyPem: string): boolean {
  try {
    loadCrypto().createPrivateKey(keyPem);
    return true;
  } catch {
    return false;
  }
}
