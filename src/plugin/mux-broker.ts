/**
 * MuxBroker: extra yamux streams between host and plugin, identified by uint32 ids
 * (go-plugin `mux_broker.go`).
 *
 * Wire format: the dialer opens a stream and writes the id as 4 little-endian bytes; the
 * accepting side parks the stream under that id and, when `accept(id)` claims it, writes the same
 * 4 bytes back as the ack. `accept(id)` waits at most 5 s; a stream nobody claims within 5 s of
 * arrival is closed. Ids come from a per-side counter starting at 1 (`NextId`). By convention the
 * side that accepts allocates the id.
 *
 * Deviation from Go: Go reads the 4-byte id synchronously inside its accept loop, so one slow
 * dialer blocks every later brokered stream; here each stream's id is read independently. The
 * bytes on the wire are identical.
 */
import type { Duplex } from 'node:stream';
import { debug } from '../internal/debug.js';
import { unrefTimeout } from '../internal/deferred.js';
import { writeWithBackpressure } from '../internal/duplex.js';
import { Server as RpcServer, type Client as RpcClient, type MethodSpecs, type ServiceDefinition } from '../rpc/index.js';
import { BROKER_ACCEPT_TIMEOUT_MS, PLUGIN_SERVICE_NAME } from './constants.js';
import { PluginError } from './errors.js';
import type { Registry } from '../gob/index.js';
import { openRpcClient, serveRpcStream } from './rpc-conn.js';
import { decodeUint32LE, destroyQuietly, encodeUint32LE, readExactly } from './stream-io.js';

const log = debug('plugin');

/** The part of a yamux session the broker uses. */
export interface BrokerSession {
  open(opts?: { signal?: AbortSignal }): Promise<Duplex>;
  accept(opts?: { signal?: AbortSignal }): Promise<Duplex>;
}

/** Options of {@link MuxBroker}. */
export interface MuxBrokerOptions {
  /** Go: 5 s, both for `Accept` and for unclaimed streams. */
  readonly acceptTimeoutMs?: number;
  /** gob registry of the net/rpc connections it serves and dials (default: gob's default registry). */
  readonly registry?: Registry;
}

interface Pending {
  stream?: Duplex | undefined;
  waiter?: ((s: Duplex | undefined) => void) | undefined;
  timer?: NodeJS.Timeout | undefined;
}

/** go-plugin `MuxBroker`. */
export class MuxBroker {
  readonly #session: BrokerSession;
  readonly #timeoutMs: number;
  readonly #registry: Registry | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #closed = false;
  #running = false;

  constructor(session: BrokerSession, opts: MuxBrokerOptions = {}) {
    this.#session = session;
    this.#timeoutMs = opts.acceptTimeoutMs ?? BROKER_ACCEPT_TIMEOUT_MS;
    this.#registry = opts.registry;
  }

  /** Go `NextId`: the next id of this side's counter (first is 1; wraps at 2^32). */
  nextId(): number {
    this.#nextId = (this.#nextId + 1) >>> 0;
    return this.#nextId;
  }

