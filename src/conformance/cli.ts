/**
 * `go-netrpc conformance …`: argument parsing and output for the conformance kit.
 *
 *   conformance yamux (--iut NAME | --connect HOST:PORT | --listen HOST:PORT | --exec CMD…)
 *                     [--role server|client] [--caps LIST] [--time-scale F] [--cases IDS] [--json]
 *                     [--junit FILE] [--html FILE] [--verbose]
 *   conformance yamux --matrix NAME,NAME… [--role server,client] [--json-out FILE] [--html FILE]
 *                     [--failures-out DIR] [--time-scale F]
 *   conformance yamux-iut [--dial HOST:PORT | --listen HOST:PORT] [--role R] [--time-scale F] [--fault NAME]
 *   conformance gob … / gob-iut …  (gob filters: gob/cli.ts)
 *   conformance rpc … / rpc-iut …  (net/rpc: rpc/cli.ts)
 */
import { writeFileSync } from 'node:fs';
import { ConformanceError } from './errors.js';
import { type KitArgs, list, parseKitArgs } from './args.js';
import { buildMatrix, columnKey, failureList, matrixHtml } from './matrix.js';
import { caseLine, sectionLine, summary } from './report-text.js';
import { junitXml } from './report-junit.js';
import { exitCodeOf, type RunReport } from './types.js';
import { ADAPTERS, adapterNamed } from './yamux/adapters.js';
import { YAMUX_ROLES, type YamuxRole } from './yamux/context.js';
import { YAMUX_IUT_DUTY } from './yamux/duty.js';
import { type Endpoint, connectEndpoint, execEndpoint, listenEndpoint } from './yamux/endpoint.js';
import { FAULTS, isFault } from './yamux/faults.js';
import { runYamuxIut } from './yamux/iut.js';
import { runYamuxSuite } from './yamux/run.js';
import { RPC_USAGE, runRpcConformance, runRpcIutCommand } from './rpc/cli.js';

export const CONFORMANCE_USAGE = `usage:
  go-netrpc conformance yamux (--iut NAME | --connect HOST:PORT | --listen HOST:PORT | --exec CMD ARGS...)
        [--role server|client] [--caps open,timeouts] [--time-scale F] [--cases 1,3.4] [--json] [--junit FILE] [--html FILE] [--verbose]
  go-netrpc conformance yamux --matrix NAME,NAME... [--role server,client] [--time-scale F] [--json-out FILE] [--html FILE] [--failures-out DIR]
  go-netrpc conformance yamux-iut [--dial HOST:PORT | --listen HOST:PORT] [--role server|client] [--time-scale F] [--fault NAME]
  go-netrpc conformance gob ...   (gob filters: see go-netrpc conformance gob --help)
IUT adapters: ${ADAPTERS.map((a) => `${a.name} (${a.description})`).join('; ')}
Faults of yamux-iut (the kit's self-test): ${Object.keys(FAULTS).join(', ')}

${YAMUX_IUT_DUTY}

net/rpc:
${RPC_USAGE}`;

type Args = KitArgs;

const VALUED = new Set(['--role', '--iut', '--connect', '--listen', '--dial', '--caps', '--time-scale', '--cases', '--junit', '--html', '--matrix', '--json-out', '--failures-out', '--fault']);
const BOOLS = new Set(['--json', '--verbose', '--help', '-h']);

const parse = (args: readonly string[]): Args => parseKitArgs(args, VALUED, BOOLS);

function timeScaleOf(a: Args): number {
  const raw = a.flags.get('--time-scale') ?? process.env['YAMUX_CONFORMANCE_TIME_SCALE'] ?? '1';
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 10) throw new ConformanceError('USAGE', `--time-scale must be a number in (0, 10], got ${JSON.stringify(raw)}`);
  return s;
}

