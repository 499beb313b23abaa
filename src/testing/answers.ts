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
// The body text of the Responses made here, so the synchronous marble fetch can answer with them.
const KNOWN_TEXT = new WeakMap<Response, string>();
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
  const text = body === undefined ? '' : JSON.stringify(body);
  return known(text, {
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
  return known(body, {
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

function known(text: string, init: ResponseInit): Response {
  const status = init.status ?? 200;
  const res = new Response(hasNullBody(status) || text === '' ? null : text, init);
  KNOWN_TEXT.set(res, hasNullBody(status) ? '' : text);
  return res;
}

function hasNullBody(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

/** @internal The parts of an answer, known synchronously (for the marble fetch). */
export type AnswerParts =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly statusText: string;
      readonly headers: Headers;
      readonly text: string;
    }
  | { readonly kind: 'network'; readonly error: TypeError }
  | { readonly kind: 'never' };

/** @internal Splits an answer into its parts, or throws when its body cannot be known at once. */
export function answerParts(answer: FakeAnswer): AnswerParts {
  checkAnswer(answer);
  if (answer instanceof Response) {
    const text = KNOWN_TEXT.get(answer);
    if (text === undefined) {
      throw new TypeError(
        'createMarbleFetch: answer with jsonResponse()/textResponse() or a plain reply; the body of another Response cannot be read synchronously',
      );
    }
    return {
      kind: 'response',
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
      text,
    };
  }
  if (NETWORK_ERROR in answer) return { kind: 'network', error: networkTypeError(answer) };
  if (NEVER in answer) return { kind: 'never' };
  const { status = 200, statusText = '', headers = {}, body = null } = answer;
  if (body !== null && typeof body !== 'string') {
    throw new TypeError('createMarbleFetch: plain replies need a string body (or none)');
  }
  return {
    kind: 'response',
    status,
    statusText,
    headers: new Headers(headers),
    text: hasNullBody(status) ? '' : (body ?? ''),
  };
}

// A handler that forgot to return is a test bug: say so rather than fail obscurely.
function checkAnswer(answer: unknown): void {
  if (typeof answer !== 'object' || answer === null) {
    throw new TypeError(
      `A fake fetch handler answered ${String(answer)}; expected a Response, a reply object, networkError() or never()`,
    );
  }
}

function networkTypeError(answer: FakeNetworkError): TypeError {
  const cause = Object.assign(new Error(answer.message), { code: answer.code });
  return new TypeError('fetch failed', { cause });
}

/** @internal The `Response` for a reply, or the rejection/suspension it stands for. */
export function settleAnswer(answer: FakeAnswer): Promise<Response> {
  checkAnswer(answer);
  if (answer instanceof Response) return Promise.resolve(answer);
  if (NETWORK_ERROR in answer) return Promise.reject(networkTypeError(answer));
  if (NEVER in answer) return new Promise<Response>(() => {});
  const { status = 200, statusText = '', headers = {}, body = null } = answer;
  return Promise.resolve(
    new Response(hasNullBody(status) ? null : body, { status, statusText, headers }),
  );
}