  /**
   * Go `Run`: accept every stream the peer opens, read its id and park it. Resolves when the
   * session stops accepting (closed). Call once, after any streams the caller accepts itself.
   */
  async run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    for (;;) {
      let stream: Duplex;
      try {
        stream = await this.#session.accept();
      } catch (err) {
        log('broker accept loop ends: %s', err instanceof Error ? err.message : String(err));
        this.#shutdown();
        return;
      }
      void this.#admit(stream);
    }
  }

  async #admit(stream: Duplex): Promise<void> {
    let id: number;
    try {
      id = decodeUint32LE(await readExactly(stream, 4, () => new Error('EOF')));
    } catch (err) {
      log('[ERR] plugin: broker stream id read failed: %s', err instanceof Error ? err.message : String(err));
      destroyQuietly(stream);
      return;
    }
    if (this.#closed) {
      destroyQuietly(stream);
      return;
    }
    const p = this.#entry(id);
    if (p.waiter !== undefined) {
      const w = p.waiter;
      p.waiter = undefined;
      w(stream);
      return;
    }
    if (p.stream !== undefined) {
      // Go's channel has room for one stream per id; a second one blocks its accept loop until
      // the first is taken. We refuse the duplicate instead of stalling every other id.
      destroyQuietly(stream);
      return;
    }
    p.stream = stream;
    // Go `timeoutWait`: close the stream if nobody claims it in time.
    p.timer = unrefTimeout(() => {
      if (p.stream === stream) {
        p.stream = undefined;
        this.#pending.delete(id);
        log('broker: closing unclaimed stream for id %d', id);
        destroyQuietly(stream);
      }
    }, this.#timeoutMs);
  }

  #entry(id: number): Pending {
    let p = this.#pending.get(id);
    if (p === undefined) {
      p = {};
      this.#pending.set(id, p);
    }
    return p;
  }

  /**
   * Go `Accept(id)`: waits (≤ 5 s) for the peer to dial `id`, acks it, and returns the stream.
   * Throws PluginError BROKER_TIMEOUT (`timeout waiting for accept`) or BROKER_CLOSED.
   */
  async accept(id: number, opts: { signal?: AbortSignal } = {}): Promise<Duplex> {
    if (this.#closed) throw new PluginError('BROKER_CLOSED', 'broker is closed');
    const p = this.#entry(id >>> 0);
    let stream = p.stream;
    if (stream !== undefined) {
      p.stream = undefined;
      if (p.timer !== undefined) clearTimeout(p.timer);
      this.#pending.delete(id);
    } else {
      if (p.waiter !== undefined) throw new PluginError('INVALID_CONFIG', `broker id ${id} is already being accepted`);
      stream = await new Promise<Duplex | undefined>((resolve, reject) => {
        const onAbort = (): void => {
          finish();
          reject(new PluginError('ABORTED', `broker accept ${id} aborted`, { cause: opts.signal?.reason }));
        };
        const timer = unrefTimeout(() => {
          finish();
          reject(new PluginError('BROKER_TIMEOUT', 'timeout waiting for accept'));
        }, this.#timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          if (p.waiter === waiter) p.waiter = undefined;
          if (this.#pending.get(id) === p && p.stream === undefined) this.#pending.delete(id);
        };
        const waiter = (s: Duplex | undefined): void => {
          finish();
          resolve(s);
        };
        p.waiter = waiter;
        if (opts.signal?.aborted) onAbort();
        else opts.signal?.addEventListener('abort', onAbort, { once: true });
      });
      if (stream === undefined) throw new PluginError('BROKER_CLOSED', 'broker is closed');
    }
    try {
      await writeWithBackpressure(stream, encodeUint32LE(id));
    } catch (err) {
      destroyQuietly(stream);
      throw new PluginError('BROKER_CLOSED', `broker ack for id ${id} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return stream;
  }

  /**
   * Go `Dial(id)`: opens a stream, sends the id, and waits for the echoed ack.
   * Throws PluginError BROKER_BAD_ACK (`bad ack: …`) or BROKER_CLOSED (peer closed: no accept).
   */
  async dial(id: number, opts: { signal?: AbortSignal } = {}): Promise<Duplex> {
    if (this.#closed) throw new PluginError('BROKER_CLOSED', 'broker is closed');
    let stream: Duplex;
    try {
      stream = await this.#session.open(opts.signal === undefined ? {} : { signal: opts.signal });
    } catch (err) {
      throw new PluginError('BROKER_CLOSED', `broker dial ${id}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    try {
      await writeWithBackpressure(stream, encodeUint32LE(id));
      const ack = decodeUint32LE(
        await readExactly(stream, 4, () => new PluginError('BROKER_CLOSED', `broker dial ${id}: stream closed before ack (nobody accepted id ${id})`)),
      );
      if (ack !== id >>> 0) throw new PluginError('BROKER_BAD_ACK', `bad ack: ${ack} (expected ${id})`);
      return stream;
    } catch (err) {
      destroyQuietly(stream);
      if (err instanceof PluginError) throw err;
      throw new PluginError('BROKER_CLOSED', `broker dial ${id}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /**
   * Go `AcceptAndServe(id, v)`: accepts `id` and serves `service` on it under the name `Plugin`
   * until the stream ends. Rejects with the accept error (Go logs it).
   */
  async acceptAndServe(id: number, service: ServiceDefinition<MethodSpecs>, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const stream = await this.accept(id, opts);
    const server = new RpcServer();
    server.register(service, PLUGIN_SERVICE_NAME);
    await serveRpcStream(server, stream, this.#registry);
  }

  /** Dials `id` and returns a net/rpc client on the stream (Go `rpc.NewClient(broker.Dial(id))`). */
  async dialClient(id: number, opts: { signal?: AbortSignal } = {}): Promise<RpcClient> {
    return openRpcClient(await this.dial(id, opts), this.#registry);
  }

  #shutdown(): void {
    this.#closed = true;
    for (const [, p] of this.#pending) {
      if (p.timer !== undefined) clearTimeout(p.timer);
      if (p.stream !== undefined) destroyQuietly(p.stream);
      p.waiter?.(undefined);
    }
    this.#pending.clear();
  }

  /** Marks the broker closed; pending accepts fail with BROKER_CLOSED. (Go closes the session.) */
  close(): void {
    this.#shutdown();
  }
}
