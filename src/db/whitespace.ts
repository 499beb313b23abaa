/**
 * Whether a UTF-16 code unit is what `/\s/` matches (and `trim()` removes): ECMAScript's
 * WhiteSpace and LineTerminator. Comparisons rather than a regular expression or `trim()`: in the
 * request loop each builtin a query touches costs more than these few lines (see queryString).
 *
 * @example
 * ```ts
 * isWhitespace(' '.charCodeAt(0)); // true
 * isWhitespace('a'.charCodeAt(0)); // false
 * ```
 */
export function isWhitespace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) || // tab, line feed, vertical tab, form feed, carriage return
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0xa0 ||
    code === 0x1680 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Whether `text` is empty or only whitespace (`text.trim() === ''`).
 *
 * @example
 * ```ts
 * isBlank(' \n'); // true
 * isBlank(' movies '); // false
 * ```
 */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isWhitespace(text.charCodeAt(i))) return false;
  return true;
}
