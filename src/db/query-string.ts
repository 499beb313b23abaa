import type { QueryParam } from './state.js';

// `%XX` of every ASCII code, for the characters the form encoding escapes.
const PERCENT = Array.from(
  { length: 128 },
  (_, code) => `%${code < 16 ? '0' : ''}${code.toString(16).toUpperCase()}`,
);

/** What the form encoding keeps as it is: ASCII letters and digits, `*`, `-`, `.`, `_`. */
function isKept(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 42 || // *
    code === 45 || // -
    code === 46 || // .
    code === 95 // _
  );
}

/**
 * One key or value as `URLSearchParams` encodes it (application/x-www-form-urlencoded): ASCII
 * here, a space as `+`; text with any other character is left to `URLSearchParams` itself (UTF-8,
 * lone surrogates), so the result is always its own.
 */
function formEncode(text: string): string {
  let out = '';
  let kept = 0; // start of the run of kept characters not yet copied to `out`
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isKept(code)) continue;
    if (code >= 128) return new URLSearchParams([['', text]]).toString().slice(1);
    out += text.slice(kept, i) + (code === 32 ? '+' : PERCENT[code]);
    kept = i + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/**
 * The query string `URLSearchParams` would make of `params` (what supabase-js sends), without
 * its `?`. By hand because the request loop pays for every piece of code a query runs, in CPU
 * caches that each fetch has filled with its own: `URLSearchParams` (JavaScript inside Node)
 * costs about 4 µs per query there, `encodeURIComponent` with a check for the characters it
 * treats differently about 2.5, this loop about 1 (in-loop timings on Node 24, bench/request-overhead.ts).
 *
 * @example
 * ```ts
 * queryString([['select', 'id,title'], ['title', 'eq.Heat (1995)']]);
 * // 'select=id%2Ctitle&title=eq.Heat+%281995%29'
 * ```
 */
export function queryString(params: readonly QueryParam[]): string {
  let out = '';
  for (let i = 0; i < params.length; i++) {
    const [key, value] = params[i];
    out += `${i === 0 ? '' : '&'}${formEncode(key)}=${formEncode(value)}`;
  }
  return out;
}
