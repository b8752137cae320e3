/**
 * IUT adapters selectable by name (`--iut NAME`): how to start each implementation and which
 * optional capabilities it declares. They live in a go-netrpc checkout: the hashicorp adapter is
 * the go-testbed program cmd/yamuxiut (hashicorp/yamux v0.1.2), yamux-js and chainsafe run the
 * devDependencies through scripts in test/conformance-kit/iut/, rust-yamux is the program of
 * go-testbed/rust-yamux-iut (built by the test setup with cargo). Every adapter takes both roles
 * (YAMUX_CONFORMANCE_ROLE).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConformanceError } from '../errors.js';

export interface Adapter {
  readonly name: string;
  readonly description: string;
  readonly caps: readonly string[];
  /** The command to spawn (it dials YAMUX_CONFORMANCE_DIAL). */
  argv(): string[];
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');

function need(path: string, hint: string): string {
  if (!existsSync(path)) throw new ConformanceError('IUT_UNAVAILABLE', `${path} is missing: ${hint}`);
  return path;
}

/** This package's own CLI (the running copy: TypeScript sources under tsx, or dist). */
export function selfCli(): string[] {
  const main = fileURLToPath(new URL(`../../cli/main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fromSource ? [process.execPath, '--import', 'tsx', main] : [process.execPath, main];
}

export const ADAPTERS: readonly Adapter[] = [
  {
    name: 'hashicorp',
    description: 'hashicorp/yamux v0.1.2 (go-testbed/cmd/yamuxiut), the reference',
    caps: ['open', 'timeouts'],
    argv: () => [need(`${root}go-testbed/bin/yamuxiut`, 'build it with `cd go-testbed && go build -o bin/ ./cmd/yamuxiut`')],
  },
  {
    name: 'go-netrpc',
    description: 'go-netrpc/yamux (this package, `go-netrpc conformance yamux-iut`)',
    caps: ['open', 'timeouts'],
    argv: () => [...selfCli(), 'conformance', 'yamux-iut'],
  },
  {
    name: 'yamux-js',
    description: 'yamux-js 0.2.0 from npm (test/conformance-kit/iut/yamux-js-iut.mjs)',
    caps: ['open', 'timeouts'],
    argv: () => [process.execPath, need(`${root}test/conformance-kit/iut/yamux-js-iut.mjs`, 'the yamux-js adapter runs from a go-netrpc checkout with devDependencies installed')],
  },
  {
    name: 'chainsafe',
    description: '@chainsafe/libp2p-yamux 7.0.4 from npm, js-libp2p\'s yamux (test/conformance-kit/iut/chainsafe-iut.mjs); it has keepalive but no StreamOpen/CloseTimeout, so only `open` is declared',
    caps: ['open'],
    argv: () => [process.execPath, need(`${root}test/conformance-kit/iut/chainsafe-iut.mjs`, 'the chainsafe adapter runs from a go-netrpc checkout with devDependencies installed')],
  },
  {
    name: 'rust-yamux',
    description: 'the Rust yamux crate 0.14.1 (go-testbed/rust-yamux-iut); it has no keepalive or stream timeouts, so only `open` is declared',
    caps: ['open'],
    argv: () => [need(`${root}go-testbed/bin/rust-yamux-iut`, 'build it with `cargo build --release --manifest-path go-testbed/rust-yamux-iut/Cargo.toml` and copy target/release/rust-yamux-iut to go-testbed/bin/ (the test setup does both)')],
  },
];

export function adapterNamed(name: string): Adapter {
  const a = ADAPTERS.find((x) => x.name === name);
  if (a === undefined) throw new ConformanceError('USAGE', `unknown IUT adapter ${JSON.stringify(name)}; known: ${ADAPTERS.map((x) => x.name).join(', ')}`);
  return a;
}
