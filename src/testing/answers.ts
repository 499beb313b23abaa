/**
 * What a fake `fetch` can answer with: a `Response`, a plain reply description, a network failure,
 * or silence.
 */

/** A response described as plain data (status 200 and no body unless given). */
export interface FakeReply {
  readonly status?: number;
  readonly statusText?: string;
  readonly headers?: Record<string, string>;
  readonly body?: BodyInit | null;
}

const NETWORK_ERROR = Symbol('networkError');
const NEVER = Symbol('never');

/** The answer "the network failed": the fake fetch rejects as a real one does (`TypeError`). */
export interface FakeNetworkError {
  readonly [NETWORK_ERROR]: true;
  readonly message: string;
  readonly code: string;
}

/** The answer "no reply": the fake fetch stays pending until the request's signal aborts it. */
export interface FakeNever {
  readonly [NEVER]: true;
}

/** Anything a route or handler may answer with. */
export type FakeAnswer = Response | FakeReply | FakeNetworkError | FakeNever;

/**
 * A JSON response: `body` is serialised and `Content-Type: application/json` set.
 *
 * @example
 * ```ts
 * createFakeFetch(() => jsonResponse([{ id: 1 }], { headers: { 'Content-Range': '0-0/1' } }));
 * ```
 */
export function jsonResponse(body: unknown, init: Omit<FakeReply, 'body'> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status: init.status ?? 200,
    statusText: init.statusText ?? '',
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
}

/**
 * A plain-text response.
 *
 * @example
 * ```ts
 * createFakeFetch(() => textResponse('upstream broke', { status: 520 }));
 * ```
 */
export function textResponse(body: string, init: Omit<FakeReply, 'body'> = {}): Response {
  return new Response(body, {
    status: init.status ?? 200,
    statusText: init.statusText ?? '',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...init.headers },
  });
}

/**
 * A network failure: the fake fetch rejects with `TypeError('fetch failed')` whose `cause` carries
 * `code` (as Node's fetch does for `ECONNREFUSED`).
 *
 * @example
 * ```ts
 * createFakeFetch(() => networkError('ECONNRESET'));
 * ```
 */
export function networkError(code = 'ECONNREFUSED', message = `connect ${code}`): FakeNetworkError {
  return { [NETWORK_ERROR]: true, message, code };
}

/**
 * No answer at all: the request hangs until its signal aborts it — to test cancellation and
 * timeouts.
 *
 * @example
 * ```ts
 * const fake = createFakeFetch(() => never());
 * const sub = transport.request(req).subscribe();
 * sub.unsubscribe(); // fake.requests[0].signal.aborted === true
 * ```
 */
export function never(): FakeNever {
  return { [NEVER]: true };
}

/** @internal The `Response` for a reply, or the rejection/suspension it stands for. */
export function settleAnswer(answer: FakeAnswer): Promise<Response> {
  if (answer instanceof Response) return Promise.resolve(answer);
  if (NETWORK_ERROR in answer) {
    const cause = Object.assign(new Error(answer.message), { code: answer.code });
    return Promise.reject(new TypeError('fetch failed', { cause }));
  }
  if (NEVER in answer) return new Promise<Response>(() => {});
  const { status = 200, statusText = '', headers = {}, body = null } = answer;
  const nullBody = status === 204 || status === 205 || status === 304;
  return Promise.resolve(new Response(nullBody ? null : body, { status, statusText, headers }));
}
