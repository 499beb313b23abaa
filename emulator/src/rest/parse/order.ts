import type { OrderTerm } from '../ast.js';
import { Cursor } from './cursor.js';
import { readField } from './field.js';

/**
 * Parses `order=a.asc,b->k.desc.nullsfirst,c.nullslast,director(name).desc`.
 *
 * @example
 * parseOrder('year.desc.nullslast'); // [{ field: {name:'year',…}, direction: 'desc', nulls: 'last' }]
 */
export function parseOrder(input: string): OrderTerm[] {
  const c = new Cursor('order', input);
  const terms: OrderTerm[] = [];
  for (;;) {
    let field = readField(c);
    let relation: string | undefined;
    if (field.jsonPath.length === 0 && c.take('(')) {
      // A related order: `embed(column)`.
      relation = field.name;
      field = readField(c);
      c.expect(')');
    }
    const term: OrderTerm = relation === undefined ? { field } : { field, relation };
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
