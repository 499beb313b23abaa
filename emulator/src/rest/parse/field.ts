import type { Field, JsonStep } from '../ast.js';
import type { Cursor } from './cursor.js';

const IDENT_CHAR = /[\p{L}\p{N}_ $]/u;

/**
 * Whether `ch` may appear in an unquoted PostgREST identifier (letters, digits, `_`, space, `$`).
 *
 * @example
 * isIdentChar('é'); // true
 * isIdentChar(','); // false
 */
export function isIdentChar(ch: string): boolean {
  return ch !== '' && IDENT_CHAR.test(ch);
}

/**
 * Reads a `"quoted"` value (backslash escapes any character) and returns it unquoted.
 *
 * @example
 * readQuoted(new Cursor('x', '"a\\"b"')); // 'a"b'
 */
export function readQuoted(c: Cursor): string {
  c.expect('"');
  let out = '';
  for (;;) {
    if (c.done) c.fail(['"\\""']);
    const ch = c.peek();
    if (ch === '"') break;
    if (ch === '\\') {
      c.pos++;
      if (c.done) c.fail(['any character']);
    }
    out += c.peek();
    c.pos++;
  }
  c.pos++;
  return out;
}

/**
 * Reads one identifier: quoted (`"first name"`), or letters/digits/`_`/`$`/spaces joined by
 * dashes (a `-` followed by `>` starts a JSON arrow instead). Unquoted names are trimmed.
 *
 * @example
 * readFieldName(new Cursor('select parameter', 'my-col->a')); // 'my-col'
 */
export function readFieldName(c: Cursor): string {
  if (c.peek() === '"') return readQuoted(c);
  const start = c.pos;
  for (;;) {
    const ch = c.peek();
    if (isIdentChar(ch)) c.pos++;
    else if (ch === '-' && c.peek(1) !== '>' && c.pos > start && isIdentChar(c.peek(1))) c.pos++;
    else break;
  }
  const name = c.input.slice(start, c.pos).trim();
  if (name === '') {
    c.pos = start;
    c.fail(['field name (* or [a..z0..9_$])']);
  }
  return name;
}

/**
 * Reads `->a->>b->0` steps after a column name (none is fine). Integer operands (`->0`,
 * `->-1`) are array indexes.
 *
 * @example
 * readJsonPath(new Cursor('x', '->a->>0')); // [{arrow:'->',key:'a'},{arrow:'->>',key:0}]
 */
export function readJsonPath(c: Cursor): JsonStep[] {
  const steps: JsonStep[] = [];
  for (;;) {
    let arrow: JsonStep['arrow'];
    if (c.take('->>')) arrow = '->>';
    else if (c.take('->')) arrow = '->';
    else return steps;
    const m = /^-?\d+/.exec(c.input.slice(c.pos));
    const after = m ? c.input.slice(c.pos + m[0].length) : '';
    if (m && (after === '' || /^(->|::|\.|,|\)|\()/.test(after))) {
      c.pos += m[0].length;
      steps.push({ arrow, key: Number(m[0]) });
    } else {
      steps.push({ arrow, key: readFieldName(c) });
    }
  }
}

/**
 * Reads a column with an optional JSON path: `data->a->>b`.
 *
 * @example
 * readField(new Cursor('order', 'data->>k.desc')); // { name: 'data', jsonPath: [...] }
 */
export function readField(c: Cursor): Field {
  c.skipSpaces();
  const name = readFieldName(c);
  const jsonPath = readJsonPath(c);
  c.skipSpaces();
  return { name, jsonPath };
}

/**
 * The key a column gets in the response: its alias, else the last JSON key, else its name
 * (PostgREST names `data->a->>b` as `b`, and an index step as the column name).
 *
 * @example
 * outputName({ name: 'data', jsonPath: [{ arrow: '->>', key: 'b' }] }); // 'b'
 */
export function outputName(field: Field, alias?: string): string {
  if (alias) return alias;
  for (let i = field.jsonPath.length - 1; i >= 0; i--) {
    const key = field.jsonPath[i].key;
    if (typeof key === 'string') return key;
  }
  return field.name;
}
