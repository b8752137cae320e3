/**
 * Host side of a builder (packer-plugin-sdk rpc/builder.go `builder`): Prepare, then Run with
 * the host's Hook+Ui served on a fresh broker id, the returned id dialled for the Artifact, and
 * Builder.Cancel sent when the caller's AbortSignal fires.
 */
import type { AnyValue } from '../msgpack/index.js';
import { ArtifactClient } from './artifact.js';
import { Endpoint } from './constants.js';
import { PackerError } from './errors.js';
import { hookService, type HostHook } from './host-hook.js';
import { log } from './log.js';
import type { MsgpackRpcClient } from './rpc.js';
import type { PackerSession } from './session.js';
import { uiService, type Ui } from './ui.js';
import { BuilderPrepareArgs, BuilderPrepareResponse, Nothing, StreamId } from './wire-types.js';

/** What a Go builder's Prepare returned. */
export interface PrepareOutcome {
  readonly generatedVars: string[];
  readonly warnings: string[];
}

/** Options of {@link BuilderClient.run}. */
export interface BuilderRunOptions {
  readonly ui: Ui;
  /** Runs hooks the builder asks for (`packer_provision`); default: none. */
  readonly hook?: HostHook;
  /** Aborting sends Builder.Cancel (Packer: Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** A builder living in a plugin process. */
export class BuilderClient {
  constructor(
    private readonly session: PackerSession,
    private readonly rpc: MsgpackRpcClient,
  ) {}

  /** Go `Builder.Prepare`; a prepare error rejects with PackerError COMPONENT_ERROR carrying its text. */
  async prepare(...configs: AnyValue[]): Promise<PrepareOutcome> {
    const r = await this.rpc.call(`${Endpoint.Builder}.Prepare`, BuilderPrepareArgs, { Configs: configs }, BuilderPrepareResponse);
    if (r.Error !== null) throw new PackerError('COMPONENT_ERROR', r.Error.Message);
    return { generatedVars: r.GeneratedVars ?? [], warnings: r.Warnings ?? [] };
  }

  /** Go `Builder.Run`: resolves with the artifact (null when the builder made none). */
  async run(options: BuilderRunOptions): Promise<ArtifactClient | null> {
    const id = this.session.broker.nextId();
    const serving = this.session
      .serve(id, (register) => [hookService(this.session, options.hook), uiService(options.ui, register)])
      .catch((err: unknown) => log('Hook+Ui server on %d ended: %s', id, err instanceof Error ? err.message : String(err)));
    const onAbort = (): void => {
      this.rpc.call(`${Endpoint.Builder}.Cancel`, Nothing, null, Nothing).catch((err: unknown) => log('Builder.Cancel failed: %s', String(err)));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
    let artifactId: number;
    try {
      artifactId = await this.rpc.call(`${Endpoint.Builder}.Run`, StreamId, id, StreamId);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      void serving;
    }
    if (artifactId === 0) return null;
    return new ArtifactClient(await this.session.client(artifactId));
  }
}
