/**
 * Test helper: runs `conformance rpc` in-process against an adapter or a faulty go-netrpc IUT
 * (the kit's self-test). The roles run are those of the cases asked for (sections 1–6: server,
 * 7–9: client), both when no cases are given.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/conformance/matrix.js';
import { rpcAdapterNamed } from '../../src/conformance/rpc/adapters.js';
import { execClientEndpoint, execServerEndpoint, type RpcEndpoint } from '../../src/conformance/rpc/endpoint.js';
import type { Fault } from '../../src/conformance/rpc/faults.js';
import { CLIENT_SECTIONS, runRpcSuite, type Role } from '../../src/conformance/rpc/run.js';
import type { RunReport } from '../../src/conformance/types.js';
import { selfCli } from '../../src/conformance/yamux/adapters.js';
import { repoRoot } from '../helpers/go-peer.js';

/** The checked-in matrix, fixtures/conformance/rpc-matrix.json. */
export function loadRpcMatrix(): Matrix {
  return JSON.parse(readFileSync(join(repoRoot, 'fixtures/conformance/rpc-matrix.json'), 'utf8')) as Matrix;
}

export interface RpcKitRun {
  readonly adapter?: string;
  readonly fault?: Fault;
  readonly cases?: readonly string[];
}

const clientSections = new Set(CLIENT_SECTIONS.map((s) => s.id));

export function rolesFor(cases: readonly string[] | undefined): Role[] {
  if (cases === undefined) return ['server', 'client'];
  const client = cases.some((c) => clientSections.has(c.split('.')[0] as string));
  const server = cases.some((c) => !clientSections.has(c.split('.')[0] as string));
  return [...(server ? (['server'] as const) : []), ...(client ? (['client'] as const) : [])];
}

export async function runRpcKit(r: RpcKitRun): Promise<RunReport> {
  const name = r.adapter ?? 'go-netrpc';
  const argv = r.fault === undefined ? rpcAdapterNamed(name).argv() : [...selfCli(), 'conformance', 'rpc-iut', '--fault', r.fault];
  const endpoints: Partial<Record<Role, RpcEndpoint>> = {};
  try {
    for (const role of rolesFor(r.cases)) endpoints[role] = role === 'server' ? await execServerEndpoint(argv) : await execClientEndpoint(argv);
    return await runRpcSuite({
      iut: r.fault === undefined ? name : `go-netrpc --fault ${r.fault}`,
      endpoints,
      ...(r.cases === undefined ? {} : { only: r.cases }),
    });
  } finally {
    for (const ep of Object.values(endpoints)) await ep.close();
  }
}
