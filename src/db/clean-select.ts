import { isWhitespace } from './whitespace.js';

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
