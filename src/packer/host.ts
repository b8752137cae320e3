/**
 * Running a Go (or any) Packer plugin from Node, as Packer's core does (packer/plugin/client.go
 * in v1.6.6): start the command with the magic cookie and port range in its environment, read
 * the handshake line (1 min start timeout), dial the socket, open a yamux client session with
 * the broker, and dial broker id 0 for the component's RPC. `close()` SIGKILLs the plugin, as
 * Packer does (no GoAway).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { DEFAULT_DIALECT, type MsgpackDialect } from '../msgpack/index.js';
import { createClient as createYamuxClient } from '../yamux/index.js';
import { BuilderClient } from './builder-client.js';
import { DatasourceClient } from './datasource-client.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from './constants.js';
import { PackerError } from './errors.js';
import { parsePackerHandshake, type PackerHandshake } from './handshake.js';
import { log } from './log.js';
import { PostProcessorClient, ProvisionerClient } from './component-clients.js';
import { PackerSession } from './session.js';

/** Options of {@link PackerPluginClient.start}. */
export interface PackerPluginOptions {
  /** Program and arguments, e.g. `['packer', 'plugin', 'packer-builder-null']`. */
  readonly command: readonly [string, ...string[]];
  /** Extra environment (added to process.env, then Packer's variables). */
  readonly env?: NodeJS.ProcessEnv;
  /** Handshake wait (Packer: 1 min). */
  readonly startTimeoutMs?: number;
  /** Msgpack dialect this host writes (default `ugorji-1.2`, as Packer 1.6.6). */
  readonly dialect?: MsgpackDialect;
  /** Where the plugin's stderr goes (default: discarded after the handshake, kept for errors). */
  readonly onStderr?: (line: string) => void;
}

/** Default {@link PackerPluginOptions.startTimeoutMs}. */
export const DEFAULT_PACKER_START_TIMEOUT_MS = 60_000;

/** A started plugin process with its connection. */
export class PackerPluginClient {
  private constructor(
    readonly handshake: PackerHandshake,
    private readonly child: ChildProcess,
    private readonly session: PackerSession,
  ) {}

  /** Starts the plugin and connects to it. Rejects with PackerError PLUGIN_EXITED | PROTOCOL. */
  static async start(options: PackerPluginOptions): Promise<PackerPluginClient> {
    const [cmd, ...args] = options.command;
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...options.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PACKER_PLUGIN_MIN_PORT: '10000',
        PACKER_PLUGIN_MAX_PORT: '25000',
        PACKER_RUN_UUID: options.env?.['PACKER_RUN_UUID'] ?? randomUUID(),
      },
    });
    const stderr: string[] = [];
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => {
      if (stderr.length < 50) stderr.push(l);
      options.onStderr?.(l);
    });
    let hs: PackerHandshake;
    try {
      hs = parsePackerHandshake(await firstLine(child, options.startTimeoutMs ?? DEFAULT_PACKER_START_TIMEOUT_MS, stderr));
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    const socket = net.connect(hs.address);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (e) => reject(new PackerError('PROTOCOL', `dial ${hs.address}: ${e.message}`, { cause: e })));
    });
    const session = new PackerSession(createYamuxClient(socket), options.dialect ?? DEFAULT_DIALECT);
    return new PackerPluginClient(hs, child, session);
  }

  /** The plugin as a builder (Go `Client.Builder()`). */
  async builder(): Promise<BuilderClient> {
    return new BuilderClient(this.session, await this.session.client(0));
  }

  /** The plugin as a provisioner. */
  async provisioner(): Promise<ProvisionerClient> {
    return new ProvisionerClient(this.session, await this.session.client(0));
  }

  /** The plugin as a post-processor. */
  async postProcessor(): Promise<PostProcessorClient> {
    return new PostProcessorClient(this.session, await this.session.client(0));
  }

  /** The plugin as a datasource (Packer ≥ 1.7). */
  async datasource(): Promise<DatasourceClient> {
    return new DatasourceClient(await this.session.client(0));
  }

  /** Kills the plugin (SIGKILL, as Packer) and closes the connection. */
  async close(): Promise<void> {
    this.session.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}

function firstLine(child: ChildProcess, timeoutMs: number, stderr: readonly string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => done(new PackerError('PLUGIN_EXITED', 'timeout while waiting for plugin to start')), timeoutMs);
    timer.unref();
    // 'close', not 'exit': it comes after the plugin's stdio has ended, so every stderr line it
    // wrote has been read (as the plugin layer's process.ts settles a child's exit).
    const onExit = (): void => done(new PackerError('PLUGIN_EXITED', `plugin exited before we could connect${stderr.length > 0 ? `: ${stderr.join('\n')}` : ''}`));
    const onError = (e: Error): void => done(new PackerError('PLUGIN_EXITED', `cannot start plugin: ${e.message}`, { cause: e }));
    let settled = false;
    function done(result: string | Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('close', onExit);
      child.off('error', onError);
      rl.removeAllListeners('line');
      if (typeof result === 'string') {
        // Packer drains (and logs) later stdout lines.
        rl.on('line', (l) => log('plugin stdout: %s', l));
        resolve(result);
      } else reject(result);
    }
    rl.once('line', (l) => done(l));
    child.once('close', onExit);
    child.once('error', onError);
  });
}
