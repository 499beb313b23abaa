import { describe, expect, it } from 'vitest';
import { cleanSelect } from '../../../src/db/clean-select.js';

/** supabase-js's own cleaning: `/\s/` outside double quotes goes. */
function reference(columns: string): string {
  let quoted = false;
  return [...columns]
    .filter((c) => {
      if (/\s/.test(c) && !quoted) return false;
      if (c === '"') quoted = !quoted;
      return true;
    })
    .join('');
}

// Every character `/\s/` matches, and neighbours that it does not.
const whitespace = '\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const notWhitespace = '\u0008\u000e\u001f\u0085\u180e\u200b\u200cx';

describe('cleanSelect', () => {
  it.each([
    ['*', '*'],
    ['id,title', 'id,title'],
    ['id, title', 'id,title'],
    [' id , "full name" ', 'id,"full name"'],
    ['id, name,\n cities ( name ), "first name"', 'id,name,cities(name),"first name"'],
    ['"a b" , "c\td"', '"a b","c\td"'],
    ['"unclosed  quote , x', '"unclosed  quote , x'],
    ['', ''],
  ])('%j → %j', (columns, expected) => {
    expect(cleanSelect(columns)).toBe(expected);
    expect(cleanSelect(columns)).toBe(reference(columns));
  });

  it('removes exactly what /\\s/ matches', () => {
    const columns = `a${whitespace}b${notWhitespace}c"${whitespace}"`;
    expect(cleanSelect(columns)).toBe(reference(columns));
    expect(cleanSelect(whitespace)).toBe('');
    for (const c of notWhitespace) expect(cleanSelect(c)).toBe(c);
  });
});
