/**
 * The PostgREST request parser: pure functions from query strings and headers to the AST of
 * `../ast.ts`. Shared by the read path and by REST-write (writes, rpc).
 */
export { parseRequest, chooseSchema, type RequestInput } from './request.js';
export { parseSelect } from './select.js';
export { parseFilterValue, hasOperator, parseOperatorExpression } from './filter.js';
export { parseLogic } from './logic.js';
export { parseOrder } from './order.js';
export { parsePrefer, preferenceApplied } from './prefer.js';
export { parseAccept } from './accept.js';
export { parseRangeHeader } from './range.js';
export { outputName } from './field.js';
export { parseError, rangeError } from './errors.js';
