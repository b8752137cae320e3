/**
 * `go-netrpc conformance rpc …` and `conformance rpc-iut …`: arguments, endpoints and reports of
 * the net/rpc suite (the shared kit's cli.ts dispatches here).
 */
import { writeFileSync } from 'node:fs';
import { ConformanceError } from '../errors.js';
import { type KitArgs, list, parseKitArgs } from '../args.js';
import { buildMatrix, failureList, matrixHtml } from '../matrix.js';
import { junitXml } from '../report-junit.js';
import { caseLine, sectionLine, summary } from '../report-text.js';
import { exitCodeOf, type RunReport } from '../types.js';
import { RPC_ADAPTERS, rpcAdapterNamed } from './adapters.js';
import { RPC_IUT_DUTY } from './duty.js';
import { type RpcEndpoint, connectEndpoint, execClientEndpoint, execServerEndpoint, listenEndpoint } from './endpoint.js';
import { FAULTS, isFault } from './faults.js';
import { runRpcIut } from './iut.js';
import { runRpcSuite, type Role } from './run.js';

export const RPC_USAGE = `  go-netrpc conformance rpc (--iut NAME | --connect HOST:PORT | --listen HOST:PORT | --exec CMD ARGS...)
        [--role server|client|both] [--cases 1,8.5] [--json] [--junit FILE] [--html FILE] [--verbose]
  go-netrpc conformance rpc --matrix NAME,NAME... [--json-out FILE] [--html FILE] [--failures-out DIR]
  go-netrpc conformance rpc-iut [--role server|client] [--listen HOST:PORT | --dial HOST:PORT] [--fault NAME]
rpc IUT adapters: ${RPC_ADAPTERS.map((a) => `${a.name} (${a.description})`).join('; ')}
Faults of rpc-iut (the kit's self-test): ${Object.keys(FAULTS).join(', ')}

${RPC_IUT_DUTY}`;

const VALUED = new Set(['--iut', '--connect', '--listen', '--dial', '--role', '--cases', '--junit', '--html', '--matrix', '--json-out', '--failures-out', '--fault']);
const BOOLS = new Set(['--json', '--verbose']);

type Args = KitArgs;

const parse = (args: readonly string[]): Args => parseKitArgs(args, VALUED, BOOLS);

function rolesOf(a: Args, fallback: 'server' | 'client' | 'both'): Role[] {
  const r = a.flags.get('--role') ?? fallback;
  if (r === 'both') return ['server', 'client'];
  if (r === 'server' || r === 'client') return [r];
  throw new ConformanceError('USAGE', `--role must be server, client or both, got ${JSON.stringify(r)}`);
}

/** Endpoints for the roles asked for (adapter, connect, listen or exec). */
async function endpointsFor(a: Args): Promise<{ iut: string; endpoints: Partial<Record<Role, RpcEndpoint>> }> {
  const name = a.flags.get('--iut');
  const exec = name !== undefined ? rpcAdapterNamed(name).argv() : a.exec;
  if (exec.length > 0) {
    const endpoints: Partial<Record<Role, RpcEndpoint>> = {};
    for (const role of rolesOf(a, name !== undefined ? 'both' : 'server')) endpoints[role] = role === 'server' ? await execServerEndpoint(exec) : await execClientEndpoint(exec);
    return { iut: name ?? exec.join(' '), endpoints };
  }
  const connect = a.flags.get('--connect');
  if (connect !== undefined) return { iut: connect, endpoints: { server: connectEndpoint(connect) } };
  const listen = a.flags.get('--listen');
  if (listen !== undefined) {
    const ep = await listenEndpoint(listen);
    process.stderr.write(`conformance: waiting for the IUT client to dial ${ep.address}\n`);
    return { iut: `client dialing ${ep.address}`, endpoints: { client: ep } };
  }
  throw new ConformanceError('USAGE', 'say how to reach the IUT: --iut NAME, --connect, --listen or --exec');
}

