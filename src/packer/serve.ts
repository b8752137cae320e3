/**
 * `servePacker()`: run this Node process as a Packer plugin (packer-plugin-sdk plugin/server.go
 * `Server` + rpc/server.go `NewServer`, as in hashicorp/packer v1.6.6, and the SDK's 4-field
 * handshake). Order, as Go: magic-cookie check (Go's text on stderr, exit 1), listen on a unix
 * socket `$TMPDIR/packer-plugin<random>`, print the handshake line (`5|unix|PATH` for Packer ≤ 1.6,
 * `5|0|unix|PATH` for the SDK protocol) as the only write to stdout, accept exactly one
 * connection, ignore SIGINT/SIGTERM (Packer forwards cancellation as an RPC), and serve the
 * component on broker id 0 of a yamux server session.
 *
 * Deviation from Go: on Windows Go listens on TCP in PACKER_PLUGIN_MIN_PORT…MAX_PORT; this
 * serves unix sockets only (Node supports them on Windows 10+, but Packer would not dial one).
 */
import { randomInt } from 'node:crypto';
import { rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DIALECT, type MsgpackDialect } from '../msgpack/index.js';
import { createServer as createYamuxServer } from '../yamux/index.js';
import { API_MINOR_VERSION, API_VERSION, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, MANUALLY_STARTED_TEXT } from './constants.js';
import { builderService, type Builder } from './builder.js';
import { PackerError } from './errors.js';
import { log } from './log.js';
import { postProcessorService, type PostProcessor } from './post-processor.js';
import { datasourceService, type Datasource } from './datasource.js';
import { provisionerService, type Provisioner } from './provisioner.js';
import { PackerSession } from './session.js';

/** Exactly one component (Go: one `Register…` per served plugin). */
export type PackerComponent =
  | { readonly builder: Builder }
  | { readonly provisioner: Provisioner }
  | { readonly postProcessor: PostProcessor }
  | { readonly datasource: Datasource };

/** Options of {@link servePacker}. */
export type ServePackerOptions = PackerComponent & {
  /** `legacy`: `5|unix|PATH` (Packer ≤ 1.6, the default); `sdk`: `5|0|unix|PATH` (Packer ≥ 1.7). */
  readonly protocol?: 'legacy' | 'sdk';
  /** Msgpack dialect written (default `ugorji-1.2`, what Packer 1.6.6 itself writes). */
  readonly dialect?: MsgpackDialect;
  /** Environment to read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Exit the process when Packer disconnects or when started by hand (default true). */
  readonly exitProcess?: boolean;
};

/** A plugin being served. */
export interface ServedPacker {
  readonly address: string;
  /** Resolves when Packer has disconnected. */
  readonly done: Promise<void>;
}

function unixSocketPath(env: NodeJS.ProcessEnv): string {
  const dir = env['TMPDIR'] !== undefined && env['TMPDIR'] !== '' ? env['TMPDIR'] : tmpdir();
  return join(dir, `packer-plugin${randomInt(1e9, 1e10)}`);
}

/** Serves one Packer component from this process (see the file header). */
export async function servePacker(options: ServePackerOptions): Promise<ServedPacker> {
  const env = options.env ?? process.env;
  const exitProcess = options.exitProcess ?? true;
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    if (exitProcess) {
      writeSync(2, `${MANUALLY_STARTED_TEXT}\n`);
      process.exit(1);
    }
    throw new PackerError('NOT_STARTED_BY_PACKER', MANUALLY_STARTED_TEXT);
  }
  const dialect = options.dialect ?? DEFAULT_DIALECT;
  const path = unixSocketPath(env);
  const listener = net.createServer();
  await new Promise<void>((resolve, reject) => {
    listener.once('error', (err) => reject(new PackerError('INVALID_ARGUMENT', `listen on ${path}: ${err.message}`, { cause: err })));
    listener.listen(path, resolve);
  });
  const line = options.protocol === 'sdk' ? `${API_VERSION}|${API_MINOR_VERSION}|unix|${path}\n` : `${API_VERSION}|unix|${path}\n`;
  writeSync(1, line);
  // Go's plugins count and ignore interrupts: Packer cancels through Builder.Cancel.
  const ignore = (): void => log('received an interrupt signal; ignoring');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);

  const done = new Promise<void>((resolve) => {
    listener.once('connection', (socket) => {
      listener.close();
      rmSync(path, { force: true });
      const yamux = createYamuxServer(socket);
      const session = new PackerSession(yamux, dialect);
      const component =
        'builder' in options
          ? builderService(options.builder, session)
          : 'provisioner' in options
            ? provisionerService(options.provisioner, session)
            : 'datasource' in options
              ? datasourceService(options.datasource)
              : postProcessorService(options.postProcessor, session);
      session.serve(0, () => [component]).then(
        () => log('main rpc stream ended'),
        (err: unknown) => log('main rpc stream failed: %s', err instanceof Error ? err.message : String(err)),
      );
      socket.once('close', () => {
        session.close();
        resolve();
        if (exitProcess) process.exit(0);
      });
    });
  });
  return { address: path, done };
}
