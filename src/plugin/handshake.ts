/**
 * The go-plugin handshake line: `CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVER_CERT[|MUX]`.
 *
 * Parsing mirrors go-plugin `Client.Start` (v1.7+ lower-case error texts, `strings.Split`, field 6
 * is a certificate only when longer than 50 chars, protocol defaults to netrpc when absent);
 * formatting mirrors `Serve` (trailing `|` when there is no cert, `|true` only when the host set
 * PLUGIN_MULTIPLEX_GRPC). Version negotiation mirrors `server.go protocolVersion()`.
 */
import { CORE_PROTOCOL_VERSION, MIN_CERT_FIELD_CHARS } from './constants.js';
import { PluginError } from './errors.js';

/** A parsed handshake line. */
export interface Handshake {
  readonly coreVersion: number;
  readonly appVersion: number;
  readonly network: 'unix' | 'tcp';
  readonly address: string;
  readonly protocol: string;
  /** DER bytes of the plugin's AutoMTLS certificate (field 6), if present. */
  readonly serverCertDer?: Uint8Array;
  /** Field 7 (v1.6+, only when the host asked for gRPC broker multiplexing). */
  readonly multiplex?: boolean;
}

/** What the host accepts when parsing. */
export interface HandshakeExpectations {
  /** App protocol versions the host supports (keys of its versioned plugin sets). */
  readonly appVersions: readonly number[];
  /** Go `AllowedProtocols`; default `['netrpc']`. */
  readonly allowedProtocols?: readonly string[];
}

const DECIMAL = /^[+-]?\d+$/;

