import { AuthApi } from '../../../../src/auth/auth-api.js';
import { createTransport } from '../../../../src/http/transport.js';
import { fakeFetch, type Recorded } from '../helpers.js';

export const URL_BASE = 'http://127.0.0.1:54321/auth/v1';
export const KEY = 'service-or-anon-key';
export const CLIENT_ID = '33333333-3333-4333-8333-333333333333';

/** A JSON `Response`, with GoTrue's API-version echo so error codes are read. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      'x-supabase-api-version': '2024-01-01',
      ...headers,
    },
  });
}

/** An AuthApi over the real transport and a recording fake fetch. */
export function apiWith(handler: (req: Recorded) => Response | Promise<Response>) {
  const fetch = fakeFetch(handler);
  const api = new AuthApi(
    URL_BASE,
    { apikey: KEY, Authorization: `Bearer ${KEY}` },
    createTransport({ fetch, retry: false }),
  );
  return { api, requests: fetch.requests };
}

/** A fetch that never answers and reports the abort of its signal. */
export function hangingFetch() {
  const signals: AbortSignal[] = [];
  const fetch = ((_input: RequestInfo | URL, init?: RequestInit) => {
    signals.push(init!.signal!);
    return new Promise<Response>((_resolve, reject) =>
      init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)),
    );
  }) as typeof globalThis.fetch;
  const api = new AuthApi(URL_BASE, { apikey: KEY }, createTransport({ fetch, retry: false }));
  return { api, signals };
}
