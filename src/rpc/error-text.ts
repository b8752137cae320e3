/**
 * The texts of net/rpc error replies: Go's `Response.Error` for a failed handler
 * (server.go `service.call`: `err.Error()`), and the shortened forms of an error reply too large
 * for the codec's message limit (no Go counterpart: Go's limit is 8 GiB).
 */

/** Character limits of the retries of an error reply that failed to encode (then a fixed text). */
export const SHORTENED_LIMITS = [1 << 20, 1024] as const;

/** The error reply's header fields for retry `attempt` (≥ 1): the text cut, then the echoed name too. */
export function shortened(serviceMethod: string, errmsg: string, attempt: number): { serviceMethod: string; error: string } {
  const limit = SHORTENED_LIMITS[attempt - 1];
  if (limit === undefined) return { serviceMethod: '', error: 'rpc: error reply too large to encode' };
  const cut = (s: string): string => {
    if (s.length <= limit) return s;
    // Never split a surrogate pair (a lone surrogate may not be encodable).
    const end = (s.charCodeAt(limit - 1) & 0xfc00) === 0xd800 ? limit - 1 : limit;
    return `${s.slice(0, end)}… (${s.length - end} more characters cut)`;
  };
  return { serviceMethod: attempt === 1 ? serviceMethod : cut(serviceMethod), error: cut(errmsg) };
}

/** The `Response.Error` text for a handler failure (Go: `err.Error()`). */
export function handlerErrorText(err: unknown): string {
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : String(err);
  // Go would send an empty error text as a success with a zero reply; never do that.
  return text === '' ? 'rpc: method failed with an empty error message' : text;
}