function parseGoInt(s: string): number | undefined {
  if (!DECIMAL.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function unrecognized(line: string): PluginError {
  return new PluginError(
    'HANDSHAKE_INVALID',
    `Unrecognized remote plugin message: ${line}\nThis usually means\n` +
      '  the plugin was not compiled for this architecture,\n' +
      '  the plugin is missing dynamic-link libraries necessary to run,\n' +
      '  the plugin is not executable by this process due to file permissions, or\n' +
      '  the plugin failed to negotiate the initial go-plugin protocol handshake',
  );
}

/** Go's base64.RawStdEncoding decoder: standard alphabet, no padding, strict. */
export function decodeRawStdBase64(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) return undefined;
  const buf = Buffer.from(s, 'base64');
  // Reject non-canonical trailing bits, as Go's strict decoder does.
  if (buf.toString('base64').replace(/=+$/, '') !== s) return undefined;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Go's base64.RawStdEncoding encoder (no padding). */
export function encodeRawStdBase64(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64').replace(/=+$/, '');
}

/**
 * Parses the first stdout line of a plugin the way go-plugin's `Client.Start` does.
 * Throws {@link PluginError} with Go's message texts.
 */
export function parseHandshake(rawLine: string, expect: HandshakeExpectations): Handshake {
  const line = rawLine.trim();
  const parts = line.split('|');
  if (parts.length < 4) throw unrecognized(line);
  const [f1 = '', f2 = '', f3 = '', f4 = ''] = parts;
  const core = parseGoInt(f1);
  if (core === undefined || core !== CORE_PROTOCOL_VERSION) {
    throw new PluginError(
      'CORE_VERSION_UNSUPPORTED',
      `incompatible core API version with plugin. Plugin version: ${f1}, Core version: ${CORE_PROTOCOL_VERSION}\n\n` +
        'To fix this, the plugin usually only needs to be recompiled.\nPlease report this to the plugin author',
    );
  }
  const app = parseGoInt(f2);
  if (app === undefined) {
    throw new PluginError('HANDSHAKE_INVALID', `error parsing protocol version ${JSON.stringify(f2)}: invalid syntax`);
  }
  if (!expect.appVersions.includes(app)) {
    throw new PluginError(
      'APP_VERSION_UNSUPPORTED',
      `incompatible API version with plugin. Plugin version: ${app}, Client versions: [${expect.appVersions.join(' ')}]`,
    );
  }
  if (f3 !== 'unix' && f3 !== 'tcp') {
    throw new PluginError('NETWORK_UNSUPPORTED', `unknown address type: ${f4}`);
  }
  if (f4 === '') throw unrecognized(line);
  const protocol = parts[4] === undefined || parts[4] === '' ? 'netrpc' : parts[4];
  const allowed = expect.allowedProtocols ?? ['netrpc'];
  if (!allowed.includes(protocol)) {
    throw new PluginError(
      'PROTOCOL_UNSUPPORTED',
      `unsupported plugin protocol ${JSON.stringify(protocol)}. Supported: [${allowed.join(' ')}]`,
    );
  }
  let serverCertDer: Uint8Array | undefined;
  const certField = parts[5];
  if (certField !== undefined && certField.length > MIN_CERT_FIELD_CHARS) {
    serverCertDer = decodeRawStdBase64(certField);
    if (serverCertDer === undefined) {
      throw new PluginError('CERT_INVALID', 'error parsing server cert: illegal base64 data');
    }
  }
  let multiplex: boolean | undefined;
  const muxField = parts[6];
  if (muxField !== undefined) {
    if (muxField === 'true' || muxField === '1' || muxField === 't' || muxField === 'T' || muxField === 'TRUE' || muxField === 'True') multiplex = true;
    else if (muxField === 'false' || muxField === '0' || muxField === 'f' || muxField === 'F' || muxField === 'FALSE' || muxField === 'False') multiplex = false;
    else throw new PluginError('HANDSHAKE_INVALID', `error parsing multiplex field ${JSON.stringify(muxField)}`);
  }
  return {
    coreVersion: core,
    appVersion: app,
    network: f3,
    address: f4,
    protocol,
    ...(serverCertDer === undefined ? {} : { serverCertDer }),
    ...(multiplex === undefined ? {} : { multiplex }),
  };
}

/** Formats the handshake line (with its trailing `\n`) exactly as go-plugin `Serve` prints it. */
export function formatHandshake(h: {
  appVersion: number;
  network: 'unix' | 'tcp';
  address: string;
  protocol?: string;
  serverCertDer?: Uint8Array | undefined;
  multiplex?: boolean | undefined;
}): string {
  const cert = h.serverCertDer === undefined ? '' : encodeRawStdBase64(h.serverCertDer);
  let line = `${CORE_PROTOCOL_VERSION}|${h.appVersion}|${h.network}|${h.address}|${h.protocol ?? 'netrpc'}|${cert}`;
  if (h.multiplex === true) line += '|true';
  return `${line}\n`;
}

/** Result of plugin-side version negotiation. */
export interface NegotiatedVersion {
  /** The chosen app protocol version. */
  readonly version: number;
  /** Items of PLUGIN_PROTOCOL_VERSIONS that were not integers (Go prints a notice for each). */
  readonly invalid: readonly string[];
}

/**
 * Plugin-side negotiation (go-plugin `protocolVersion()`): the plugin's highest version also
 * offered by the host wins; without a match (or without the env var: a legacy host) the
 * plugin's lowest version is used and the host reports the mismatch.
 */
export function negotiateVersion(pluginVersions: readonly number[], hostVersionsEnv: string | undefined): NegotiatedVersion {
  if (pluginVersions.length === 0) throw new PluginError('INVALID_CONFIG', 'no plugin versions configured');
  const invalid: string[] = [];
  const offered = new Set<number>();
  if (hostVersionsEnv !== undefined && hostVersionsEnv !== '') {
    for (const item of hostVersionsEnv.split(',')) {
      const n = parseGoInt(item);
      if (n === undefined) invalid.push(item);
      else offered.add(n);
    }
  }
  const sorted = [...pluginVersions].sort((a, b) => b - a);
  for (const v of sorted) if (offered.has(v)) return { version: v, invalid };
  return { version: sorted[sorted.length - 1] as number, invalid };
}
