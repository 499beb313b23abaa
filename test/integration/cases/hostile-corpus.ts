/**
 * Values and identifiers built to escape: SQL quoting, PostgREST's own grammar (`.`, `,`, `(`,
 * `)`, `"`, `\`, `:`, `->`), URL syntax (`&`, `=`, `#`, `%`, `+`), comments, unicode and sheer
 * length. Generated, so every kind of character appears at the start, middle and end of a value.
 */

const SPECIALS = [
  "'",
  '"',
  '\\',
  ';',
  '--',
  '/*',
  '*/',
  ')',
  '(',
  ',',
  '.',
  ':',
  '::',
  '->',
  '->>',
  '{',
  '}',
  '[',
  ']',
  '%',
  '_',
  '*',
  '&',
  '=',
  '?',
  '#',
  '+',
  '$',
  '$$',
  '\t',
  '\n',
  ' ',
];

const PAYLOADS = [
  "'; drop table cities; --",
  "' or '1'='1",
  '" or "1"="1',
  '1) or (1=1',
  'x,id.gt.0',
  'eq.1',
  'in.(1,2)',
  'or=(id.gt.0)',
  'and(id.gt.0)',
  'null',
  'NULL',
  'true',
  '*',
  '%00',
  '%27',
  '\\x27',
  '$1',
  '$tag$ drop $tag$',
  "E'\\''",
  '{a,b}',
  '[1,2)',
  'a"b\\"c',
  '\\"',
  'é',
  '日本語のテキスト',
  '🙂👍🏽',
  '\u202eevil',
  'Ω≈ç√∫',
  '  padded  ',
];

/** Filter values: every special alone and wrapped in text, the payloads, and very long values. */
export function hostileValues(): string[] {
  const values = new Set<string>();
  for (const s of SPECIALS) values.add(`a${s}b`);
  // Alone, the characters of PostgREST's grammar and quoting, and whitespace.
  for (const s of ["'", '"', '\\', ')', '(', ',', '.', ':', '%', '*', ' ', '\t']) values.add(s);
  for (const p of PAYLOADS) values.add(p);
  values.add('x'.repeat(4000));
  values.add("'".repeat(700) + ')'.repeat(700));
  values.add('ü,'.repeat(600));
  return [...values];
}

/** Column names that must never reach SQL unquoted: each gives rows of a real column or a 4xx. */
export function hostileIdentifiers(): string[] {
  return [
    'val;drop table cities',
    'val--',
    'val/*',
    'val)',
    '(val',
    "val'",
    'va"l',
    '"val" from specimens; --',
    'val,pg_sleep(1)',
    'pg_catalog.pg_tables',
    'val::text);drop table cities;--',
    'val->>0;',
    '💥',
    'x'.repeat(300),
    ' val ',
    '',
  ];
}

/** A readable test title for a value (control characters and long values abbreviated). */
export function label(value: string): string {
  const shown = JSON.stringify(value);
  return shown.length > 40 ? `${shown.slice(0, 37)}…" (${value.length} chars)` : shown;
}
