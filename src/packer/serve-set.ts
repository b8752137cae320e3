/**
 * A multi-component Packer plugin (`packer-plugin-NAME`, packer-plugin-sdk plugin/set.go `Set`):
 * `describe` prints one JSON line naming the components; `start KIND NAME` serves one of them
 * (see serve.ts). Packer 1.6 discovers it as `NAME-COMPONENT` (e.g. `tsdemo-hello`) and expects
 * the 3-field handshake (`protocol: 'legacy'`, the default here); Packer ≥ 1.7 needs `'sdk'`.
 *
 * Deviation from Go: Go's v1.6.6 Set only starts `start provisioners NAME` (a typo that makes
 * its provisioners unusable); this accepts `provisioner`, as the later SDK does.
 */
import { writeSync } from 'node:fs';
import type { MsgpackDialect } from '../msgpack/index.js';
import type { Builder } from './builder.js';
import { SDK_PROTOCOL_VERSION } from './constants.js';
import type { Datasource } from './datasource.js';
import { PackerError } from './errors.js';
import type { PostProcessor } from './post-processor.js';
import type { Provisioner } from './provisioner.js';
import { servePacker, type ServedPacker } from './serve.js';

/** Options of {@link servePackerSet}. */
export interface PackerSetOptions {
  readonly builders?: Readonly<Record<string, Builder>>;
  readonly provisioners?: Readonly<Record<string, Provisioner>>;
  readonly postProcessors?: Readonly<Record<string, PostProcessor>>;
  /** Datasources (Packer ≥ 1.7, HCL2 `data` blocks; needs `protocol: 'sdk'`). */
  readonly datasources?: Readonly<Record<string, Datasource>>;
  /**
   * The plugin's version in `describe` (default `0.0.0`): semver, as `packer plugins install
   * --path` requires (a pre-release other than `-dev` is refused); Packer ≥ 1.11 checks it
   * against the installed file name `packer-plugin-NAME_vVERSION_x5.0_OS_ARCH`.
   */
  readonly version?: string;
  readonly protocol?: 'legacy' | 'sdk';
  readonly dialect?: MsgpackDialect;
  /** Command-line arguments (default `process.argv.slice(2)`). */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Exit after `describe` or on a usage error (default true). */
  readonly exitProcess?: boolean;
}

/**
 * The `describe` JSON (packer-plugin-sdk `SetDescription`). `sdk_version` names the SDK release
 * whose protocol this speaks; no `protocol_version` (SDK ≥ 0.6 says `"v2"`, which makes Packer
 * ≥ 1.12 switch to protobuf specs, not implemented here), as SDK ≤ 0.5 describes.
 */
export function describeSet(o: PackerSetOptions): string {
  const names = (r: Readonly<Record<string, unknown>> | undefined): string[] => Object.keys(r ?? {}).sort();
  const version = o.version ?? '0.0.0';
  return JSON.stringify({
    version,
    sdk_version: SDK_PROTOCOL_VERSION,
    api_version: 'x5.0',
    builders: names(o.builders),
    post_processors: names(o.postProcessors),
    provisioners: names(o.provisioners),
    datasources: names(o.datasources),
  });
}

function usage(message: string, exitProcess: boolean): never {
  if (exitProcess) {
    writeSync(2, `${message}\n`);
    process.exit(1);
  }
  throw new PackerError('INVALID_ARGUMENT', message);
}

/** Runs the `describe` / `start KIND NAME` command line of a multi-component plugin. */
export async function servePackerSet(o: PackerSetOptions): Promise<ServedPacker | undefined> {
  const args = o.args ?? process.argv.slice(2);
  const exitProcess = o.exitProcess ?? true;
  if (args[0] === 'describe') {
    writeSync(1, `${describeSet(o)}\n`);
    if (exitProcess) process.exit(0);
    return undefined;
  }
  if (args[0] !== 'start') usage(args.length === 0 ? 'needs at least one argument' : `Unknown command: ${JSON.stringify(args[0])}`, exitProcess);
  if (args.length !== 3) usage(`start takes two arguments, for example 'start builder example-builder'. Found: [${args.slice(1).join(' ')}]`, exitProcess);
  const [, kind, name] = args as [string, string, string];
  const common = {
    ...(o.protocol === undefined ? {} : { protocol: o.protocol }),
    ...(o.dialect === undefined ? {} : { dialect: o.dialect }),
    ...(o.env === undefined ? {} : { env: o.env }),
    exitProcess,
  };
  const pick = <T>(r: Readonly<Record<string, T>> | undefined): T | undefined => (r !== undefined && Object.prototype.hasOwnProperty.call(r, name) ? r[name] : undefined);
  if (kind === 'builder') {
    const b = pick(o.builders);
    if (b !== undefined) return servePacker({ builder: b, ...common });
  } else if (kind === 'provisioner') {
    const p = pick(o.provisioners);
    if (p !== undefined) return servePacker({ provisioner: p, ...common });
  } else if (kind === 'post-processor') {
    const p = pick(o.postProcessors);
    if (p !== undefined) return servePacker({ postProcessor: p, ...common });
  } else if (kind === 'datasource') {
    const d = pick(o.datasources);
    if (d !== undefined) return servePacker({ datasource: d, ...common });
  } else usage(`Unknown plugin type: ${kind}`, exitProcess);
  return usage(`no ${kind} named ${JSON.stringify(name)}`, exitProcess);
}
