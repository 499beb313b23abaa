import { HttpBodyError } from './errors.js';
import type { ResponseBodyType } from './types.js';

/** The response body types the transport knows; anything else is refused before sending. */
export const RESPONSE_BODY_TYPES: ReadonlySet<string> = new Set<ResponseBodyType>([
  'text',
  'json',
  'blob',
  'arrayBuffer',
  'stream',
  'none',
]);

/**
 * Whether the body is read asynchronously; `false` for HEAD, `'none'` and `'stream'`, whose body
 * is known at once ({@link immediateBody}).
 *
 * @example
 * ```ts
 * needsRead('GET', 'json'); // true
 * needsRead('HEAD', 'text'); // false
 * ```
 */
export function needsRead(method: string, type: ResponseBodyType): boolean {
  return method !== 'HEAD' && type !== 'none' && type !== 'stream';
}

/**
 * The body of a HEAD, `'none'` or `'stream'` response: `null`, or the body stream untouched. An
 * unwanted body is cancelled so that the connection is released.
 *
 * @example
 * ```ts
 * immediateBody(response, 'GET', 'stream'); // response.body
 * ```
 */
export function immediateBody(
  res: Response,
  method: string,
  type: ResponseBodyType,
): ReadableStream<Uint8Array> | null {
  if (method !== 'HEAD' && type === 'stream') return res.body;
  return discardBody(res);
}

/**
 * Reads a body as `text` (the default), `json` (an empty body is `null`; a body that is not JSON
 * rejects with an {@link HttpBodyError} keeping the text), `blob` or `arrayBuffer`.
 *
 * @example
 * ```ts
 * const data = await readBody(new Response('{"a":1}'), 'json'); // { a: 1 }
 * ```
 */
export function readBody(res: Response, type: ResponseBodyType): Promise<unknown> {
  switch (type) {
    case 'json':
      return res.text().then((text) => parseJson(text, res.status));
    case 'blob':
      return res.blob();
    case 'arrayBuffer':
      return res.arrayBuffer();
    default:
      return res.text();
  }
}

/**
 * Reads and discards a body that will not be used (a retried 503), so that a keep-alive
 * connection can be reused rather than left half-read.
 *
 * @example
 * ```ts
 * if (response.status === 503) drainBody(response); // before waiting to retry
 * ```
 */
export function drainBody(res: Response): void {
  if (res.body && !res.bodyUsed) res.arrayBuffer().catch(ignore);
}

function parseJson(text: string, status: number): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch (cause) {
    const excerpt = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new HttpBodyError(`Response body (status ${status}) is not JSON: ${excerpt}`, {
      status,
      body: text,
      cause,
    });
  }
}

function ignore(): void {}

/** Cancels a body nobody will read, so that the connection is released; the body is `null`. */
function discardBody(res: Response): null {
  res.body?.cancel().catch(ignore);
  return null;
}

/**
 * Reads a response as the transport made by `createTransport` does, for every `responseType`:
 * at once for HEAD, `'none'` and `'stream'` ({@link immediateBody}), else a promise
 * ({@link readBody}).
 *
 * @example
 * ```ts
 * await readAnyBody(response, 'GET', 'json'); // the parsed body
 * ```
 */
export function readAnyBody(res: Response, method: string, type: ResponseBodyType): unknown {
  return needsRead(method, type) ? readBody(res, type) : immediateBody(res, method, type);
}

/**
 * Reads a response as text (`null` for HEAD, whose body is cancelled): all the database module's
 * own transport needs, so its bundle leaves the other body types out.
 *
 * @example
 * ```ts
 * await readTextBody(response, 'GET'); // '[{"id":1}]'
 * ```
 */
export function readTextBody(res: Response, method: string): unknown {
  if (method !== 'HEAD') return res.text();
  return discardBody(res);
}
