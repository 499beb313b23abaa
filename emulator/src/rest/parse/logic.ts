import type { Condition, Logic } from '../ast.js';
import { Cursor } from './cursor.js';
import { readField } from './field.js';
import { parseOperatorExpression } from './filter.js';

/**
 * Parses a logic tree parameter: the key's operator (`or`, `and`, with `not.` when negated) and
 * its value `(a.eq.1,and(b.gt.2,c.not.is.null))`, nesting allowed. Operands inside are read as
 * PostgREST reads them there: up to `,` or `)`, unless `"quoted"` (backslash escapes) or `{…}`.
 *
 * @example
 * parseLogic('or', false, '(id.eq.2,name.eq.Han)');
 */
export function parseLogic(operator: 'and' | 'or', negated: boolean, value: string): Logic {
  const c = new Cursor('logic tree', value);
  const children = readChildren(c);
  if (!c.done) c.fail(['end of input']);
  return { type: 'logic', operator, negated, children };
}

function readChildren(c: Cursor): Condition[] {
  c.skipSpaces();
  c.expect('(');
  const children: Condition[] = [];
  for (;;) {
    c.skipSpaces();
    children.push(readCondition(c));
    c.skipSpaces();
    if (c.take(',')) continue;
    c.expect(')');
    c.skipSpaces();
    return children;
  }
}

function readCondition(c: Cursor): Condition {
  const nested = /^(not\.)?(and|or)\(/.exec(c.input.slice(c.pos));
  if (nested) {
    c.pos += nested[0].length - 1;
    return {
      type: 'logic',
      operator: nested[2] as 'and' | 'or',
      negated: nested[1] !== undefined,
      children: readChildren(c),
    };
  }
  if (c.peek() === ')') {
    c.fail([
      'field name (* or [a..z0..9_$])',
      'negation operator (not)',
      'logic operator (and, or)',
    ]);
  }
  const field = readField(c);
  c.expect('.');
  return { type: 'filter', field, ...parseOperatorExpression(c, true) };
}
