import { settleAnswer, type FakeAnswer } from './answers.js';
import { abortReason, recordRequest, type RecordedRequest } from './recorded-request.js';
import { routeHandler, type Routes } from './routes.js';

export type { RecordedRequest } from './recorded-request.js';

/** Computes the answer to one request (may be async). */
export type FakeHandler = (req: RecordedRequest, index: number) => FakeAnswer | Promise<FakeAnswer>;

/** A route table for {@link createFakeFetch} (see {@link Routes}). */
export type FakeRoutes = Routes<FakeAnswer>;

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
  const handler =
    typeof answers === 'function'
      ? answers
      : routeHandler<FakeAnswer>(
          answers,
          (m) => ({ status: 501, body: `createFakeFetch: ${m}` }),
          cloneIfResponse,
        );
  const requests: RecordedRequest[] = [];
  const fake = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const record = recordRequest(input, init);
    const rawBody = init.body ?? null;
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
