/**
 * Go interface values (gob encode.go `encodeInterface`, decode.go `decodeInterface`): a concrete
 * value together with its concrete type. `null` stands for the nil interface.
 */
import type { Descriptor, Infer } from './types.js';

/** A non-nil Go interface value: the concrete type (descriptor and/or registered name) and value. */
export class GoInterface<T = unknown> {
  /**
   * @param type  descriptor of the concrete type; `null` means "look the name up in the registry".
   * @param value the concrete value (as for `type`).
   * @param name  the registered Go name sent on the wire; `null` means "look the descriptor up in the registry".
   */
  constructor(
    readonly type: Descriptor | null,
    readonly value: T,
    readonly name: string | null,
  ) {}
}

/**
 * Wraps a value for an interface slot (`interface{}`, `any`, `error` fields, elements, …).
 * `gob.iface(Point, {X: 1, Y: 2})` uses Point's registered name; `gob.iface('main.Point', v)`
 * uses the registered descriptor of that name.
 */
export function iface<D extends Descriptor>(type: D, value: Infer<D>, name?: string): GoInterface<Infer<D>>;
export function iface(name: string, value: unknown): GoInterface;
export function iface(typeOrName: Descriptor | string, value: unknown, name?: string): GoInterface {
  if (typeof typeOrName === 'string') return new GoInterface(null, value, typeOrName);
  return new GoInterface(typeOrName, value, name ?? null);
}
