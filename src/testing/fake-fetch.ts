import { settleAnswer, type FakeAnswer } from './answers.js';

/** One request as the fake `fetch` saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** The path and query of `url` (`/rest/v1/movies?select=id`). */
  readonly path: string;
  /** Header names lower-cased, as a plain object. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The body as text (`null` when there is none). Strings and `URLSearchParams` are known at once;
   * other bodies (Blob, FormData, streams) are read before the handler runs.
   */
  body: string | null;
  /** The signal passed to fetch (`signal.aborted` tells whether the caller gave up). */
  readonly signal: AbortSignal | null;
}

/** Computes the answer to one request (may be async). */
export type FakeHandler = (req: RecordedRequest, index: number) => FakeAnswer | Promise<FakeAnswer>;

/**
 * A route table: `"METHOD /path"` (query ignored) or `"/path"` (any method) → an answer, a
 * handler, or a list of answers given one per call.
 */
export type FakeRoutes = Record<string, FakeAnswer | FakeHandler | readonly FakeAnswer[]>;

/** A `fetch` that records its requests. */
export interface FakeFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Every request, in call order. */
  readonly requests: RecordedRequest[];
}

/**
 * A fake `fetch` for tests: records every request (method, URL, lower-cased headers, body text)
 * and answers from a handler or a route table. Aborting the request's signal rejects with an
 * `AbortError`, as a real fetch does. A request no route matches gets a 501 naming it.
 *
 * @example
 * ```ts
 * const fake = createFakeFetch({
 *   'GET /rest/v1/movies': jsonResponse([{ id: 1 }]),
 *   'POST /rest/v1/movies': [networkError(), { status: 201 }],
 * });
 * const client = createClient(url, key, { global: { fetch: fake } });
 * // … subscribe, then:
 * expect(fake.requests[0].headers.apikey).toBe(key);
 * ```
 */
export function createFakeFetch(answers: FakeHandler | FakeRoutes): FakeFetch {
  const handler = typeof answers === 'function' ? answers : routeHandler(answers);
  const requests: RecordedRequest[] = [];
  const fake = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = typeof input === 'object' && 'method' in input ? input : null;
    const url = request ? request.url : String(input);
    const rawBody = init.body ?? null;
    const record: RecordedRequest = {
      method: (init.method ?? request?.method ?? 'GET').toUpperCase(),
      url,
      path: pathOf(url),
      headers: lowerCased(init.headers ?? request?.headers),
      body:
        typeof rawBody === 'string'
          ? rawBody
          : rawBody instanceof URLSearchParams
            ? String(rawBody)
            : null,
      signal: init.signal ?? request?.signal ?? null,
    };
    const index = requests.push(record) - 1;
    const { signal } = record;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const answered = readBody(rawBody, record)
      .then(() => handler(record, index))
      .then(settleAnswer);
    if (!signal) return answered;
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      answered.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
  return Object.assign(fake, { requests });
}

function routeHandler(routes: FakeRoutes): FakeHandler {
  const calls = new Map<string, number>();
  return (req, index) => {
    const path = req.path.split('?')[0];
    const key = `${req.method} ${path}` in routes ? `${req.method} ${path}` : path;
    const route = routes[key];
    if (route === undefined) {
      const known = Object.keys(routes).join(', ') || 'none';
      return {
        status: 501,
        body: `createFakeFetch: no route for ${req.method} ${path} (routes: ${known})`,
      };
    }
    if (typeof route === 'function') return route(req, index);
    if (!Array.isArray(route)) return cloneIfResponse(route as FakeAnswer);
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    if (n >= route.length) {
      return {
        status: 501,
        body: `createFakeFetch: route ${key} has ${route.length} answers, this is call ${n + 1}`,
      };
    }
    return cloneIfResponse(route[n]);
  };
}

// A route's Response is answered to every call, so each call gets a fresh copy of its body.
function cloneIfResponse(answer: FakeAnswer): FakeAnswer {
  return answer instanceof Response ? answer.clone() : answer;
}

function readBody(body: BodyInit | null, record: RecordedRequest): Promise<void> {
  if (body === null || record.body !== null) return Promise.resolve();
  return new Response(body).text().then((text) => {
    record.body = text;
  });
}

function lowerCased(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) new Headers(headers).forEach((value, name) => (out[name] = value));
  return out;
}

function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  return start < 0 ? '/' : url.slice(start);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
