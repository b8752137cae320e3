/**
 * A minimal ASN.1 DER encoder: just what an X.509 v3 certificate needs.
 *
 * Mirrors the encodings Go's `encoding/asn1` Marshal produces for `crypto/x509.CreateCertificate`
 * (definite lengths in minimal form, minimal two's-complement INTEGERs, UTCTime before 2050 and
 * GeneralizedTime from 2050, PrintableString for printable names).
 */
import { concatBytes as concat } from '../internal/bytes.js';

/** One encoded TLV. */
export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** Encodes a TLV with the given identifier octet. */
export function tlv(tag: number, content: Uint8Array): Der {
  const len = lengthBytes(content.length);
  const out = new Uint8Array(1 + len.length + content.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

/** SEQUENCE of already-encoded elements. */
export const sequence = (...items: Der[]): Der => tlv(0x30, concat(items));
/** SET of already-encoded elements (callers pass one element, as in RDNs). */
export const set = (...items: Der[]): Der => tlv(0x31, concat(items));
/** [n] EXPLICIT wrapper (constructed context-specific tag). */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
/** [n] IMPLICIT primitive (e.g. GeneralName dNSName = [2] IA5String). */
export const implicitPrimitive = (n: number, content: Uint8Array): Der => tlv(0x80 | n, content);
/** BOOLEAN. */
export const boolean = (v: boolean): Der => tlv(0x01, Uint8Array.of(v ? 0xff : 0x00));
/** OCTET STRING. */
export const octetString = (b: Uint8Array): Der => tlv(0x04, b);
/** BIT STRING with `unusedBits` padding bits in the last byte. */
export const bitString = (b: Uint8Array, unusedBits = 0): Der => tlv(0x03, concat([Uint8Array.of(unusedBits), b]));
/** PrintableString (caller guarantees the character set). */
export const printableString = (s: string): Der => tlv(0x13, new TextEncoder().encode(s));
/** UTF8String. */
export const utf8String = (s: string): Der => tlv(0x0c, new TextEncoder().encode(s));

/** INTEGER from unsigned big-endian magnitude bytes (minimal, positive). */
export function unsignedInteger(magnitude: Uint8Array): Der {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  let body = magnitude.subarray(i);
  if (body.length === 0) body = Uint8Array.of(0);
  if ((body[0] as number) & 0x80) body = concat([Uint8Array.of(0), body]);
  return tlv(0x02, body);
}

/** INTEGER from a small non-negative number. */
export function smallInteger(n: number): Der {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return unsignedInteger(Uint8Array.from(bytes));
}

/** OBJECT IDENTIFIER from dotted text. */
export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out: number[] = [a * 40 + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** X.509 Time: UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5, as Go). */
export function time(d: Date): Der {
  const y = d.getUTCFullYear();
  const rest = `${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`;
  const enc = new TextEncoder();
  if (y >= 1950 && y < 2050) return tlv(0x17, enc.encode(`${pad2(y % 100)}${rest}`));
  return tlv(0x18, enc.encode(`${String(y).padStart(4, '0')}${rest}`));
}
