import type { Observable, SchedulerLike } from 'rxjs';

/** HTTP methods the SDK sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

/** How the transport reads a successful response body. */
export type ResponseBodyType = 'text' | 'json' | 'blob' | 'arrayBuffer' | 'stream' | 'none';

/**
 * A request description: plain data, built by pure code in a module, performed by `request$`.
 * Headers are a plain object (React Native drops `Headers` instances).
 */
export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: BodyInit | null;
  /** A user's own abort signal (`abortSignal()`); aborting it errors the stream. */
  readonly signal?: AbortSignal;
  /** Per-request retry switch; `undefined` = the client default. */
  readonly retry?: boolean;
  /** Per-request fetch (`from(table, { fetch })`); `undefined` = the transport's. */
  readonly fetch?: typeof fetch;
  /** Default `'text'`. */
  readonly responseType?: ResponseBodyType;
}

/** What the transport emits once per request (any status: mapping non-2xx to errors is the module's job). */
export interface HttpResponse<B = string | null> {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: B;
  readonly url: string;
}

/**
 * Where a request's bearer token comes from. The auth module implements it (refreshing first when
 * the token is about to expire); without auth the API key is used.
 */
export interface TokenSource {
  /** The token for `Authorization: Bearer …`, or `null` to fall back to the API key. */
  token(): Observable<string | null> | string | null;
  /** Called once after a 401 caused by an expired token; emits the fresh token to replay with. */
  refreshAfterUnauthorized?(): Observable<string | null>;
}

/** Everything the transport needs from the client. */
export interface HttpContext {
  readonly fetch: typeof fetch;
  readonly scheduler: SchedulerLike;
  /** Client-wide retry default (`db.retry`). */
  readonly retry: boolean;
}
