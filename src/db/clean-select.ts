/**
 * Whether a UTF-16 code unit is what `/\s/` matches: ECMAScript's
 * WhiteSpace and LineTerminator. Comparisons rather than a regular expression: in the request loop
 * each builtin a query touches costs more than these few lines (see queryString).
 */
function isWhitespace(code: number): boolean {
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
 * Removes whitespace from a `select` column list except inside double quotes (a `"` toggles
 * quoting), as supabase-js does: `'id, name,\n cities ( name ), "first name"'` →
 * `'id,name,cities(name),"first name"'`.
 *
 * @example
 * ```ts
 * cleanSelect(' id , "full name" '); // 'id,"full name"'
 * ```
 */
export function cleanSelect(columns: string): string {
  let quoted = false;
  let out = '';
  let kept = 0; // start of the run of characters not yet copied to `out`
  for (let i = 0; i < columns.length; i++) {
    const code = columns.charCodeAt(i);
    if (code === 34)
      quoted = !quoted; // "
    else if (!quoted && isWhitespace(code)) {
      out += columns.slice(kept, i);
      kept = i + 1;
    }
  }
  return kept === 0 ? columns : out + columns.slice(kept);
}
