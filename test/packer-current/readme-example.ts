/**
 * The README's "current Packer" example, as a user follows it: the ```ts block that serves
 * `packer-plugin-hello` (run by hand it writes the install script and prints the `packer plugins
 * install --path` command) and the ```hcl template after it. run.ts installs and builds them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/go-peer.js';
import { tsBlocks } from '../helpers/readme-blocks.js';

/** The plugin program (imports of `go-netrpc/…` pointed at the sources) and the template. */
export function readmeExample(): { program: string; template: string } {
  const md = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = tsBlocks(md).find((b) => b.code.includes('servePackerSet(') && b.code.includes('packer plugins install --path'));
  const hcl = /```hcl\n([\s\S]*?)```/.exec(md.slice(md.indexOf(block?.code ?? '\u0000')));
  if (block === undefined || hcl === null) throw new Error("README.md has no current-Packer example (a ```ts block with servePackerSet and `packer plugins install --path`, then a ```hcl block)");
  const program = block.code.replace(/(from\s+)(['"])go-netrpc\/([a-z]+)\2/g, (_m, pre: string, q: string, sub: string) => `${pre}${q}${pathToFileURL(join(repoRoot, 'src', sub, 'index.ts')).href}${q}`);
  return { program, template: hcl[1] ?? '' };
}
