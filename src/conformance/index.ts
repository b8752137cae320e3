/**
 * go-netrpc's conformance kit (`go-netrpc conformance`), entered by the CLI through this file:
 * case catalogue, runner and reports live beside it (cli.ts, runner.ts, matrix.ts, report-*.ts).
 */
export { runConformance } from './cli.js';
