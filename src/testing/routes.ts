import type { RecordedRequest } from './recorded-request.js';

/**
 * A route table: `"METHOD /path"` (query ignored) or `"/path"` (any method) → an answer, a
 * handler, or a list of answers given one per call.
 */
export type Routes<A> = Record<
  string,
  A | ((req: RecordedRequest, index: number) => A | Promise<A>) | readonly A[]
>;

/**
 * @internal A handler answering from a route table. A request no route matches, or a list of
 * answers used up, gets `missing(message)`: a test should fail loudly, not hang.
 */
export function routeHandler<A>(
  routes: Routes<A>,
  missing: (message: string) => A,
  copy: (answer: A) => A = (a) => a,
): (req: RecordedRequest, index: number) => A | Promise<A> {
  const calls = new Map<string, number>();
  return (req, index) => {
    const path = req.path.split('?')[0];
    const key = `${req.method} ${path}` in routes ? `${req.method} ${path}` : path;
    const route = routes[key];
    if (route === undefined) {
      const known = Object.keys(routes).join(', ') || 'none';
      return missing(`no route for ${req.method} ${path} (routes: ${known})`);
    }
    if (typeof route === 'function') {
      return (route as (r: RecordedRequest, i: number) => A | Promise<A>)(req, index);
    }
    if (!Array.isArray(route)) return copy(route as A);
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    if (n >= route.length) {
      return missing(`route ${key} has ${route.length} answers, this is call ${n + 1}`);
    }
    return copy(route[n] as A);
  };
}
