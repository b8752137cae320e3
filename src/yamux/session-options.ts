/**
 * Option types shared by the public session (session.ts) and its session-internal core
 * (session-core.ts), kept apart so the core needs nothing from the facade.
 */

/** Options of one-shot session operations. */
export interface YamuxOpOptions {
  /** Cancels the wait; the promise then rejects with YamuxError ABORTED. */
  readonly signal?: AbortSignal;
}

/** Which end of the connection a session is: the client opens odd stream ids, the server even ones. */
export type YamuxRole = 'client' | 'server';
