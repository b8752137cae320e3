/**
 * A Packer post-processor written in TS, served as Packer's `PostProcessor` RPC service
 * (packer-plugin-sdk rpc/post_processor.go `PostProcessorServer`): Configure,
 * PostProcess(host's Artifact+Ui broker id) → `{Err, Keep, ForceOverride, StreamId}`, Cancel.
 */
import type { AnyValue } from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { ArtifactClient, artifactService, type Artifact } from './artifact.js';
import { decodeConfigs, encodeConfigSpec, type ConfigSpec } from './config-spec.js';
import { Endpoint } from './constants.js';
import { mpMethod, msgpackService } from './rpc.js';
import type { PackerSession } from './session.js';
import { UiClient, type Ui } from './ui.js';
import { ConfigSpecResponse, Nothing, PostProcessorConfigureArgs, PostProcessorProcessResponse, StreamId } from './wire-types.js';

/** What `postProcess` gets. */
export interface PostProcessContext {
  readonly ui: Ui;
  /** The artifact of the previous step, read over RPC. */
  readonly artifact: ArtifactClient;
  /** Aborted when Packer cancels (`PostProcessor.Cancel`). */
  readonly signal: AbortSignal;
}

/** What `postProcess` resolves with. */
export interface PostProcessResult {
  /** The new artifact (null: none). */
  readonly artifact: Artifact | null;
  /** Keep the input artifact (Go `keep`). */
  readonly keep?: boolean;
  /** Force `keep` regardless of the user's `keep_input_artifact` (Go `forceOverride`). */
  readonly forceOverride?: boolean;
}

/** A Packer post-processor (Go `packersdk.PostProcessor`). */
export interface PostProcessor {
  /** The HCL2 configuration it accepts (needed for HCL2 templates; JSON templates do without). */
  readonly configSpec?: ConfigSpec;
  /** Validates the configuration; throw to reject it. */
  configure(configs: AnyValue[]): void | Promise<void>;
  /** Post-processes; throw to fail the build with that message. */
  postProcess(ctx: PostProcessContext): Promise<PostProcessResult>;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The `PostProcessor` service serving `p` on `session`. */
export function postProcessorService(p: PostProcessor, session: PackerSession): MsgpackServiceDefinition {
  const abort = new AbortController();
  return msgpackService(Endpoint.PostProcessor, {
    Configure: mpMethod(PostProcessorConfigureArgs, Nothing, async (args) => {
      await p.configure(decodeConfigs(args.Configs ?? []));
      return null;
    }),
    PostProcess: mpMethod(StreamId, PostProcessorProcessResponse, async (hostId) => {
      const rpc = await session.client(hostId);
      let r: PostProcessResult;
      try {
        r = await p.postProcess({ ui: new UiClient(rpc), artifact: new ArtifactClient(rpc), signal: abort.signal });
      } catch (err) {
        void rpc.close();
        return { Err: { Message: message(err) }, Keep: false, ForceOverride: false, StreamId: 0 };
      }
      void rpc.close();
      let id = 0;
      if (r.artifact !== null) {
        id = session.broker.nextId();
        const a = r.artifact;
        session.serve(id, () => [artifactService(a)]).catch(() => undefined);
      }
      return { Err: null, Keep: r.keep ?? false, ForceOverride: r.forceOverride ?? false, StreamId: id };
    }),
    ConfigSpec: mpMethod(Nothing, ConfigSpecResponse, () => ({ ConfigSpec: encodeConfigSpec(p.configSpec ?? {}) })),
    Cancel: mpMethod(Nothing, Nothing, () => {
      abort.abort(new Error('post-processing cancelled'));
      return null;
    }),
  });
}
