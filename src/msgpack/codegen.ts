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

/**
 * Source characters compiled in total, at most; beyond it, structs of shapes not compiled yet get
 * the closure-based functions. Compiled factories are cached by source, so a descriptor built
 * again (e.g. per call) reuses its factory instead of compiling anew, and the cache cannot grow
 * past this bound. Deviation from Go: Go generates no code; this cap has no Go counterpart.
 */
export const CODEGEN_MAX_SOURCE_CHARS = 4 * 1024 * 1024;

type Factory = (...args: unknown[]) => unknown;
const factories = new Map<string, Factory>();
let compiledChars = 0;

/**
 * Compiles `body` as a function of `params` (once per distinct source) and calls it with `args`,
 * giving the generated function with its closure; null once the source budget is spent.
 */
export function generate<F>(params: readonly string[], body: string, args: readonly unknown[]): F | null {
  const key = `${params.join(',')}\n${body}`;
  let make = factories.get(key);
  if (make === undefined) {
    if (compiledChars + key.length > CODEGEN_MAX_SOURCE_CHARS) return null;
    make = new Function(...params, body) as Factory;
    factories.set(key, make);
    compiledChars += key.length;
  }
  return make(...args) as F;
}

/** Factories compiled and their total source characters (for tests and diagnostics). */
export function codegenUsage(): { readonly factories: number; readonly chars: number } {
  return { factories: factories.size, chars: compiledChars };
}
