/**
 * Host side of provisioners and post-processors (packer-plugin-sdk rpc/provisioner.go
 * `provisioner`, rpc/post_processor.go `postProcessor`): each call that needs the host serves
 * the host's objects (Ui, Artifact) on a fresh broker id passed as an argument.
 */
import type { AnyValue } from '../msgpack/index.js';
import { ArtifactClient, artifactService, type Artifact } from './artifact.js';
import { communicatorService, type Communicator } from './communicator.js';
import { Endpoint } from './constants.js';
import { PackerError } from './errors.js';
import { log } from './log.js';
import type { MsgpackRpcClient } from './rpc.js';
import type { PackerSession } from './session.js';
import { uiService, type Ui } from './ui.js';
import { Nothing, PostProcessorConfigureArgs, PostProcessorProcessResponse, ProvisionerPrepareArgs, ProvisionerProvisionArgs, StreamId } from './wire-types.js';

function cancelOn(rpc: MsgpackRpcClient, endpoint: string, signal: AbortSignal | undefined): () => void {
  const onAbort = (): void => {
    rpc.call(`${endpoint}.Cancel`, Nothing, null, Nothing).catch((err: unknown) => log('%s.Cancel failed: %s', endpoint, String(err)));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted === true) onAbort();
  return () => signal?.removeEventListener('abort', onAbort);
}

/** A provisioner living in a plugin process. */
export class ProvisionerClient {
  constructor(
    private readonly session: PackerSession,
    private readonly rpc: MsgpackRpcClient,
  ) {}

  /** Go `Provisioner.Prepare`; an error rejects with RpcError SERVER_ERROR carrying its text. */
  async prepare(...configs: AnyValue[]): Promise<void> {
    await this.rpc.call(`${Endpoint.Provisioner}.Prepare`, ProvisionerPrepareArgs, { Configs: configs }, Nothing);
  }

  /**
   * Go `Provisioner.Provision`: serves `ui` (and `communicator`) on a fresh broker id and runs
   * the provisioner.
   */
  async provision(options: {
    readonly ui: Ui;
    readonly generatedData?: { [key: string]: AnyValue };
    /** The machine to provision (default none: provisioners that need one fail on use). */
    readonly communicator?: Communicator;
    readonly signal?: AbortSignal;
  }): Promise<void> {
    const id = this.session.broker.nextId();
    const comm = options.communicator;
    const serving = this.session
      .serve(id, (register) => [uiService(options.ui, register), ...(comm === undefined ? [] : [communicatorService(comm, this.session)])])
      .catch((err: unknown) => log('Ui server on %d ended: %s', id, String(err)));
    const stop = cancelOn(this.rpc, Endpoint.Provisioner, options.signal);
    try {
      await this.rpc.call(`${Endpoint.Provisioner}.Provision`, ProvisionerProvisionArgs, { GeneratedData: options.generatedData ?? {}, StreamID: id }, Nothing);
    } finally {
      stop();
      void serving;
    }
  }
}

/** What a post-processor returned. */
export interface PostProcessOutcome {
  readonly artifact: ArtifactClient | null;
  readonly keep: boolean;
  readonly forceOverride: boolean;
}

/** A post-processor living in a plugin process. */
export class PostProcessorClient {
  constructor(
    private readonly session: PackerSession,
    private readonly rpc: MsgpackRpcClient,
  ) {}

  /** Go `PostProcessor.Configure`. */
  async configure(...configs: AnyValue[]): Promise<void> {
    await this.rpc.call(`${Endpoint.PostProcessor}.Configure`, PostProcessorConfigureArgs, { Configs: configs }, Nothing);
  }

  /** Go `PostProcessor.PostProcess`: serves `artifact` + `ui` on a fresh broker id. */
  async postProcess(options: { readonly ui: Ui; readonly artifact: Artifact; readonly signal?: AbortSignal }): Promise<PostProcessOutcome> {
    const id = this.session.broker.nextId();
    const serving = this.session
      .serve(id, (register) => [artifactService(options.artifact), uiService(options.ui, register)])
      .catch((err: unknown) => log('Artifact+Ui server on %d ended: %s', id, String(err)));
    const stop = cancelOn(this.rpc, Endpoint.PostProcessor, options.signal);
    let r;
    try {
      r = await this.rpc.call(`${Endpoint.PostProcessor}.PostProcess`, StreamId, id, PostProcessorProcessResponse);
    } finally {
      stop();
      void serving;
    }
    if (r.Err !== null) throw new PackerError('COMPONENT_ERROR', r.Err.Message);
    const artifact = r.StreamId === 0 ? null : new ArtifactClient(await this.session.client(r.StreamId));
    return { artifact, keep: r.Keep, forceOverride: r.ForceOverride };
  }
}
