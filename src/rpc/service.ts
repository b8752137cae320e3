/**
 * Services described in TypeScript: the stand-in for the reflection Go's `rpc.Server.register`
 * / `suitableMethods` does. A service has a name (Go `Register`'s receiver type name, or the
 * explicit `RegisterName` name) and methods, each with an argument and a reply type descriptor
 * and an async handler. The same description types the client stubs.
 *
 * Go's method rules map as follows: the argument type is the descriptor of Go's first
 * parameter (pointer or value alike on the wire), the reply type is what Go's second
 * (pointer) parameter points to, and Go's `error` result is a thrown/rejected error.
 * Method names must not contain dots (a ServiceMethod is split at its last dot); service
 * names may (`net.rpc.Arith`).
 */
import type { Descriptor, Infer } from '../gob/index.js';
import { RpcError } from './errors.js';
import type { Seq } from './codec.js';

/** Argument and reply types of one method. */
export interface MethodSpec<A extends Descriptor = Descriptor, R extends Descriptor = Descriptor> {
  /** Descriptor of the argument (Go: the method's first parameter). */
  readonly args: A;
  /** Descriptor of the reply (Go: what the method's second, pointer parameter points to). */
  readonly reply: R;
}

/** What a handler learns about the call it serves. */
export interface CallContext {
  /** "Service.Method" exactly as the client sent it. */
  readonly serviceMethod: string;
  /** The request's sequence number. */
  readonly seq: Seq;
  /** Aborted when the connection closes or the server shuts down. */
  readonly signal: AbortSignal;
}

/**
 * A method implementation: returns (or resolves to) the reply; throwing or rejecting sends
 * the error's message to the client as Go's `Response.Error` (Go: returning a non-nil error).
 */
export type Handler<A extends Descriptor, R extends Descriptor> = (
  args: Infer<A>,
  ctx: CallContext,
) => Infer<R> | Promise<Infer<R>>;

/** A method with its handler. */
export interface MethodDefinition<A extends Descriptor = Descriptor, R extends Descriptor = Descriptor>
  extends MethodSpec<A, R> {
  readonly handler: Handler<A, R>;
}

/** Method specs keyed by method name. */
export type MethodSpecs = { readonly [method: string]: MethodSpec };

/** A service's name and method types: enough for typed client stubs. */
export interface ServiceDescription<M extends MethodSpecs = MethodSpecs> {
  readonly name: string;
  readonly methods: M;
}

/** Handlers for every method of `M`. */
export type Handlers<M extends MethodSpecs> = {
  readonly [K in keyof M]: Handler<M[K]['args'], M[K]['reply']>;
};

/** A service ready to register on a Server: description plus handlers. */
export interface ServiceDefinition<M extends MethodSpecs = MethodSpecs> extends ServiceDescription<M> {
  readonly handlers: Handlers<M>;
}

/** Any service definition, whatever its methods (what `Server.register` accepts). */
export interface AnyServiceDefinition {
  readonly name: string;
  readonly methods: MethodSpecs;
  readonly handlers: { readonly [method: string]: (args: never, ctx: CallContext) => unknown };
}

/** Any method definition (handlers are contravariant in their argument, hence `never`). */
export interface AnyMethodDefinition extends MethodSpec {
  readonly handler: (args: never, ctx: CallContext) => unknown;
}

/** Method specs of a record of method definitions. */
export type SpecsOf<D extends { readonly [method: string]: AnyMethodDefinition }> = {
  readonly [K in keyof D]: MethodSpec<D[K]['args'], D[K]['reply']>;
};

/**
 * One method with its handler, typed from its descriptors (use inside the one-argument form of
 * {@link defineService}): `method({ args: Args, reply: Reply, handler: (a) => ({ C: a.A + a.B }) })`.
 */
export function method<A extends Descriptor, R extends Descriptor>(definition: {
  readonly args: A;
  readonly reply: R;
  readonly handler: Handler<A, R>;
}): MethodDefinition<A, R> {
  return definition;
}

const METHOD_NAME = /^[^.\s]+$/;

function checkName(name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new RpcError('INVALID_SERVICE', 'rpc.Register: no service name for type');
  }
}

function checkSpecs(name: string, methods: Record<string, unknown>): void {
  const names = Object.keys(methods);
  if (names.length === 0) {
    throw new RpcError('INVALID_SERVICE', `rpc.Register: type ${name} has no exported methods of suitable type`);
  }
  for (const m of names) {
    const spec = methods[m] as Partial<MethodSpec> | undefined;
    if (!METHOD_NAME.test(m)) {
      throw new RpcError('INVALID_SERVICE', `rpc.Register: method ${JSON.stringify(m)} of ${name}: names must be non-empty without dots or spaces`);
    }
    if (spec?.args === undefined || spec.reply === undefined || typeof spec.args !== 'object' || typeof spec.reply !== 'object') {
      throw new RpcError('INVALID_SERVICE', `rpc.Register: method ${name}.${m} needs an args and a reply descriptor`);
    }
  }
}

/**
 * Describes a service's methods without implementing them (for clients).
 * @throws RpcError `INVALID_SERVICE` for an empty name, no methods, or a malformed method.
 */
export function describeService<const M extends MethodSpecs>(name: string, methods: M): ServiceDescription<M> {
  checkName(name);
  checkSpecs(name, methods);
  const copy: Record<string, MethodSpec> = {};
  for (const [m, spec] of Object.entries(methods)) copy[m] = { args: spec.args, reply: spec.reply };
  return Object.freeze({ name, methods: Object.freeze(copy) as unknown as M });
}

/**
 * Implements a described service.
 * @throws RpcError `INVALID_SERVICE` if a handler is missing or is not a function.
 */
export function implementService<M extends MethodSpecs>(
  description: ServiceDescription<M>,
  handlers: Handlers<M>,
): ServiceDefinition<M> {
  for (const m of Object.keys(description.methods)) {
    if (typeof (handlers as Record<string, unknown>)[m] !== 'function') {
      throw new RpcError('INVALID_SERVICE', `rpc.Register: method ${description.name}.${m} has no handler`);
    }
  }
  return Object.freeze({ name: description.name, methods: description.methods, handlers: Object.freeze({ ...handlers }) });
}

/**
 * Defines a service (Go: the receiver passed to `Register`, or `RegisterName` when the server
 * registers it under another name). Two equivalent forms, both fully typed via gob's `Infer<>`:
 *
 * ```ts
 * defineService('Arith', { Add: { args: Args, reply: Reply } }, { Add: (a) => ({ C: a.A + a.B }) });
 * defineService('Arith', { Add: method({ args: Args, reply: Reply, handler: (a) => ({ C: a.A + a.B }) }) });
 * ```
 * @throws RpcError `INVALID_SERVICE` for an empty name, no methods, a malformed method name,
 * a method without descriptors, or a missing handler.
 */
export function defineService<const M extends MethodSpecs>(name: string, methods: M, handlers: Handlers<M>): ServiceDefinition<M>;
export function defineService<const D extends { readonly [method: string]: AnyMethodDefinition }>(
  name: string,
  methods: D,
): ServiceDefinition<SpecsOf<D>>;
export function defineService(name: string, methods: MethodSpecs, handlers?: Record<string, unknown>): ServiceDefinition {
  const description = describeService(name, methods);
  let hs = handlers;
  if (hs === undefined) {
    hs = {};
    for (const [m, def] of Object.entries(methods as Record<string, { handler?: unknown }>)) hs[m] = def.handler;
  }
  return implementService(description, hs as Handlers<MethodSpecs>);
}
