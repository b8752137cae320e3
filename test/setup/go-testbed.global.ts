/**
 * vitest globalSetup: builds every go-testbed program once into go-testbed/bin, and the
 * package itself into dist/ (so the `go-netrpc` bin is tested as users run it).
 *
 * A missing Go toolchain fails the run: conformance tests never skip silently.
 *
 * Development shortcuts (never set in CI): GO_TESTBED_CMDS=yamuxpeer,rpcpeer builds only those
 * programs; GONETRPC_SKIP_DIST=1 skips building dist/.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(cmd: string, args: string[], cwd: string): void {
  try {
    execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`go-netrpc test setup: \`${cmd} ${args.join(' ')}\` failed in ${cwd}: ${why}`);
  }
}

export default function setup(): void {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'go-netrpc test setup: the Go toolchain (`go`) is not on PATH. The conformance tests run ' +
        'real Go peers from go-testbed/ and never skip; install Go >= 1.22 and run `npm test` again.',
    );
  }
  const only = process.env['GO_TESTBED_CMDS'];
  const isPacker = (c: string): boolean => /packer|msgpack/.test(c);
  const pkgs = only ? only.split(',').filter((c) => !isPacker(c)).map((c) => `./cmd/${c.trim()}`) : ['./cmd/...'];
  if (pkgs.length > 0) run('go', ['build', '-o', 'bin/', ...pkgs], `${root}go-testbed`);
  // Packer peers live in their own modules (ugorji 1.2 / packer-plugin-sdk, and the 2015 ugorji).
  if (!only || only.split(',').some(isPacker)) {
    run('go', ['build', '-o', '../bin/', './cmd/...'], `${root}go-testbed/packer-sdk`);
    run('sh', ['build.sh'], `${root}go-testbed/packer-legacy`);
  }
  if (process.env['GONETRPC_SKIP_DIST'] !== '1') {
    run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], root);
  }
}
