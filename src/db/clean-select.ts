const WHITESPACE = /\s/;

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
  // Most select strings have no whitespace at all: skip the character walk for them.
  if (!WHITESPACE.test(columns)) return columns;
  let quoted = false;
  let out = '';
  for (const c of columns) {
    if (!quoted && WHITESPACE.test(c)) continue;
    if (c === '"') quoted = !quoted;
    out += c;
  }
  return out;
}
