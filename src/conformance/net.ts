/**
 * TCP plumbing shared by the kit's suites: HOST:PORT arguments, and dialing the IUT with a
 * deadline (both as ConformanceError: USAGE for a bad address, IUT_UNAVAILABLE for no answer).
 */
import { createConnection, type Socket } from 'node:net';
import { ConformanceError } from './errors.js';

/** `HOST:PORT` (IPv6 in brackets; an empty host is 127.0.0.1). */
export function parseHostPort(s: string): { host: string; port: number } {
  const i = s.lastIndexOf(':');
  const port = Number(s.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new ConformanceError('USAGE', `expected HOST:PORT, got ${JSON.stringify(s)}`);
  return { host: s.slice(0, i).replace(/^\[|\]$/g, '') || '127.0.0.1', port };
}

/** A connection to the IUT listening at `addr`, or IUT_UNAVAILABLE after `timeoutMs` or on error. */
export function dialIut(addr: string, timeoutMs: number): Promise<Socket> {
  const { host, port } = parseHostPort(addr);
  return new Promise((resolve, reject) => {
    const s = createConnection(port, host);
    const t = setTimeout(() => {
      s.destroy();
      reject(new ConformanceError('IUT_UNAVAILABLE', `cannot connect to ${addr} within ${timeoutMs} ms`));
    }, timeoutMs);
    t.unref();
    s.once('connect', () => {
      clearTimeout(t);
      resolve(s);
    });
    s.once('error', (err) => {
      clearTimeout(t);
      reject(new ConformanceError('IUT_UNAVAILABLE', `cannot connect to ${addr}: ${err.message}`, { cause: err }));
    });
  });
}
