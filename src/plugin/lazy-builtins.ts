/**
 * Node built-ins the plugin layer needs only on some paths, loaded on first use instead of at
 * import time: `node:tls` (TLS / AutoMTLS), `node:crypto` (certificates, checksums) and
 * `node:child_process` (host side only). A TS plugin imports go-netrpc/plugin before it can
 * print its handshake, and a Go host is waiting for that line (issue 14.8).
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';

let required: NodeJS.Require | undefined;

/** `process.getBuiltinModule` (Node ≥ 20.16), else a `require` made on first use. */
function load(id: string): unknown {
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (builtin !== undefined) return builtin(id);
  required ??= createRequire(import.meta.url);
  return required(id);
}

/** `node:crypto`, loaded on first call. */
export function loadCrypto(): typeof Crypto {
  return load('node:crypto') as typeof Crypto;
}

/** `node:tls`, loaded on first call. */
export function loadTls(): typeof Tls {
  return load('node:tls') as typeof Tls;
}

/** `node:child_process`, loaded on first call. */
export function loadChildProcess(): typeof ChildProcess {
  return load('node:child_process') as typeof ChildProcess;
}
