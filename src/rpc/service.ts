/**
 * Services described in TypeScript: the stand-in for the reflection Go's `rpc.Server.register`
 * / `suitableMethods` does. A service has a name (Go `Register`'s receiver type name, or the
 * explicit `RegisterName` name) and methods, each with an argument and a reply schema and an
 * async handler. The same description types the client stubs.
 *
 * Schemas belong to a codec's body schema language (`BodySchema`, a type parameter `B` that
 * defaults to gob's `GobBody`, whose schemas are gob descriptors); {@link servicesFor} gives the
 * same functions typed for another codec (Packer's msgpack). Nothing here looks inside a schema.
 *
 * Go's method rules map as follows: the argument schema describes Go's first parameter
 * (pointer or value alike on the wire), the reply schema what Go's second (pointer) parameter
 * points to, and Go's `error` result is a thrown/rejected error.
 * Method names must not contain dots (a ServiceMethod is split at its last dot); service
 * names may (`net.rpc.Arith`).
 */
import type { BodySchema, BodyValue, SchemaOf, Seq } from './codec.js';
import { RpcError } from './errors.js';
import type { GobBody } from './gob-codec.js';

/** Argument and reply schemas of one method. */
export interface MethodSpec<A = SchemaOf<GobBody>, R = SchemaOf<GobBody>> {
  /** Schema of the argument (Go: the method's first parameter). */
  readonly args: A;
  /** Schema of the reply (Go: what the method's second, pointer parameter points to). */
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
export type Handler<A, R, B extends BodySchema = GobBody> = (
  args: BodyValue<B, A>,
  ctx: CallContext,
) => BodyValue<B, R> | Promise<BodyValue<B, R>>;

/** A method with its handler. */
export interface MethodDefinition<A = SchemaOf<GobBody>, R = SchemaOf<GobBody>, B extends BodySchema = GobBody> extends MethodSpec<A, R> {
  readonly handler: Handler<A, R, B>;
}

/** Method specs keyed by method name, with schemas of type `S` (gob descriptors by default). */
export type MethodSpecs<S = SchemaOf<GobBody>> = { readonly [method: string]: MethodSpec<S, S> };

/** A service's name and method schemas: enough for typed client stubs. */
export interface ServiceDescription<M extends MethodSpecs<unknown> = MethodSpecs> {
  readonly name: string;
  readonly methods: M;
}

/** Handlers for every method of `M`. */
export type Handlers<M extends MethodSpecs<unknown>, B extends BodySchema = GobBody> = {
  readonly [K in keyof M]: Handler<M[K]['args'], M[K]['reply'], B>;
};

/** A service ready to register on a Server: description plus handlers. */
export interface ServiceDefinition<M extends MethodSpecs<unknown> = MethodSpecs, B extends BodySchema = GobBody> extends ServiceDescription<M> {
  readonly handlers: Handlers<M, B>;
}

/** Any service definition whose schemas are of type `S`, whatever its methods (what `Server.register` accepts). */
export interface AnyServiceDefinition<S = SchemaOf<GobBody>> {
  readonly name: string;
  readonly methods: MethodSpecs<S>;
  readonly handlers: { readonly [method: string]: (args: never, ctx: CallContext) => unknown };
}

/** Any method definition (handlers are contravariant in their argument, hence `never`). */
export interface AnyMethodDefinition<S = SchemaOf<GobBody>> extends MethodSpec<S, S> {
  readonly handler: (args: never, ctx: CallContext) => unknown;
}

/** Method specs of a record of method definitions. */
export type SpecsOf<D extends { readonly [method: string]: AnyMethodDefinition<unknown> }> = {
  readonly [K in keyof D]: MethodSpec<D[K]['args'], D[K]['reply']>;
};

/**
 * One method with its handler, typed from its schemas (use inside the one-argument form of
 * {@link defineService}): `method({ args: Args, reply: Reply, handler: (a) => ({ C: a.A + a.B }) })`.
 */
export function method<A extends SchemaOf<GobBody>, R extends SchemaOf<GobBody>>(definition: {
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

/** Schemas are objects (gob descriptors) or functions; anything else is a mistake. */
function isSchema(v: unknown): boolean {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
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
    if (!isSchema(spec?.args) || !isSchema(spec?.reply)) {
      throw new RpcError('INVALID_SERVICE', `rpc.Register: method ${name}.${m} needs an args and a reply schema`);
    }
  }
}

/**
 * Describes a service's methods without implementing them (for clients).
 * @throws RpcError `INVALID_SERVICE` for an empty name, no methods, or a malformed method.
 */
export function describeService<const M extends MethodSpecs<SchemaOf<GobBody>>>(name: string, methods: M): ServiceDescription<M> {
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
export function implementService<M extends MethodSpecs<SchemaOf<GobBody>>>(
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
 * registers it under another name). Two equivalent forms, both fully typed from the schemas
 * (gob's `Infer<>` here; see {@link servicesFor} for another codec's schemas):
 *
 * ```ts
 * defineService('Arith', { Add: { args: Args, reply: Reply } }, { Add: (a) => ({ C: a.A + a.B }) });
 * defineService('Arith', { Add: method({ args: Args, reply: Reply, handler: (a) => ({ C: a.A + a.B }) }) });
 * ```
 * @throws RpcError `INVALID_SERVICE` for an empty name, no methods, a malformed method name,
 * a method without descriptors, or a missing handler.
 */
export function defineService<const M extends MethodSpecs<SchemaOf<GobBody>>>(name: string, methods: M, handlers: Handlers<M>): ServiceDefinition<M>;
export function defineService<const D extends { readonly [method: string]: AnyMethodDefinition<SchemaOf<GobBody>> }>(
  name: string,
  methods: D,
): ServiceDefinition<SpecsOf<D>>;
export function defineService(name: string, methods: MethodSpecs<SchemaOf<GobBody>>, handlers?: Record<string, unknown>): ServiceDefinition<MethodSpecs<SchemaOf<GobBody>>> {
  const description = describeService(name, methods);
  let hs = handlers;
  if (hs === undefined) {
    hs = {};
    for (const [m, def] of Object.entries(methods as Record<string, { handler?: unknown }>)) hs[m] = def.handler;
  }
  return implementService(description, hs as never);
}

/** {@link defineService}, {@link describeService}, {@link implementService} and {@link method}, typed for the body schema language `B`. */
export interface ServiceFunctions<B extends BodySchema> {
  method<A extends SchemaOf<B>, R extends SchemaOf<B>>(definition: {
    readonly args: A;
    readonly reply: R;
    readonly handler: Handler<A, R, B>;
  }): MethodDefinition<A, R, B>;
  describeService<const M extends MethodSpecs<SchemaOf<B>>>(name: string, methods: M): ServiceDescription<M>;
  implementService<M extends MethodSpecs<SchemaOf<B>>>(description: ServiceDescription<M>, handlers: Handlers<M, B>): ServiceDefinition<M, B>;
  defineService<const M extends MethodSpecs<SchemaOf<B>>>(name: string, methods: M, handlers: Handlers<M, B>): ServiceDefinition<M, B>;
  defineService<const D extends { readonly [method: string]: AnyMethodDefinition<SchemaOf<B>> }>(name: string, methods: D): ServiceDefinition<SpecsOf<D>, B>;
}

/**
 * The service functions typed for another codec's body schema language (the plain exports are
 * typed for gob): `const { defineService } = servicesFor<MsgpackBody>()`. Same runtime functions.
 */
export function servicesFor<B extends BodySchema>(): ServiceFunctions<B> {
  return { method, describeService, implementService, defineService } as unknown as ServiceFunctions<B>;
}
