/**
 * IUT adapters of `conformance rpc` selectable by name (`--iut NAME`): `go` is Go's own net/rpc
 * (go-testbed/cmd/rpciut, the reference), `go-netrpc` is this package (`go-netrpc conformance
 * rpc-iut`). Both serve both roles; the role is passed in RPC_CONFORMANCE_ROLE.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConformanceError } from '../errors.js';
import { selfCli } from '../yamux/adapters.js';

export interface RpcAdapter {
  readonly name: string;
  readonly description: string;
  /** The command to spawn for either role. */
  argv(): string[];
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

export const RPC_ADAPTERS: readonly RpcAdapter[] = [
  {
    name: 'go',
    description: 'Go net/rpc (go-testbed/cmd/rpciut), the reference',
    argv: () => {
      const bin = `${root}go-testbed/bin/rpciut`;
      if (!existsSync(bin)) throw new ConformanceError('IUT_UNAVAILABLE', `${bin} is missing: build it with \`cd go-testbed && go build -o bin/ ./cmd/rpciut\``);
      return [bin];
    },
  },
  {
    name: 'go-netrpc',
    description: 'go-netrpc/rpc (this package, `go-netrpc conformance rpc-iut`)',
    argv: () => [...selfCli(), 'conformance', 'rpc-iut'],
  },
];

export function rpcAdapterNamed(name: string): RpcAdapter {
  const a = RPC_ADAPTERS.find((x) => x.name === name);
  if (a === undefined) throw new ConformanceError('USAGE', `unknown rpc IUT adapter ${JSON.stringify(name)}; known: ${RPC_ADAPTERS.map((x) => x.name).join(', ')}`);
  return a;
}
