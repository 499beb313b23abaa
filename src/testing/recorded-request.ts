/** One request as a fake `fetch` saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** The path and query of `url` (`/rest/v1/movies?select=id`). */
  readonly path: string;
  /** Header names lower-cased, as a plain object. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The body as text (`null` when there is none). Strings and `URLSearchParams` are known at once;
   * `createFakeFetch` reads other bodies (Blob, FormData, streams) before its handler runs.
   */
  body: string | null;
  /** The signal passed to fetch (`signal.aborted` tells whether the caller gave up). */
  readonly signal: AbortSignal | null;
}

/** @internal The record of one `fetch(input, init)` call. */
export function recordRequest(input: RequestInfo | URL, init: RequestInit): RecordedRequest {
  const request = typeof input === 'object' && 'method' in input ? input : null;
  const url = request ? request.url : String(input);
  const body = init.body ?? null;
  return {
    method: (init.method ?? request?.method ?? 'GET').toUpperCase(),
    url,
    path: pathOf(url),
    headers: lowerCased(init.headers ?? request?.headers),
    body: typeof body === 'string' ? body : body instanceof URLSearchParams ? String(body) : null,
    signal: init.signal ?? request?.signal ?? null,
  };
}

/** @internal What a real fetch rejects with when its signal aborts. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
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
