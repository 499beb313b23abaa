import { RestError } from '../../src/rest/ast.js';

/** Runs `fn`, expecting it to throw a RestError, and returns that error. */
export function errorOf(fn: () => unknown): RestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RestError) return e;
    throw e;
  }
  throw new Error('expected a RestError');
}
