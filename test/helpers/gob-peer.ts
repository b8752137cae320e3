/**
 * A long-lived `gobpeer serve` process (go-testbed/cmd/gobpeer): one JSON request line in, one
 * JSON response line out, so many checks share one Go process.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startGo } from './go-peer.js';

/** Response of gobpeer: decoded values (wire-view JSON), re-encoded bytes or Go's error. */
export interface GobPeerResponse {
  readonly values?: unknown[];
  readonly data?: Uint8Array;
  readonly error?: string;
}

/** JSON type description understood by `gobpeer` dyn mode. */
export type DynType =
  | { readonly kind: string }
  | { readonly kind: 'slice' | 'ptr'; readonly elem: DynType }
  | { readonly kind: 'array'; readonly len: number; readonly elem: DynType }
  | { readonly kind: 'map'; readonly key: DynType; readonly elem: DynType }
  | { readonly kind: 'struct'; readonly fields: readonly { readonly name: string; readonly type: DynType }[] };

/** A running gobpeer. Call {@link GobPeer.close} in afterAll. */
export class GobPeer {
  private readonly child: ChildProcess;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private exited = false;

  constructor() {
    this.child = startGo('gobpeer', ['serve']);
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    this.child.on('exit', () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w('{"error":"gobpeer exited: ' + JSON.stringify(this.stderr).slice(1, -1) + '"}');
    });
    if (this.child.stdout === null) throw new Error('gobpeer: no stdout');
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  private request(req: Record<string, unknown>): Promise<GobPeerResponse> {
    if (this.exited) return Promise.reject(new Error(`gobpeer exited: ${this.stderr}`));
    return new Promise((resolve) => {
      this.waiting.push((line) => {
        const r = JSON.parse(line) as { values?: unknown[]; data?: string; error?: string };
        resolve({
          ...(r.values === undefined ? {} : { values: r.values }),
          ...(r.data === undefined ? {} : { data: new Uint8Array(Buffer.from(r.data, 'base64')) }),
          ...(r.error === undefined ? {} : { error: r.error }),
        });
      });
      this.child.stdin?.write(JSON.stringify(req) + '\n');
    });
  }

  /** Go decodes `stream` into the Go types of zoo case `caseId`. */
  decode(caseId: string, stream: Uint8Array): Promise<GobPeerResponse> {
    return this.request({ op: 'decode', case: caseId, data: Buffer.from(stream).toString('base64') });
  }

  /** Go decodes into the zoo case's types and re-encodes with a fresh Encoder. */
  echo(caseId: string, stream: Uint8Array): Promise<GobPeerResponse> {
    return this.request({ op: 'echo', case: caseId, data: Buffer.from(stream).toString('base64') });
  }

  /** Go builds `type` with reflect, decodes one value into it and re-encodes it. */
  dyn(type: DynType, stream: Uint8Array): Promise<GobPeerResponse> {
    return this.request({ op: 'dyn', type, data: Buffer.from(stream).toString('base64') });
  }

  /** Ends the process. */
  close(): void {
    this.child.stdin?.end();
    if (!this.exited) this.child.kill();
  }
}
