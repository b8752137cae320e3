/**
 * Plugin binary checksum verification and discovery: go-plugin `SecureConfig.Check`
 * (`client.go`) and `Discover` (`discover.go`, Go `filepath.Glob`).
 */
import { loadCrypto } from './lazy-builtins.js';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PluginError } from './errors.js';

/** Go `SecureConfig`: expected digest of the plugin binary. */
export interface SecureConfig {
  /** Expected digest bytes (hex string accepted too). */
  readonly checksum: Uint8Array | string;
  /** node:crypto hash name; Go users typically use SHA-256. Default `sha256`. */
  readonly hash?: string;
}

/** Streams `path` through the hash and compares in constant time (Go `SecureConfig.Check`). */
export async function verifyChecksum(path: string, cfg: SecureConfig): Promise<void> {
  const expected = typeof cfg.checksum === 'string' ? Buffer.from(cfg.checksum, 'hex') : Buffer.from(cfg.checksum);
  if (expected.length === 0) throw new PluginError('CHECKSUM_ERROR', 'no checksum provided');
  let h;
  try {
    h = loadCrypto().createHash(cfg.hash ?? 'sha256');
  } catch (err) {
    throw new PluginError('CHECKSUM_ERROR', `no hash implementation provided: ${String(cfg.hash)}`, { cause: err });
  }
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (err) {
    throw new PluginError('CHECKSUM_ERROR', `error verifying checksum: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const actual = h.digest();
  if (actual.length !== expected.length || !loadCrypto().timingSafeEqual(actual, expected)) {
    throw new PluginError('CHECKSUM_MISMATCH', `checksums did not match for ${path}`);
  }
}

/** Go `filepath.Match` for one path segment: `*`, `?`, `[…]` classes with `^` negation, `\` escapes. */
export function matchSegment(pattern: string, name: string): boolean {
  const re = segmentRegExp(pattern);
  return re.test(name);
}

function segmentRegExp(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw badPattern();
      out += escapeRe(pattern[i] as string);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '[';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      let first = true;
      while (j < pattern.length && (pattern[j] !== ']' || first)) {
        let ch = pattern[j] as string;
        if (ch === '\\') {
          j++;
          if (j >= pattern.length) throw badPattern();
          ch = pattern[j] as string;
        }
        if (ch === ']' && first) throw badPattern();
        cls += ch === '-' && pattern[j - 1] !== '\\' ? '-' : escapeRe(ch);
        first = false;
        j++;
      }
      if (j >= pattern.length || first) throw badPattern();
      out += `${cls}]`;
      i = j;
    } else out += escapeRe(c);
  }
  try {
    return new RegExp(`${out}$`, 's');
  } catch (err) {
    throw badPattern(err);
  }
}

function badPattern(cause?: unknown): PluginError {
  return new PluginError('INVALID_CONFIG', 'syntax error in pattern', cause === undefined ? undefined : { cause });
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c;
}

const hasMeta = (s: string): boolean => /[*?[\\]/.test(s);

async function glob(pattern: string): Promise<string[]> {
  if (!hasMeta(pattern)) {
    try {
      await lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf('/');
  const dir = slash <= 0 ? (slash === 0 ? '/' : '.') : pattern.slice(0, slash);
  const file = pattern.slice(slash + 1);
  const re = segmentRegExp(file);
  const dirs = hasMeta(dir) ? await glob(dir) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      continue;
    }
    names.sort();
    for (const n of names) if (re.test(n)) out.push(join(d, n));
  }
  return out;
}

/**
 * go-plugin `Discover(glob, dir)`: absolute paths of files in `dir` matching the Go glob
 * (`*` does not cross `/` but matches leading dots; sorted per directory; no executable check).
 */
export async function discover(pattern: string, dir: string): Promise<string[]> {
  return glob(join(resolve(dir), pattern));
}
