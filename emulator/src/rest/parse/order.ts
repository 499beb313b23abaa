import type { OrderTerm } from '../ast.js';
import { Cursor } from './cursor.js';
import { readField } from './field.js';

/**
 * Parses `order=a.asc,b->k.desc.nullsfirst,c.nullslast`.
 *
 * @example
 * parseOrder('year.desc.nullslast'); // [{ field: {name:'year',…}, direction: 'desc', nulls: 'last' }]
 */
export function parseOrder(input: string): OrderTerm[] {
  const c = new Cursor('order', input);
  const terms: OrderTerm[] = [];
  for (;;) {
    const field = readField(c);
    const term: OrderTerm = { field };
    if (c.take('.asc')) term.direction = 'asc';
    else if (c.take('.desc')) term.direction = 'desc';
    if (c.take('.nullsfirst')) term.nulls = 'first';
    else if (c.take('.nullslast')) term.nulls = 'last';
    c.skipSpaces();
    terms.push(term);
    if (c.done) return terms;
    if (!c.take(',')) {
      if (c.peek() === '.') {
        c.pos++;
        c.fail(['"asc"', '"desc"', '"nullsfirst"', '"nullslast"']);
      }
      c.fail(['","', 'end of input']);
    }
  }
}