/** `--role` (or YAMUX_CONFORMANCE_ROLE): one role for a run, a list for `--matrix` (default both). */
function rolesOf(a: Args, matrix: boolean): YamuxRole[] {
  const raw = a.flags.get('--role') ?? process.env['YAMUX_CONFORMANCE_ROLE'];
  const roles = raw === undefined ? (matrix ? [...YAMUX_ROLES] : ['server']) : list(raw);
  const bad = roles.filter((r) => !(YAMUX_ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || bad.length > 0 || (!matrix && roles.length > 1)) throw new ConformanceError('USAGE', `--role must be ${matrix ? 'a list of ' : ''}${YAMUX_ROLES.join(' or ')}, got ${JSON.stringify(raw)}`);
  return roles as YamuxRole[];
}

async function runOne(iut: string, role: YamuxRole, endpoint: Endpoint, caps: readonly string[], a: Args, out: (s: string) => void, scale: number): Promise<RunReport> {
  const verbose = a.bools.has('--verbose');
  const cases = list(a.flags.get('--cases'));
  // Progress on a terminal: the running case on one self-erasing stderr line.
  const tty = process.stderr.isTTY === true;
  const clear = (): void => void (tty && process.stderr.write('\r\x1b[K'));
  try {
    return await runYamuxSuite({
      iut,
      role,
      endpoint,
      caps,
      timeScale: scale,
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
    await endpoint.close();
  }
}

/** Starts the IUT behind `a` (adapter, connect, listen or exec). */
async function endpointFor(a: Args, scale: number, role: YamuxRole): Promise<{ iut: string; endpoint: Endpoint; caps: string[] }> {
  const env = { YAMUX_CONFORMANCE_TIME_SCALE: String(scale), YAMUX_CONFORMANCE_ROLE: role };
  const declared = list(a.flags.get('--caps'));
  const name = a.flags.get('--iut');
  if (name !== undefined) {
    const ad = adapterNamed(name);
    return { iut: ad.name, endpoint: await execEndpoint(ad.argv(), env), caps: a.flags.has('--caps') ? declared : [...ad.caps] };
  }
  if (a.exec.length > 0) return { iut: a.exec.join(' '), endpoint: await execEndpoint(a.exec, env), caps: declared };
  const connect = a.flags.get('--connect');
  if (connect !== undefined) return { iut: connect, endpoint: connectEndpoint(connect), caps: declared };
  const listen = a.flags.get('--listen');
  if (listen !== undefined) {
    const ep = await listenEndpoint(listen);
    process.stderr.write(`conformance: waiting for the IUT to dial ${ep.address}\n`);
    return { iut: `dialer of ${ep.address}`, endpoint: ep, caps: declared };
  }
  throw new ConformanceError('USAGE', 'say how to reach the IUT: --iut NAME, --connect, --listen or --exec');
}

/** `go-netrpc conformance …`; resolves to the exit status. */
export async function runConformance(args: readonly string[]): Promise<number> {
  const [suite, ...rest] = args;
  try {
    if (suite === undefined || suite === '--help' || suite === '-h' || suite === 'help') {
      process.stdout.write(`${CONFORMANCE_USAGE}\n`);
      return suite === undefined ? 2 : 0;
    }
    if (suite === 'gob' || suite === 'gob-iut') return await (await import('./gob/cli.js')).runGobConformance(suite, rest);
    const own = rest.includes('--exec') ? rest.slice(0, rest.indexOf('--exec')) : rest;
    if (own.includes('--help') || own.includes('-h')) {
      process.stdout.write(`${CONFORMANCE_USAGE}\n`);
      return 0;
    }
    if (suite === 'rpc') return await runRpcConformance(rest);
    if (suite === 'rpc-iut') return await runRpcIutCommand(rest);
    const a = parse(rest);
    if (a.bools.has('--help') || a.bools.has('-h')) {
      process.stdout.write(`${CONFORMANCE_USAGE}\n`);
      return 0;
    }
    const scale = timeScaleOf(a);
    if (suite === 'yamux-iut') {
      const fault = a.flags.get('--fault');
      if (fault !== undefined && !isFault(fault)) throw new ConformanceError('USAGE', `unknown fault ${JSON.stringify(fault)}`);
      const dial = a.flags.get('--dial') ?? process.env['YAMUX_CONFORMANCE_DIAL'];
      const listen = a.flags.get('--listen') ?? process.env['YAMUX_CONFORMANCE_LISTEN'];
      await runYamuxIut({ timeScale: scale, role: rolesOf(a, false)[0] as YamuxRole, log: (l) => process.stderr.write(`${l}\n`), ...(dial === undefined ? {} : { dial }), ...(listen === undefined ? {} : { listen }), ...(fault === undefined ? {} : { fault }) });
      return 0;
    }
    if (suite !== 'yamux') throw new ConformanceError('USAGE', `unknown suite ${JSON.stringify(suite)} (available: yamux, yamux-iut, gob, gob-iut, rpc, rpc-iut)`);
    const json = a.bools.has('--json');
    // With --json the report owns stdout; progress goes to stderr.
    const out = (s: string): void => void (json ? process.stderr : process.stdout).write(`${s}\n`);
    const matrixNames = list(a.flags.get('--matrix'));
    if (matrixNames.length > 0) {
      const reports: RunReport[] = [];
      const roles = rolesOf(a, true);
      for (const n of matrixNames) {
        const ad = adapterNamed(n);
        const caps = a.flags.has('--caps') ? list(a.flags.get('--caps')) : [...ad.caps];
        for (const role of roles) {
          out(`== ${ad.name} (${role} role): ${ad.description}`);
          const rep = await runOne(ad.name, role, await execEndpoint(ad.argv(), { YAMUX_CONFORMANCE_TIME_SCALE: String(scale), YAMUX_CONFORMANCE_ROLE: role }), caps, a, out, scale);
          out(summary(rep));
          reports.push(rep);
        }
      }
      const m = buildMatrix(reports);
      const jsonOut = a.flags.get('--json-out');
      if (jsonOut !== undefined) writeReport(jsonOut, `${JSON.stringify(m, null, 2)}\n`);
      const html = a.flags.get('--html');
      if (html !== undefined) writeReport(html, matrixHtml(m));
      const failuresDir = a.flags.get('--failures-out');
      if (failuresDir !== undefined) for (const i of m.iuts) writeReport(`${failuresDir}/${m.suite}-${columnKey(i)}-failures.txt`, failureList(m, columnKey(i)));
      if (json) process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
      return 0;
    }
    const role = rolesOf(a, false)[0] as YamuxRole;
    const { iut, endpoint, caps } = await endpointFor(a, scale, role);
    const rep = await runOne(iut, role, endpoint, caps, a, out, scale);
    out(summary(rep));
    const junit = a.flags.get('--junit');
    if (junit !== undefined) writeReport(junit, junitXml(rep));
    const html = a.flags.get('--html');
    if (html !== undefined) writeReport(html, matrixHtml(buildMatrix([rep])));
    if (json) process.stdout.write(`${JSON.stringify(rep, null, 2)}\n`);
    return exitCodeOf(rep.results);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`go-netrpc: ${e.code ?? 'ERROR'}: ${e.message ?? String(err)}\n`);
    if (err instanceof ConformanceError && err.code === 'USAGE') {
      process.stderr.write(`${CONFORMANCE_USAGE.split('\n').slice(0, 4).join('\n')}\n`);
      return 2;
    }
    return 1;
  }
}

function writeReport(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new ConformanceError('REPORT_FAILED', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}
