/**
 * Command-line arguments of the conformance kit's suites (`go-netrpc conformance yamux|gob|rpc`):
 * flags with a value, boolean flags, and `--exec CMD…`, which takes the rest of the line. Each
 * suite names the flags it accepts; anything else is a USAGE error.
 */
import { ConformanceError } from './errors.js';

export interface KitArgs {
  readonly flags: Map<string, string>;
  readonly bools: Set<string>;
  /** The IUT command after `--exec` (empty without it). */
  exec: string[];
}

/** Parses `args` against the suite's flags with a value (`valued`) and boolean flags (`bools`). */
export function parseKitArgs(args: readonly string[], valued: ReadonlySet<string>, bools: ReadonlySet<string>): KitArgs {
  const a: KitArgs = { flags: new Map(), bools: new Set(), exec: [] };
  for (let i = 0; i < args.length; i++) {
    const k = args[i] as string;
    if (k === '--exec') {
      a.exec = args.slice(i + 1);
      if (a.exec.length === 0) throw new ConformanceError('USAGE', '--exec needs a command');
      break;
    }
    if (bools.has(k)) a.bools.add(k);
    else if (valued.has(k)) {
      const v = args[++i];
      if (v === undefined) throw new ConformanceError('USAGE', `${k} needs a value`);
      a.flags.set(k, v);
    } else throw new ConformanceError('USAGE', `unknown argument ${JSON.stringify(k)}`);
  }
  return a;
}

/** A comma-separated flag value as a list (none for undefined). */
export const list = (s: string | undefined): string[] => (s === undefined ? [] : s.split(',').map((x) => x.trim()).filter((x) => x !== ''));
