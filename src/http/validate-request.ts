import { RESPONSE_BODY_TYPES } from './read-body.js';

const METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PATCH',
  'PUT',
  'DELETE',
  'OPTIONS',
]);

// Scheme and host: enough to tell a URL from a path or a typo, without the cost of `new URL`.
const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:\/\/[^/?#\s]/i;

/**
 * What is wrong with a request description, or `null` when it can be sent. Catches, before any
 * `fetch`, the mistakes fetch would reject as a `TypeError` (which would otherwise look like a
 * network failure and be retried).
 *
 * @example
 * ```ts
 * validateRequest({ method: 'GET', url: '/movies', headers: {} });
 * // 'Request URL must be absolute (scheme and host), got "/movies"'
 * ```
 */
export function validateRequest(req: {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly responseType?: string;
  readonly fetch?: unknown;
}): string | null {
  if (typeof req !== 'object' || req === null) return 'A request must be an object';
  if (!METHODS.has(req.method)) return `Unknown HTTP method ${JSON.stringify(req.method)}`;
  if (typeof req.url !== 'string' || !ABSOLUTE_URL.test(req.url)) {
    return `Request URL must be absolute (scheme and host), got ${JSON.stringify(req.url)}`;
  }
  if (req.body != null && (req.method === 'GET' || req.method === 'HEAD')) {
    return `A ${req.method} request cannot have a body (${req.url})`;
  }
  if (req.responseType !== undefined && !RESPONSE_BODY_TYPES.has(req.responseType)) {
    return `Unknown responseType ${JSON.stringify(req.responseType)}; expected one of ${[...RESPONSE_BODY_TYPES].join(', ')}`;
  }
  if (req.fetch !== undefined && typeof req.fetch !== 'function') {
    return `A request's fetch must be a function, got ${typeof req.fetch}`;
  }
  return null;
}
