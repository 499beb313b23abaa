import { isObservable, take, type Observable, type Subscription } from 'rxjs';
import { answerParts, type AnswerParts, type FakeAnswer } from './answers.js';
import type { FakeFetch } from './fake-fetch.js';
import { abortReason, recordRequest, type RecordedRequest } from './recorded-request.js';
import { routeHandler, type Routes } from './routes.js';
import { SyncThenable } from './sync-thenable.js';

/** An answer now, or an Observable whose first value is the answer at that (virtual) time. */
export type MarbleAnswer = FakeAnswer | Observable<FakeAnswer>;

/** Computes the answer to one request, synchronously. */
export type MarbleHandler = (req: RecordedRequest, index: number) => MarbleAnswer;

/**
 * A fake `fetch` for marble tests. Answers may be cold Observables: the response arrives when the
 * Observable emits, in virtual time. Everything settles synchronously, so code that calls fetch
 * and reads bodies with `then` (the supabase-rx transport does) runs entirely inside
 * `TestScheduler.run`. Aborting the signal rejects at once. Bodies are known text
 * (`jsonResponse`, `textResponse`, plain replies with a string body); `response.body` is `null`,
 * so `responseType: 'stream'` is out of its reach — use `createFakeFetch` for that.
 *
 * @example
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const fetch = createMarbleFetch(() => cold('50ms a', { a: jsonResponse([{ id: 1 }]) }));
 *   const supabase = createClient(url, key, { global: { fetch }, scheduler: testScheduler });
 *   expectObservable(supabase.from('movies').select().pipe(map((r) => r.data))).toBe(
 *     '50ms (d|)',
 *     { d: [{ id: 1 }] },
 *   );
 * });
 * ```
 */
export function createMarbleFetch(answers: MarbleHandler | Routes<MarbleAnswer>): FakeFetch {
  const handler =
    typeof answers === 'function'
      ? answers
      : routeHandler<MarbleAnswer>(answers, (m) => ({
          status: 501,
          body: `createMarbleFetch: ${m}`,
        }));
  const requests: RecordedRequest[] = [];
  const fake = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const record = recordRequest(input, init);
    const index = requests.push(record) - 1;
    const result = new SyncThenable<Response>();
    const { signal } = record;
    if (signal?.aborted) {
      result.reject(abortReason(signal));
      return result as unknown as Promise<Response>;
    }
    let sub: Subscription | undefined;
    const onAbort = () => {
      sub?.unsubscribe();
      result.reject(abortReason(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (answer: FakeAnswer) => {
      let parts: AnswerParts;
      try {
        parts = answerParts(answer);
      } catch (error) {
        parts = { kind: 'network', error: error as TypeError };
      }
      if (parts.kind === 'never') return; // pending until the signal aborts
      signal?.removeEventListener('abort', onAbort);
      if (parts.kind === 'network') result.reject(parts.error);
      else result.resolve(syncResponse(parts, record.url));
    };
    let answer: MarbleAnswer | Promise<MarbleAnswer>;
    try {
      answer = handler(record, index);
    } catch (error) {
      result.reject(error);
      return result as unknown as Promise<Response>;
    }
    if (answer instanceof Promise) {
      result.reject(
        new TypeError('createMarbleFetch: answer synchronously, or with an Observable'),
      );
    } else if (isObservable(answer)) {
      sub = answer
        .pipe(take(1))
        .subscribe({ next: settle, error: (e: unknown) => result.reject(e) });
    } else settle(answer);
    return result as unknown as Promise<Response>;
  };
  return Object.assign(fake, { requests });
}

/** A Response look-alike whose body methods settle synchronously. */
function syncResponse(parts: AnswerParts & { kind: 'response' }, url: string): Response {
  let used = false;
  const read = <T>(get: () => T): SyncThenable<T> => {
    if (used) return SyncThenable.reject(new TypeError('Body is unusable: it was already read'));
    used = true;
    try {
      return SyncThenable.resolve(get());
    } catch (error) {
      return SyncThenable.reject(error);
    }
  };
  const { status, statusText, headers, text } = parts;
  const response = {
    status,
    statusText,
    headers,
    url,
    ok: status >= 200 && status < 300,
    redirected: false,
    type: 'basic',
    body: null,
    get bodyUsed() {
      return used;
    },
    text: () => read(() => text),
    json: () => read(() => JSON.parse(text) as unknown),
    arrayBuffer: () => read(() => new TextEncoder().encode(text).buffer),
    blob: () => read(() => new Blob([text], { type: headers.get('content-type') ?? '' })),
    clone: () => syncResponse(parts, url),
  };
  return response as unknown as Response;
}
