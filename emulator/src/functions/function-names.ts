/**
 * A function name as the Supabase CLI accepts it (`supabase functions new`): a letter, then
 * letters, digits, `_` or `-`. Folders such as `_shared` or `.git` are therefore never functions.
 *
 * @example
 * ```ts
 * isFunctionName('hello-world'); // true
 * isFunctionName('_shared');     // false
 * ```
 */
export function isFunctionName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(name);
}

/** The function a `/functions/v1/…` request addresses, and the path its handler sees. */
export interface FunctionTarget {
  /** The function's name (the first path segment), or `''` when there is none. */
  name: string;
  /**
   * The path as the handler sees it, without `/functions/v1` (`/hello/items/1`), as the relay
   * hands requests to the edge runtime.
   */
  path: string;
}

/**
 * Splits the path after `/functions/v1` into the function's name and the path the handler sees.
 * A segment that is not valid percent-encoding yields no name.
 *
 * @example
 * ```ts
 * functionTarget('/hello/items/1'); // { name: 'hello', path: '/hello/items/1' }
 * ```
 */
export function functionTarget(rest: string): FunctionTarget {
  const path = rest.startsWith('/') ? rest : `/${rest}`;
  const first = path.slice(1).split('/')[0] ?? '';
  let name: string;
  try {
    name = decodeURIComponent(first);
  } catch {
    name = '';
  }
  return { name, path };
}
