import { Observable } from 'rxjs';
import type { Transport } from '../../../src/http/transport.js';
import type { HttpRequest, HttpResponse } from '../../../src/http/types.js';
import { PostgrestClient } from '../../../src/db/client.js';

export const BASE = 'http://localhost:3000/rest/v1';

/** A response as the transport emits it. */
export function response(
  status: number,
  body: string | null,
  headers: Record<string, string> = {},
  statusText = status === 200 ? 'OK' : '',
): HttpResponse {
  return { status, statusText, headers: new Headers(headers), body, url: BASE };
}

/** A transport that records every request and answers with `answer(req)` (default 200 `[]`). */
export function recordingTransport(
  answer: (req: HttpRequest) => HttpResponse | Error = () => response(200, '[]'),
): { transport: Transport; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const transport: Transport = {
    request(req) {
      return new Observable<HttpResponse>((subscriber) => {
        requests.push(req);
        const res = answer(req);
        if (res instanceof Error) subscriber.error(res);
        else {
          subscriber.next(res);
          subscriber.complete();
        }
      });
    },
  };
  return { transport, requests };
}

/** A client over a recording transport. */
export function testClient(answer?: (req: HttpRequest) => HttpResponse | Error) {
  const { transport, requests } = recordingTransport(answer);
  const db = new PostgrestClient(BASE, { transport });
  return { db, requests };
}

/** A fake `fetch` recording each call; `answer` gives the response (default: one that never comes). */
export function recordingFetch(answer?: (url: string, init: RequestInit) => Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = ((url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer ? answer(url, init) : new Promise<Response>(() => {});
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, calls };
}
