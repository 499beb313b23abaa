import type { AggregateFunction, SelectItem } from '../ast.js';
import { Cursor } from './cursor.js';
import { isIdentChar, readField, readFieldName } from './field.js';

const AGGREGATES: readonly AggregateFunction[] = ['count', 'sum', 'avg', 'max', 'min'];

/**
 * Parses PostgREST's `select=` grammar into a tree: columns with aliases, casts and JSON paths,
 * `*`, aggregates (`count()`, `amount.sum()::int`), embeds (`alias:rel!hint!inner(…)`) and spreads
 * (`...rel(…)`). An empty string means `*`. Errors are PGRST100 with PostgREST's message.
 *
 * @example
 * parseSelect('id,director:people!movies_director_id_fkey(name),reviews(count())');
 */
export function parseSelect(input: string): SelectItem[] {
  if (input.trim() === '') return [{ type: 'star' }];
  const c = new Cursor('select parameter', input);
  const items = readForest(c);
  if (!c.done) c.fail(['","', 'end of input']);
  return items;
}

function readForest(c: Cursor): SelectItem[] {
  const items: SelectItem[] = [];
  for (;;) {
    c.skipSpaces();
    items.push(readItem(c));
    c.skipSpaces();
    if (!c.take(',')) return items;
  }
}

function readItem(c: Cursor): SelectItem {
  if (c.take('*')) {
    return { type: 'star' };
  }
  if (c.take('...')) {
    let name = readFieldName(c);
    let alias: string | undefined;
    if (c.peek() === ':' && c.peek(1) !== ':') {
      c.pos++;
      alias = name;
      name = readFieldName(c);
    }
    const embed = readEmbedRest(c, name, alias, true);
    if (!embed) c.fail(['"("']);
    return embed;
  }
  const start = c.pos;
  let alias: string | undefined;
  const first = readNameOrCount(c);
  if (c.peek() === ':' && c.peek(1) !== ':') {
    c.pos++;
    alias = first.name;
    if (first.count) c.fail(['","', '")"', 'end of input']);
    c.skipSpaces();
    if (c.take('...')) c.fail(['field name (* or [a..z0..9_$])'], '"."');
    const second = readNameOrCount(c);
    if (second.count) return finishCount(c, alias);
    return readColumnOrEmbed(c, second.name, second.start, alias);
  }
  if (first.count) return finishCount(c, undefined);
  return readColumnOrEmbed(c, first.name, start, alias);
}

/** Reads a field name, noticing the bare `count()` aggregate. */
function readNameOrCount(c: Cursor): { name: string; start: number; count: boolean } {
  c.skipSpaces();
  const start = c.pos;
  if (c.startsWith('count()')) {
    c.pos += 'count()'.length;
    return { name: 'count', start, count: true };
  }
  return { name: readFieldName(c), start, count: false };
}

function finishCount(c: Cursor, alias: string | undefined): SelectItem {
  const aggregateCast = readCast(c);
  return {
    type: 'column',
    field: { name: '', jsonPath: [] },
    aggregate: 'count',
    ...(alias !== undefined && { alias }),
    ...(aggregateCast !== undefined && { aggregateCast }),
  };
}

function readColumnOrEmbed(
  c: Cursor,
  name: string,
  start: number,
  alias: string | undefined,
): SelectItem {
  const embed = readEmbedRest(c, name, alias, false);
  if (embed) return embed;
  c.pos = start;
  const field = readField(c);
  const cast = readCast(c);
  let aggregate: AggregateFunction | undefined;
  let aggregateCast: string | undefined;
  if (c.peek() === '.') {
    const m = /^\.([a-z]+)\(\)/.exec(c.input.slice(c.pos));
    if (!m || !AGGREGATES.includes(m[1] as AggregateFunction)) {
      c.pos++;
      c.fail(['aggregate function (count, sum, avg, max, min)']);
    }
    c.pos += m[0].length;
    aggregate = m[1] as AggregateFunction;
    aggregateCast = readCast(c);
  }
  c.skipSpaces();
  if (!c.done && c.peek() !== ',' && c.peek() !== ')') {
    c.fail(['"->>"', '"->"', '"::"', '")"', '","', 'end of input']);
  }
  return {
    type: 'column',
    field,
    ...(alias !== undefined && { alias }),
    ...(cast !== undefined && { cast }),
    ...(aggregate !== undefined && { aggregate }),
    ...(aggregateCast !== undefined && { aggregateCast }),
  };
}

function readCast(c: Cursor): string | undefined {
  if (!c.take('::')) return undefined;
  const start = c.pos;
  // Type names: letters, digits, `_`, spaces (`double precision`) and a trailing `[]`.
  while (isIdentChar(c.peek())) c.pos++;
  c.take('[]');
  const cast = c.input.slice(start, c.pos).trim();
  if (cast === '') c.fail(['letter or digit']);
  return cast;
}

/** After a name: `!hint`, `!inner|!left`, then `(` … `)`. Returns undefined if no `(` follows. */
function readEmbedRest(
  c: Cursor,
  relation: string,
  alias: string | undefined,
  spread: boolean,
): SelectItem | undefined {
  const save = c.pos;
  let hint: string | undefined;
  let joinType: 'inner' | 'left' | undefined;
  for (let i = 0; i < 2 && c.peek() === '!'; i++) {
    c.pos++;
    const word = readFieldName(c);
    if (word === 'inner' || word === 'left') joinType = word;
    else hint = word;
  }
  c.skipSpaces();
  if (!c.take('(')) {
    c.pos = save;
    if (c.peek() === '!') c.fail(['"("']);
    return undefined;
  }
  c.skipSpaces();
  const select: SelectItem[] = c.peek() === ')' ? [] : readForest(c);
  c.skipSpaces();
  c.expect(')');
  return {
    type: 'embed',
    relation,
    spread,
    select,
    ...(alias !== undefined && { alias }),
    ...(hint !== undefined && { hint }),
    ...(joinType !== undefined && { joinType }),
  };
}
