/**
 * Packer's Communicator as a client (packer-plugin-sdk rpc/communicator.go `communicator`): what
 * a TS provisioner uses to reach the machine being built through the host. Each call allocates
 * broker ids, accepts the host's dial of them in the background (raw streams: command
 * stdin/stdout/stderr, file contents), and reads the command's exit status as one gob
 * `CommandFinished` from the response stream.
 */
import type { Duplex, Readable, Writable } from 'node:stream';
import * as gob from '../gob/index.js';
import { writeWithBackpressure } from '../internal/duplex.js';
import { Endpoint } from './constants.js';
import { CommandFinished, DownloadArgs, StartArgs, UploadArgs } from './communicator.js';
import { PackerError } from './errors.js';
import { log } from './log.js';
import type { MsgpackRpcClient } from './rpc.js';
import type { PackerSession } from './session.js';
import { Nothing } from './wire-types.js';

/** What {@link CommunicatorClient.start} runs. */
export interface StartOptions {
  readonly command: string;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** Reads one gob CommandFinished from a stream. */
function readExitStatus(s: Duplex): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const dec = new gob.Decoder();
    let done = false;
    s.on('data', (c: Buffer) => {
      if (done) return;
      try {
        dec.push(c);
        const v = dec.decode(CommandFinished);
        if (v !== gob.NEED_MORE) {
          done = true;
          resolve(v.ExitStatus);
        }
      } catch (err) {
        done = true;
        reject(new PackerError('PROTOCOL', `bad CommandFinished: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      }
    });
    s.once('close', () => {
      if (!done) reject(new PackerError('PROTOCOL', 'the command ended without an exit status'));
    });
  });
}

/**
 * A brokered data stream the host may reset at any time (a Node host that iterates an upload
 * with `for await` destroys it, which yamux sends as RST): as in Go, where the copy goroutine only
 * logs, a stream error is logged and the RPC's reply decides the outcome; it must never become
 * an unhandled 'error' event that ends the plugin process.
 */
function tolerant(s: Duplex, what: string): Duplex {
  s.on('error', (err: Error) => log('%s stream: %s', what, err.message));
  return s;
}

/** Copies a brokered stream into `to` (without ending `to`), resolving at the stream's end. */
function drainInto(s: Duplex, to: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    tolerant(s, 'command output');
    s.pipe(to, { end: false });
    s.once('end', resolve);
    s.once('close', resolve);
  });
}

/** The host's Communicator, reached over RPC. */
export class CommunicatorClient {
  constructor(
    private readonly session: PackerSession,
    private readonly rpc: MsgpackRpcClient,
  ) {}

  /** Runs a command on the machine; resolves with its exit status once its output has arrived. */
  async start(o: StartOptions): Promise<number> {
    const b = this.session.broker;
    const ids = { stdin: o.stdin === undefined ? 0 : b.nextId(), stdout: o.stdout === undefined ? 0 : b.nextId(), stderr: o.stderr === undefined ? 0 : b.nextId(), response: b.nextId() };
    const copies: Promise<void>[] = [];
    if (o.stdin !== undefined) {
      const src = o.stdin;
      copies.push(
        b.accept(ids.stdin).then(
          (s) =>
            new Promise<void>((resolve) => {
              tolerant(s, 'command input');
              src.pipe(s).once('finish', resolve).once('close', resolve);
            }),
        ),
      );
    }
    if (o.stdout !== undefined) {
      const to = o.stdout;
      copies.push(b.accept(ids.stdout).then((s) => drainInto(s, to)));
    }
    if (o.stderr !== undefined) {
      const to = o.stderr;
      copies.push(b.accept(ids.stderr).then((s) => drainInto(s, to)));
    }
    const status = b.accept(ids.response).then(readExitStatus);
    status.catch(() => undefined);
    await this.rpc.call(`${Endpoint.Communicator}.Start`, StartArgs, { Command: o.command, StdinStreamId: ids.stdin, StdoutStreamId: ids.stdout, StderrStreamId: ids.stderr, ResponseStreamId: ids.response }, Nothing);
    const code = await status;
    await Promise.all(copies);
    return code;
  }

  /**
   * Stores `data` at `path` on the machine. Sends no file info (Go: `Upload(path, r, nil)`): a
   * 2015-dialect `time.Time` (15-byte bin) is rejected by ugorji 1.2 hosts such as Packer 1.6.6.
   */
  async upload(path: string, data: Uint8Array): Promise<void> {
    const id = this.session.broker.nextId();
    const sending = this.session.broker.accept(id).then(async (s) => {
      tolerant(s, 'upload');
      await writeWithBackpressure(s, data);
      await new Promise<void>((resolve) => s.end(resolve));
    });
    sending.catch(() => undefined);
    await this.rpc.call(`${Endpoint.Communicator}.Upload`, UploadArgs, { Path: path, ReaderStreamId: id, FileInfo: null }, Nothing);
    await sending;
  }

  /** Reads `path` from the machine. */
  async download(path: string): Promise<Uint8Array> {
    const id = this.session.broker.nextId();
    const receiving = this.session.broker.accept(id).then(
      (s) =>
        new Promise<Uint8Array>((resolve, reject) => {
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.once('end', () => resolve(Buffer.concat(chunks)));
          s.once('error', reject);
        }),
    );
    receiving.catch(() => undefined);
    await this.rpc.call(`${Endpoint.Communicator}.Download`, DownloadArgs, { Path: path, WriterStreamId: id }, Nothing);
    return receiving;
  }
}
