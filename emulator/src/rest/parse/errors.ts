import { RestError } from '../ast.js';

/**
 * A PGRST100 error in PostgREST's shape: `"failed to parse filter (x)" (line 1, column n)` with
 * a parser-style `details` ("unexpected … expecting …").
 *
 * @example
 * throw parseError('filter', 'eq1', 2, 'unexpected end of input expecting "."');
 */
export function parseError(
  what: string,
  input: string,
  offset: number,
  details: string,
): RestError {
  return new RestError(400, {
    code: 'PGRST100',
    // PostgREST's parser reports a 1-based column on the first line.
    message: `"failed to parse ${what} (${input})" (line 1, column ${offset + 1})`,
    details,
    hint: null,
  });
}

/**
 * A 416 PGRST103 (`Requested range not satisfiable`) with one of PostgREST's details.
 *
 * @example
 * throw rangeError('Limit should be greater than or equal to zero.');
 */
export function rangeError(details: string): RestError {
  return new RestError(416, {
    code: 'PGRST103',
    message: 'Requested range not satisfiable',
    details,
    hint: null,
  });
}
