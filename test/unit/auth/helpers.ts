import { Observable, isObservable, of } from 'rxjs';
import type { Transport } from '../../../src/http/transport.js';
import type { HttpRequest, HttpResponse } from '../../../src/http/types.js';

/** A request as the auth client sent it, decoded for assertions. */
export interface Recorded {
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export type Reply = HttpResponse | Observable<HttpResponse>;
export type Handler = (req: Recorded) => Reply;

function record(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Recorded {
  const u = new URL(url);
  const query: Record<string, string> = {};
  u.searchParams.forEach((v, k) => (query[k] = v));
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  let parsed: unknown = body ?? undefined;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = body;
    }
  }
  return { method, url, path: u.pathname, query, headers: lower, body: parsed };
}

/** A transport answering from `handler`, recording every request; replies may be cold marbles. */
export function fakeTransport(handler: Handler): Transport & { requests: Recorded[] } {
  const requests: Recorded[] = [];
  return {
    requests,
    request(req: HttpRequest) {
      return new Observable<HttpResponse>((subscriber) => {
        const rec = record(req.method, req.url, { ...req.headers }, req.body);
        requests.push(rec);
        const reply = handler(rec);
        return (isObservable(reply) ? reply : of(reply)).subscribe(subscriber);
      });
    },
  };
}

/** A recording `fetch` (for tests through the real transport). */
export function fakeFetch(
  handler: (req: Recorded) => Response | Promise<Response>,
): typeof fetch & { requests: Recorded[] } {
  const requests: Recorded[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const rec = record(init?.method ?? 'GET', String(input), headers, init?.body ?? undefined);
    requests.push(rec);
    return handler(rec);
  }) as typeof fetch & { requests: Recorded[] };
  f.requests = requests;
  return f;
}

/** A JSON HttpResponse. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    body: body === undefined ? '' : JSON.stringify(body),
    url: 'http://fake',
  };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned-looking JWT (HS256 header) with the given claims. */
export function makeJwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2ln`;
}

export const USER = {
  id: '11111111-1111-4111-8111-111111111111',
  aud: 'authenticated',
  role: 'authenticated',
  email: 'a@b.c',
  app_metadata: { provider: 'email' },
  user_metadata: {},
  created_at: '2026-01-01T00:00:00Z',
};

/** A GoTrue token response expiring `expiresIn` seconds after `nowMs`. */
export function tokenBody(
  nowMs: number,
  expiresIn: number,
  tag: string,
  extra: Record<string, unknown> = {},
) {
  const exp = Math.round(nowMs / 1000) + expiresIn;
  return {
    access_token: makeJwt({
      sub: USER.id,
      exp,
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: 1 }],
      tag,
    }),
    token_type: 'bearer',
    expires_in: expiresIn,
    expires_at: exp,
    refresh_token: `rt-${tag}`,
    user: USER,
    ...extra,
  };
}

/** A sync in-memory storage that can be inspected. */
export function mapStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}
