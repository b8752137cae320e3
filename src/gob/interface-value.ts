/**
 * Go interface values (gob encode.go `encodeInterface`, decode.go `decodeInterface`): `iface`
 * wraps a concrete value together with its concrete type as a {@link GoInterface} (declared with
 * the descriptors in types.ts). `null` stands for the nil interface.
 */
import { GoInterface } from './types.js';
import type { Descriptor, Infer } from './types.js';

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
