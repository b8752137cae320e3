/**
 * A Packer builder written in TS, served as Packer's `Builder` RPC service (packer-plugin-sdk
 * rpc/builder.go `BuilderServer`): Prepare → Run(host's Hook+Ui broker id) → the id of an
 * Artifact server, and Cancel (fires the AbortSignal given to `run`).
 */
import type { AnyValue } from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { artifactService, type Artifact } from './artifact.js';
import { decodeConfigs, encodeConfigSpec, type ConfigSpec } from './config-spec.js';
import { Endpoint } from './constants.js';
import { HookClient, type Hook } from './hook.js';
import { mpMethod, msgpackService } from './rpc.js';
import type { PackerSession } from './session.js';
import { UiClient, type Ui } from './ui.js';
import { BuilderPrepareArgs, BuilderPrepareResponse, ConfigSpecResponse, Nothing, StreamId } from './wire-types.js';

/** What `prepare` may return. */
export interface PrepareResult {
  /** Names of the variables the builder will put in `generated_data` (Go `generatedVars`). */
  readonly generatedVars?: readonly string[];
  readonly warnings?: readonly string[];
}

/** What `run` gets. */
export interface BuilderRunContext {
  readonly ui: Ui;
  readonly hook: Hook;
  /** Aborted when Packer cancels the build (Ctrl-C: `Builder.Cancel`). */
  readonly signal: AbortSignal;
}

/** A Packer builder (Go `packersdk.Builder`). */
export interface Builder {
  /** The HCL2 configuration it accepts (needed for HCL2 templates; JSON templates do without). */
  readonly configSpec?: ConfigSpec;
  /**
   * Validates the configuration: `configs[0]` is the template's builder block (a plain object
   * for JSON templates), the others Packer's own variables (`packer_build_name`, …). Throw to
   * reject it; Packer prints the message and exits 1.
   */
  prepare(configs: AnyValue[]): PrepareResult | void | Promise<PrepareResult | void>;
  /** Builds; resolves with the artifact (or null for none). Throw to fail the build. */
  run(ctx: BuilderRunContext): Promise<Artifact | null | undefined>;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The `Builder` service serving `b` on `session`. */
export function builderService(b: Builder, session: PackerSession): MsgpackServiceDefinition {
  const abort = new AbortController();
  return msgpackService(Endpoint.Builder, {
    Prepare: mpMethod(BuilderPrepareArgs, BuilderPrepareResponse, async (args) => {
      try {
        const r = (await b.prepare(decodeConfigs(args.Configs ?? []))) ?? {};
        return { GeneratedVars: r.generatedVars ? [...r.generatedVars] : null, Warnings: r.warnings ? [...r.warnings] : null, Error: null };
      } catch (err) {
        return { GeneratedVars: null, Warnings: null, Error: { Message: message(err) } };
      }
    }),
    Run: mpMethod(StreamId, StreamId, async (hostId) => {
      const rpc = await session.client(hostId);
      try {
        const ui = new UiClient(rpc);
        const artifact = await b.run({ ui, hook: new HookClient(session, rpc, ui), signal: abort.signal });
        if (artifact === null || artifact === undefined) return 0;
        const id = session.broker.nextId();
        session.serve(id, () => [artifactService(artifact)]).catch(() => undefined);
        return id;
      } finally {
        void rpc.close();
      }
    }),
    ConfigSpec: mpMethod(Nothing, ConfigSpecResponse, () => ({ ConfigSpec: encodeConfigSpec(b.configSpec ?? {}) })),
    Cancel: mpMethod(Nothing, Nothing, () => {
      abort.abort(new Error('build cancelled'));
      return null;
    }),
  });
}

