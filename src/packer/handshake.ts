/**
 * Packer's handshake line, both forms: `5|unix|/path` (Packer ≤ 1.6, packer/plugin/client.go
 * `SplitN(line, "|", 3)`) and `5|0|unix|/path` (packer-plugin-sdk ≥ 0.0.1, Packer ≥ 1.7).
 */
import { API_VERSION } from './constants.js';
import { PackerError } from './errors.js';

/** A parsed handshake line. */
export interface PackerHandshake {
  readonly protocol: 'legacy' | 'sdk';
  readonly network: 'unix' | 'tcp';
  readonly address: string;
}

/** Parses a plugin's first stdout line; throws PackerError PROTOCOL with Packer's texts. */
export function parsePackerHandshake(rawLine: string): PackerHandshake {
  const line = rawLine.trim();
  const parts = line.split('|');
  if (parts.length < 3) throw new PackerError('PROTOCOL', `Unrecognized remote plugin message: ${line}`);
  if (parts[0] !== API_VERSION) {
    throw new PackerError('PROTOCOL', `Incompatible API version with plugin. Plugin version: ${parts[0] ?? ''}, Ours: ${API_VERSION}`);
  }
  // `5|0|unix|…` has a numeric second field; `5|unix|…` a network name (a path may contain '|').
  const sdk = /^\d+$/.test(parts[1] ?? '');
  const network = sdk ? parts[2] : parts[1];
  const address = (sdk ? parts.slice(3) : parts.slice(2)).join('|');
  if (network !== 'unix' && network !== 'tcp') throw new PackerError('PROTOCOL', `Unknown address type: ${network ?? ''}`);
  if (address === '') throw new PackerError('PROTOCOL', `Unrecognized remote plugin message: ${line}`);
  return { protocol: sdk ? 'sdk' : 'legacy', network, address };
}
