/**
 * Packer's Artifact over RPC (packer-plugin-sdk rpc/artifact.go): what a builder or
 * post-processor returns, served on a brokered stream, and the client reading a peer's one.
 */
import * as mp from '../msgpack/index.js';
import type { AnyValue } from '../msgpack/index.js';
import type { MsgpackServiceDefinition } from './rpc.js';
import { Endpoint } from './constants.js';
import type { MsgpackRpcClient} from './rpc.js';
import { mpMethod, msgpackService } from './rpc.js';
import { ErrorValue, Nothing } from './wire-types.js';

/** A build result (Go `packersdk.Artifact`). */
export interface Artifact {
  /** Id of the builder that made it (e.g. `mycompany.mybuilder`). */
  readonly builderId: string;
  /** Files it consists of (may be empty). */
  readonly files?: readonly string[];
  /** Machine-readable id (e.g. an image id). */
  readonly id: string;
  /** Human-readable description Packer prints. */
  readonly description: string;
  /** Extra state (`generated_data`, …); undefined reads as nil. */
  state?(name: string): AnyValue | undefined | Promise<AnyValue | undefined>;
  /** Removes what the artifact made; throw to report an error. */
  destroy?(): void | Promise<void>;
}

/** The `Artifact` service for a local artifact (Go `ArtifactServer`). */
export function artifactService(a: Artifact): MsgpackServiceDefinition {
  return msgpackService(Endpoint.Artifact, {
    BuilderId: mpMethod(Nothing, mp.string, () => a.builderId),
    Files: mpMethod(Nothing, mp.slice(mp.string), () => (a.files === undefined ? null : [...a.files])),
    Id: mpMethod(Nothing, mp.string, () => a.id),
    String: mpMethod(Nothing, mp.string, () => a.description),
    State: mpMethod(mp.string, mp.any, async (name) => (await a.state?.(name)) ?? null),
    Destroy: mpMethod(Nothing, ErrorValue, async () => {
      try {
        await a.destroy?.();
        return null;
      } catch (err) {
        return { Message: err instanceof Error ? err.message : String(err) };
      }
    }),
  });
}

/** Reads a peer's artifact (Go `rpc.artifact`). */
export class ArtifactClient {
  constructor(readonly rpc: MsgpackRpcClient) {}

  builderId(): Promise<string> {
    return this.rpc.call(`${Endpoint.Artifact}.BuilderId`, Nothing, null, mp.string);
  }
  files(): Promise<string[] | null> {
    return this.rpc.call(`${Endpoint.Artifact}.Files`, Nothing, null, mp.slice(mp.string));
  }
  id(): Promise<string> {
    return this.rpc.call(`${Endpoint.Artifact}.Id`, Nothing, null, mp.string);
  }
  string(): Promise<string> {
    return this.rpc.call(`${Endpoint.Artifact}.String`, Nothing, null, mp.string);
  }
  state(name: string): Promise<AnyValue> {
    return this.rpc.call(`${Endpoint.Artifact}.State`, mp.string, name, mp.any);
  }
  async destroy(): Promise<void> {
    const e = await this.rpc.call(`${Endpoint.Artifact}.Destroy`, Nothing, null, ErrorValue);
    if (e !== null) throw new Error(e.Message);
  }
}
