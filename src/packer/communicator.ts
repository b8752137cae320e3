/**
 * Packer's Communicator served by a TS component (packer-plugin-sdk rpc/communicator.go
 * `CommunicatorServer`): what a builder hands to `packer_provision` so that Packer's
 * provisioners (shell, file, …) can run commands and move files. Command I/O and file contents
 * travel on raw brokered streams whose ids come in the RPC arguments; a command's exit status
 * comes back as one gob `CommandFinished{ExitStatus int}` on its response stream.
 */
import type { Duplex, Readable, Writable } from 'node:stream';
import * as gob from '../gob/index.js';
import * as mp from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { Endpoint } from './constants.js';
import { log } from './log.js';
import { mpMethod, msgpackService } from './rpc.js';
import type { PackerSession } from './session.js';
import { ErrorValue, Nothing } from './wire-types.js';

/** rpc.fileInfo. */
export const FileInfo = mp.struct('fileInfo', { N: mp.string, S: mp.int64, M: mp.fileMode, T: mp.time });
export const StartArgs = mp.struct('CommunicatorStartArgs', {
  Command: mp.string,
  StdinStreamId: mp.uint32,
  StdoutStreamId: mp.uint32,
  StderrStreamId: mp.uint32,
  ResponseStreamId: mp.uint32,
});
export const UploadArgs = mp.struct('CommunicatorUploadArgs', { Path: mp.string, ReaderStreamId: mp.uint32, FileInfo: mp.ptr(FileInfo) });
export const DownloadArgs = mp.struct('CommunicatorDownloadArgs', { Path: mp.string, WriterStreamId: mp.uint32 });
const DirArgs = mp.struct('CommunicatorUploadDirArgs', { Dst: mp.string, Src: mp.string, Exclude: mp.slice(mp.string) });
/** rpc.CommandFinished, gob-encoded on the response stream. */
export const CommandFinished = gob.struct('CommandFinished', { ExitStatus: gob.int }, { pkgPath: 'github.com/hashicorp/packer/packer-plugin-sdk/rpc' });

/** A remote command as the communicator runs it (Go `packersdk.RemoteCmd`). */
export interface RemoteCommand {
  readonly command: string;
  /** Input for the command (absent: none). */
  readonly stdin: Readable | null;
  /** Where its output goes (absent: discard). */
  readonly stdout: Writable | null;
  readonly stderr: Writable | null;
}

/** File metadata Packer sends with an upload (Go `os.FileInfo` as rpc.fileInfo). */
export interface UploadFileInfo {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
}

/** A way to run commands and move files on the machine being built (Go `packersdk.Communicator`). */
export interface Communicator {
  /** Runs `cmd` to completion; resolves with its exit status. */
  start(cmd: RemoteCommand): Promise<number>;
  /** Writes `data` to `path`. Resolve when all of it is stored. */
  upload(path: string, data: Readable, fileInfo: UploadFileInfo | null): Promise<void>;
  /** Writes the contents of `path` to `out` (the library ends `out` afterwards). */
  download(path: string, out: Writable): Promise<void>;
  uploadDir(dst: string, src: string, exclude: readonly string[]): Promise<void>;
  downloadDir(src: string, dst: string, exclude: readonly string[]): Promise<void>;
}

/** Ends a brokered stream the Go way (FIN once written, then release). */
function finish(s: Duplex): Promise<void> {
  return new Promise<void>((resolve) => {
    if (s.destroyed || s.writableEnded) {
      resolve();
      return;
    }
    s.end(() => resolve());
    s.once('error', () => resolve());
  });
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The `Communicator` service for `c`, with its streams on `session`'s broker. */
export function communicatorService(c: Communicator, session: PackerSession): MsgpackServiceDefinition {
  return msgpackService(Endpoint.Communicator, {
    Start: mpMethod(StartArgs, Nothing, async (a) => {
      const dial = (id: number): Promise<Duplex | null> => (id > 0 ? session.broker.dial(id) : Promise.resolve(null));
      const [stdin, stdout, stderr] = await Promise.all([dial(a.StdinStreamId), dial(a.StdoutStreamId), dial(a.StderrStreamId)]);
      const response = await session.broker.dial(a.ResponseStreamId);
      // Go returns once the command started and reports its end on the response stream.
      void (async () => {
        let status = 1;
        try {
          status = await c.start({ command: a.Command, stdin, stdout, stderr });
        } catch (err) {
          log('communicator start %s failed: %s', a.Command, message(err));
        }
        await Promise.all([stdout, stderr].map((s) => (s === null ? undefined : finish(s))));
        response.write(new gob.Encoder().encode({ ExitStatus: status }, CommandFinished));
        await finish(response);
        stdin?.destroy();
      })();
      return null;
    }),
    Upload: mpMethod(UploadArgs, Nothing, async (a) => {
      const reader = await session.broker.dial(a.ReaderStreamId);
      try {
        const fi = a.FileInfo === null ? null : { name: a.FileInfo.N, size: Number(a.FileInfo.S), mode: a.FileInfo.M };
        await c.upload(a.Path, reader, fi);
      } finally {
        await finish(reader);
      }
      return null;
    }),
    Download: mpMethod(DownloadArgs, Nothing, async (a) => {
      const writer = await session.broker.dial(a.WriterStreamId);
      try {
        await c.download(a.Path, writer);
      } finally {
        await finish(writer);
      }
      return null;
    }),
    UploadDir: mpMethod(DirArgs, ErrorValue, async (a) => {
      try {
        await c.uploadDir(a.Dst, a.Src, a.Exclude ?? []);
        return null;
      } catch (err) {
        return { Message: message(err) };
      }
    }),
    DownloadDir: mpMethod(DirArgs, ErrorValue, async (a) => {
      try {
        await c.downloadDir(a.Src, a.Dst, a.Exclude ?? []);
        return null;
      } catch (err) {
        return { Message: message(err) };
      }
    }),
  });
}
