import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { HttpRequest } from '../http/types.js';

/** The methods an Edge Function can be invoked with. */
export type FunctionInvokeMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What `invoke()` accepts as a body; objects are sent as JSON. */
export type FunctionInvokeBody =
  | File
  | Blob
  | ArrayBuffer
  | FormData
  | ReadableStream<Uint8Array>
  | Record<string, unknown>
  | unknown[]
  | string;

/** Options of `functions.invoke(name, options)`, as functions-js's. */
export interface FunctionInvokeOptions {
  /** Sent after the client's headers, overriding them. */
  headers?: Record<string, string>;
  /** Default `'POST'`. */
  method?: FunctionInvokeMethod;
  /** Sent as `x-region` and `?forceFunctionRegion=`; `'any'` (the default) sends neither. */
  region?: string;
  /** A Blob, ArrayBuffer, FormData, string or a JSON-serialisable value. */
  body?: FunctionInvokeBody;
  /** Aborting it errors the stream with a `FunctionsFetchError`. */
  signal?: AbortSignal;
  /** Milliseconds before the call fails with a `FunctionsFetchError` (and the fetch is aborted). */
  timeout?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function isBinary(body: unknown): body is Blob | ArrayBuffer {
  return (typeof Blob !== 'undefined' && body instanceof Blob) || body instanceof ArrayBuffer;
}

function isFormData(body: unknown): body is FormData {
  return typeof FormData !== 'undefined' && body instanceof FormData;
}

// A `.` or `..` segment (also written `%2e`), which URL parsers resolve away.
const DOT_SEGMENT = /(?:^|[/\\])(?:\.|%2e){1,2}(?=$|[/\\?])/i;

/**
 * Refuses a function name that would leave `/functions/v1/`: a `.` or `..` segment, or a `\\`
 * (read as `/` by URL parsers), and a `#` (the fragment is never sent: the call would silently go
 * to another path). `/` and `?` are kept, as functions-js keeps them: `invoke('api/users?page=2')`
 * reaches the function `api` with its sub-path and query, which function routers rely on.
 */
function assertFunctionPath(name: string): void {
  const bad = /[#\\]/.exec(name)?.[0] ?? DOT_SEGMENT.exec(name)?.[0].replace(/^[/\\]/, '');
  if (bad !== undefined) {
    throw new SupabaseRxInputError(
      `invoke(): functionName must not hold ${JSON.stringify(bad)}, which would take the call ` +
        `out of /functions/v1/<name>; got ${JSON.stringify(name)}`,
    );
  }
}

/** `JSON.stringify(body)`, as functions-js sends it, but a typed error for what JSON cannot hold. */
function jsonOf(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    // A cycle, a BigInt, or a toJSON that throws: functions-js lets the raw TypeError escape.
    throw new SupabaseRxInputError(
      `invoke(): the body is not JSON-serialisable: ${(error as Error).message}`,
    );
  }
}

/**
 * The request functions-js 2.119 sends for `invoke(name, options)`: pure, tested by tables.
 * Header priority (low to high): the detected `Content-Type`, the client's, the call's own.
 *
 * @example
 * ```ts
 * invokeRequest('http://127.0.0.1:54321/functions/v1', {}, 'any', 'hello', { body: { a: 1 } });
 * // { method: 'POST', url: '…/functions/v1/hello', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }
 * ```
 */
export function invokeRequest(
  baseUrl: string,
  clientHeaders: Readonly<Record<string, string>>,
  clientRegion: string,
  functionName: unknown,
  options: FunctionInvokeOptions = {},
): HttpRequest {
  if (typeof functionName !== 'string' || functionName.trim() === '') {
    throw new SupabaseRxInputError(
      `invoke(): functionName must be a non-empty string, got ${JSON.stringify(functionName) ?? String(functionName)}`,
    );
  }
  assertFunctionPath(functionName);
  if (options === null || typeof options !== 'object') {
    throw new SupabaseRxInputError(`invoke(): options must be an object, got ${String(options)}`);
  }
  const { headers, method, body: args, signal } = options;
  if (method !== undefined && !METHODS.has(method)) {
    throw new SupabaseRxInputError(
      `invoke(): method must be one of GET, POST, PUT, PATCH, DELETE, got ${String(method)}`,
    );
  }
  const auto: Record<string, string> = {};
  const region = options.region || clientRegion;
  const url = new URL(`${baseUrl}/${functionName}`);
  if (region && region !== 'any') {
    auto['x-region'] = region;
    url.searchParams.set('forceFunctionRegion', region);
  }
  const hasContentType =
    !!headers && Object.keys(headers).some((key) => key.toLowerCase() === 'content-type');
  let body: BodyInit | null | undefined;
  if (args && !hasContentType) {
    if (isBinary(args)) {
      auto['Content-Type'] = (args as Blob).type || 'application/octet-stream';
      body = args;
    } else if (typeof args === 'string') {
      auto['Content-Type'] = 'text/plain';
      body = args;
    } else if (isFormData(args)) {
      body = args;
    } else {
      auto['Content-Type'] = 'application/json';
      body = jsonOf(args);
    }
  } else if (args && typeof args !== 'string' && !isBinary(args) && !isFormData(args)) {
    body = jsonOf(args);
  } else {
    body = args as BodyInit | undefined;
  }
  return {
    method: method ?? 'POST',
    url: url.toString(),
    headers: { ...auto, ...clientHeaders, ...headers },
    body,
    signal,
    retry: false,
    responseType: 'blob',
  };
}
