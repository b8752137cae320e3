/**
 * `go-netrpc conformance gob …` and `conformance gob-iut`: argument parsing and output of the
 * gob suite (the reports are the kit's shared ones).
 */
import { writeFileSync } from 'node:fs';
import { ConformanceError } from '../errors.js';
import { type KitArgs, list, parseKitArgs } from '../args.js';
import { buildMatrix, failureList, matrixHtml } from '../matrix.js';
import { caseLine, sectionLine, summary } from '../report-text.js';
import { junitXml } from '../report-junit.js';
import { exitCodeOf, type RunReport } from '../types.js';
import { GOB_ADAPTERS, gobAdapterNamed } from './adapters.js';
import { GOB_IUT_DUTY } from './duty.js';
import { GOB_FAULTS, isGobFault } from './faults.js';
import { runGobIut } from './iut.js';
import type { GobMode } from './judge.js';
import { runGobSuite } from './run.js';

export const GOB_USAGE = `usage:
  go-netrpc conformance gob (--iut NAME | --exec CMD ARGS...) [--mode bytes|json] [--caps typed]
        [--time-scale F] [--jobs N] [--cases 1,7.3] [--json] [--junit FILE] [--html FILE] [--verbose]
  go-netrpc conformance gob --matrix NAME,NAME... [--mode M] [--time-scale F] [--json-out FILE] [--html FILE] [--failures-out DIR]
  go-netrpc conformance gob-iut [--fault NAME]
IUT adapters: ${GOB_ADAPTERS.map((a) => `${a.name} (${a.description})`).join('; ')}
Faults of gob-iut (the kit's self-test): ${Object.keys(GOB_FAULTS).join(', ')}

${GOB_IUT_DUTY}`;

const VALUED = new Set(['--jobs', '--iut', '--mode', '--caps', '--time-scale', '--cases', '--junit', '--html', '--matrix', '--json-out', '--failures-out', '--fault']);
const BOOLS = new Set(['--json', '--verbose', '--help', '-h']);

type Args = KitArgs;

const parse = (args: readonly string[]): Args => parseKitArgs(args, VALUED, BOOLS);

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new ConformanceError('REPORT_FAILED', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}

async function runOne(iut: string, argv: string[], caps: readonly string[], mode: GobMode, scale: number, a: Args, out: (s: string) => void): Promise<RunReport> {
  const cases = list(a.flags.get('--cases'));
  const tty = process.stderr.isTTY === true;
  const clear = (): void => void (tty && process.stderr.write('\r\x1b[K'));
  const jobs = Number(a.flags.get('--jobs') ?? '2');
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new ConformanceError('USAGE', `--jobs must be an integer in [1, 16], got ${JSON.stringify(a.flags.get('--jobs'))}`);
  return runGobSuite({
    iut,
    jobs,
    argv,
    caps,
    mode,
    timeScale: scale,
    ...(cases.length > 0 ? { only: cases } : {}),
    onCaseStart: (id, title) => void (tty && process.stderr.write(`\r\x1b[K  running ${id} ${title}`.slice(0, (process.stderr.columns || 80) + 4))),
    onCase: (r) => {
      clear();
      if (a.bools.has('--verbose')) out(caseLine(r));
    },
    onSection: (id, title, rs) => {
      clear();
      out(sectionLine(id, title, rs));
    },
  });
}

/** `go-netrpc conformance gob|gob-iut ARGS`; resolves to the exit status. */
export async function runGobConformance(suite: 'gob' | 'gob-iut', args: readonly string[]): Promise<number> {
  const a = parse(args);
  if (a.bools.has('--help') || a.bools.has('-h')) {
    process.stdout.write(`${GOB_USAGE}\n`);
    return 0;
  }
  if (suite === 'gob-iut') {
    const fault = a.flags.get('--fault');
    if (fault !== undefined && !isGobFault(fault)) throw new ConformanceError('USAGE', `unknown fault ${JSON.stringify(fault)}; known: ${Object.keys(GOB_FAULTS).join(', ')}`);
    return runGobIut(process.stdin, process.stdout, (l) => process.stderr.write(`${l}\n`), fault);
  }
  const rawScale = a.flags.get('--time-scale') ?? '1';
  const scale = Number(rawScale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) throw new ConformanceError('USAGE', `--time-scale must be a number in (0, 10], got ${JSON.stringify(rawScale)}`);
  const mode = a.flags.get('--mode') ?? 'bytes';
  if (mode !== 'bytes' && mode !== 'json') throw new ConformanceError('USAGE', `--mode must be bytes or json, got ${JSON.stringify(mode)}`);
  const json = a.bools.has('--json');
  const out = (s: string): void => void (json ? process.stderr : process.stdout).write(`${s}\n`);
  const declared = a.flags.has('--caps') ? list(a.flags.get('--caps')) : undefined;
  const matrixNames = list(a.flags.get('--matrix'));
  if (matrixNames.length > 0) {
    const reports: RunReport[] = [];
    for (const n of matrixNames) {
      const ad = gobAdapterNamed(n);
      out(`== ${ad.name}: ${ad.description}`);
      const rep = await runOne(ad.name, ad.argv(mode), declared ?? ad.caps, mode, scale, a, out);
      out(summary(rep));
      reports.push(rep);
    }
    const m = buildMatrix(reports);
    const jsonOut = a.flags.get('--json-out');
    if (jsonOut !== undefined) write(jsonOut, `${JSON.stringify(m, null, 2)}\n`);
    const html = a.flags.get('--html');
    if (html !== undefined) write(html, matrixHtml(m));
    const dir = a.flags.get('--failures-out');
    if (dir !== undefined) for (const i of m.iuts) write(`${dir}/${m.suite}-${i.name}-failures.txt`, failureList(m, i.name));
    if (json) process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
    return 0;
  }
  const name = a.flags.get('--iut');
  let iut: string;
  let argv: string[];
  let caps: readonly string[];
  if (name !== undefined) {
    const ad = gobAdapterNamed(name);
    [iut, argv, caps] = [ad.name, ad.argv(mode), declared ?? ad.caps];
  } else if (a.exec.length > 0) {
    [iut, argv, caps] = [a.exec.join(' '), a.exec, declared ?? []];
  } else throw new ConformanceError('USAGE', 'say which IUT to test: --iut NAME or --exec CMD ARGS...');
  const rep = await runOne(iut, argv, caps, mode, scale, a, out);
  out(summary(rep));
  const junit = a.flags.get('--junit');
  if (junit !== undefined) write(junit, junitXml(rep));
  const html = a.flags.get('--html');
  if (html !== undefined) write(html, matrixHtml(buildMatrix([rep])));
  if (json) process.stdout.write(`${JSON.stringify(rep, null, 2)}\n`);
  return exitCodeOf(rep.results);
}