async function runOne(iut: string, endpoints: Partial<Record<Role, RpcEndpoint>>, a: Args, out: (s: string) => void): Promise<RunReport> {
  const verbose = a.bools.has('--verbose');
  const cases = list(a.flags.get('--cases'));
  const tty = process.stderr.isTTY === true;
  const clear = (): void => void (tty && process.stderr.write('\r\x1b[K'));
  try {
    return await runRpcSuite({
      iut,
      endpoints,
      ...(cases.length > 0 ? { only: cases } : {}),
      onCaseStart: (id, title) => void (tty && process.stderr.write(`\r\x1b[K  running ${id} ${title}`.slice(0, (process.stderr.columns || 80) + 4))),
      onCase: (r) => {
        clear();
        if (verbose) out(caseLine(r));
      },
      onSection: (id, title, rs) => {
        clear();
        out(sectionLine(id, title, rs));
      },
    });
  } finally {
    for (const ep of Object.values(endpoints)) await ep.close();
  }
}

function writeReport(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new ConformanceError('REPORT_FAILED', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** `conformance rpc-iut`: runs the go-netrpc IUT until killed. */
export async function runRpcIutCommand(args: readonly string[]): Promise<number> {
  const a = parse(args);
  const fault = a.flags.get('--fault');
  if (fault !== undefined && !isFault(fault)) throw new ConformanceError('USAGE', `unknown fault ${JSON.stringify(fault)}`);
  const role = a.flags.get('--role') ?? process.env['RPC_CONFORMANCE_ROLE'] ?? 'server';
  if (role !== 'server' && role !== 'client') throw new ConformanceError('USAGE', `--role must be server or client, got ${JSON.stringify(role)}`);
  const address = role === 'server' ? (a.flags.get('--listen') ?? process.env['RPC_CONFORMANCE_LISTEN']) : (a.flags.get('--dial') ?? process.env['RPC_CONFORMANCE_DIAL']);
  await runRpcIut({ role, ...(address === undefined ? {} : { address }), ...(fault === undefined ? {} : { fault }), announce: (l) => void process.stdout.write(`${l}\n`) });
  return 0;
}

/** `conformance rpc …`; resolves to the exit status. */
export async function runRpcConformance(args: readonly string[]): Promise<number> {
  const a = parse(args);
  const json = a.bools.has('--json');
  const out = (s: string): void => void (json ? process.stderr : process.stdout).write(`${s}\n`);
  const matrixNames = list(a.flags.get('--matrix'));
  if (matrixNames.length > 0) {
    const reports: RunReport[] = [];
    for (const n of matrixNames) {
      const ad = rpcAdapterNamed(n);
      out(`== ${ad.name}: ${ad.description}`);
      const endpoints: Partial<Record<Role, RpcEndpoint>> = {};
      for (const role of rolesOf(a, 'both')) endpoints[role] = role === 'server' ? await execServerEndpoint(ad.argv()) : await execClientEndpoint(ad.argv());
      const rep = await runOne(ad.name, endpoints, a, out);
      out(summary(rep));
      reports.push(rep);
    }
    const m = buildMatrix(reports);
    const jsonOut = a.flags.get('--json-out');
    if (jsonOut !== undefined) writeReport(jsonOut, `${JSON.stringify(m, null, 2)}\n`);
    const html = a.flags.get('--html');
    if (html !== undefined) writeReport(html, matrixHtml(m));
    const failuresDir = a.flags.get('--failures-out');
    if (failuresDir !== undefined) for (const i of m.iuts) writeReport(`${failuresDir}/${m.suite}-${i.name}-failures.txt`, failureList(m, i.name));
    if (json) process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
    return reports.some((r) => exitCodeOf(r.results) !== 0) ? 1 : 0;
  }
  const { iut, endpoints } = await endpointsFor(a);
  const rep = await runOne(iut, endpoints, a, out);
  out(summary(rep));
  const junit = a.flags.get('--junit');
  if (junit !== undefined) writeReport(junit, junitXml(rep));
  const html = a.flags.get('--html');
  if (html !== undefined) writeReport(html, matrixHtml(buildMatrix([rep])));
  if (json) process.stdout.write(`${JSON.stringify(rep, null, 2)}\n`);
  return exitCodeOf(rep.results);
}
