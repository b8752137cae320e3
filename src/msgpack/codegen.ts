/**
 * Code generation for struct encoders and decoders (`new Function`): straight-line code per
 * struct with its field names as property names, so V8 sees monomorphic property access instead
 * of keyed loads in a loop. The same approach as go-netrpc/gob's struct-codegen.ts.
 *
 * Field names come only from descriptors a program builds (never from the wire) and appear in
 * generated source only as JSON string literals. When Node forbids code generation
 * (`--disallow-code-generation-from-strings`, detected once), callers use their closure-based
 * functions instead: same bytes, same values.
 */

/** True when `new Function` works in this process. */
export const codegenAvailable: boolean = (() => {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
})();

/** Structs with more fields than this use the closure-based functions (bounded source size). */
export const CODEGEN_MAX_FIELDS = 256;

/** A JS string literal of `s` (what field names look like in generated source). */
export const lit = (s: string): string => JSON.stringify(s);

/** Compiles `body` as a function of `params` and calls it with `args` (the generated function's closure). */
export function generate<F>(params: readonly string[], body: string, args: readonly unknown[]): F {
  return (new Function(...params, body) as (...a: unknown[]) => F)(...args);
}
