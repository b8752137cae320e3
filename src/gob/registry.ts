/**
 * Names of concrete types sent inside interface values (Go type.go `Register`, `RegisterName`,
 * `registerBasics`, the `nameToConcreteType` / `concreteTypeToName` maps).
 *
 * Deviation from Go: registries are instance-scoped (pass `registry` to an Encoder/Decoder);
 * `defaultRegistry` plays the role of Go's process-global one.
 */
import { gobError } from './errors.js';
import { registerName, typeKey } from './go-names.js';
import * as t from './types.js';
import type { Descriptor } from './types.js';

export class Registry {
  private readonly byName = new Map<string, Descriptor>();
  private readonly byKey = new Map<string, string>();

  /** @param options.builtins pre-register Go's basic names (`int`, `[]uint8`, `[]string`, …); default true. */
  constructor(options?: { readonly builtins?: boolean }) {
    if (options?.builtins !== false) registerBasics(this);
  }

  /**
   * Go `RegisterName(name, value)`: `name` is sent on the wire for values of `type`.
   * @throws GobError INVALID_DESCRIPTOR for an empty name or a conflicting registration.
   */
  register(name: string, type: Descriptor): this {
    if (name === '') throw gobError('INVALID_DESCRIPTOR', 'gob: attempt to register empty name');
    const key = typeKey(type);
    const existing = this.byName.get(name);
    if (existing !== undefined && typeKey(existing) !== key) {
      throw gobError('INVALID_DESCRIPTOR', `gob: registering duplicate types for ${JSON.stringify(name)}`);
    }
    const existingName = this.byKey.get(key);
    if (existingName !== undefined && existingName !== name) {
      throw gobError('INVALID_DESCRIPTOR', `gob: registering duplicate names for type: ${JSON.stringify(existingName)} != ${JSON.stringify(name)}`);
    }
    this.byName.set(name, type);
    this.byKey.set(key, name);
    return this;
  }

  /** Go `Register(value)`: registers under Go's default name (`main.Point`, `*main.Point`, `[]interface {}`). Returns the name. */
  registerType(type: Descriptor): string {
    const name = registerName(type);
    this.register(name, type);
    return name;
  }

  /** The descriptor registered under `name`. */
  lookup(name: string): Descriptor | undefined {
    return this.byName.get(name);
  }

  /** The name registered for `type` (by Go type identity). */
  nameOf(type: Descriptor): string | undefined {
    return this.byKey.get(typeKey(type));
  }

  /** All registered names. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

function registerBasics(r: Registry): void {
  const basics: Descriptor[] = [
    { ...t.intAuto, goName: 'int' },
    t.int8,
    t.int16,
    t.int32,
    t.intAuto,
    { ...t.uintAuto, goName: 'uint' },
    t.uint8,
    t.uint16,
    t.uint32,
    t.uintAuto,
    { ...t.uintAuto, goName: 'uintptr' },
    t.float32,
    t.float64,
    t.complex64,
    t.complex128,
    t.bool,
    t.string,
  ];
  for (const b of basics) r.registerType(b);
  r.register('[]uint8', t.bytes);
  for (const b of basics) {
    if (b.kind === 'uint' && b.goName === 'uint8') continue;
    r.registerType(t.slice(b));
  }
}

/** The registry used when none is given (Go's process-global registry). */
export const defaultRegistry = new Registry();
