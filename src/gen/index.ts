/**
 * go-netrpc/gen: TypeScript descriptors, value types, net/rpc contracts and gob registrations
 * generated from Go source (the `go-netrpc gen` command's library form). Go packages are
 * loaded and type-checked by a small Go helper (gen-helper/, shipped as source) built with the
 * local Go toolchain on first use and cached.
 */
export { generate } from './generate.js';
export type { GenerateOptions, GenerateResult } from './generate.js';
export { emitModule } from './emit.js';
export type { EmitOptions } from './emit.js';
export { GoNetrpcError } from '../internal/errors.js';
export { GenError } from './errors.js';
export type { GenErrorCode } from './errors.js';
export type { GoModel, NamedType, TypeRef, FieldRef, ServiceModel, RegistrationModel } from './model.js';
export { ensureHelper, defaultCacheDir } from './go-helper.js';
export type { GoToolOptions } from './go-helper.js';
