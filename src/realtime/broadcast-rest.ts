import type { HttpRequest } from '../http/types.js';
import { RealtimeError } from './errors.js';
import { subTopic } from './message.js';
import type { Vsn } from './serializer.js';

/** What the REST broadcast requests need from the channel and client. */
export interface BroadcastRestContext {
  /** {@link broadcastEndpoint} of the socket URL. */
  readonly endpoint: string;
  /** The channel topic (`realtime:room1`); requests carry the sub-topic. */
  readonly topic: string;
  readonly private: boolean;
  readonly apiKey: string | null;
  /** The realtime token; sent as `Authorization: Bearer …` when set. */
  readonly accessToken?: string | null;
}

/** Store a broadcast for replay: `true` for the longest retention, `{ ttl }` seconds. */
export type BroadcastPersist = boolean | { ttl?: number };

/**
 * The batch `POST …/api/broadcast` that `send()` falls back to while the channel is not joined,
 * as realtime-js 2.119 sends it (answer: 202, empty body).
 *
 * @example
 * ```ts
 * broadcastBatchRequest(ctx, 'cursor', { x: 1 }); // { method: 'POST', url: ctx.endpoint, body: '{"messages":[…]}', … }
 * ```
 */
export function broadcastBatchRequest(
  ctx: BroadcastRestContext,
  event: string,
  payload: unknown,
): HttpRequest {
  const body = JSON.stringify({
    messages: [{ topic: subTopic(ctx.topic), event, payload, private: ctx.private }],
  });
  return {
    method: 'POST',
    url: ctx.endpoint,
    headers: headers(ctx, 'application/json'),
    body,
    responseType: 'none',
  };
}

/**
 * The single-message `POST …/api/broadcast/<sub-topic>/events/<event>` of `httpSend()`: JSON body,
 * or the bytes as `application/octet-stream` for an `ArrayBuffer`/typed array. A missing payload
 * → `payload_required`; `persist` on a public channel → `invalid_config`.
 *
 * @example
 * ```ts
 * httpSendRequest(ctx, 'cursor', { x: 1 }).url; // '…/api/broadcast/room1/events/cursor?apikey=…&vsn=2.0.0'
 * ```
 */
export function httpSendRequest(
  ctx: BroadcastRestContext,
  event: string,
  payload: unknown,
  opts: { persist?: BroadcastPersist } = {},
): HttpRequest {
  if (payload === undefined || payload === null) {
    throw new RealtimeError('Payload is required for httpSend()', 'payload_required');
  }
  const binary = payload instanceof ArrayBuffer || ArrayBuffer.isView(payload);
  const url = new URL(ctx.endpoint);
  url.pathname += `/${encodeURIComponent(subTopic(ctx.topic))}/events/${encodeURIComponent(event)}`;
  if (ctx.private) url.searchParams.set('private', 'true');
  if (opts.persist) {
    if (!ctx.private) {
      throw new RealtimeError(
        'Realtime httpSend() cannot store a message on a public channel.',
        'invalid_config',
      );
    }
    const ttl = typeof opts.persist === 'object' ? opts.persist.ttl : undefined;
    if (ttl === undefined) url.searchParams.set('persist', 'true');
    else url.searchParams.set('persist[ttl]', String(ttl));
  }
  return {
    method: 'POST',
    url: url.toString(),
    headers: headers(ctx, binary ? 'application/octet-stream' : 'application/json'),
    body: binary ? (payload as ArrayBuffer) : JSON.stringify(payload),
    responseType: 'text',
  };
}

/**
 * What `send()` resolves to after the batch fallback answered: `'ok'` for 2xx, else `'error'`
 * (the caller gives `'timed out'` on its own timeout).
 *
 * @example
 * ```ts
 * broadcastBatchResult(202); // 'ok'
 * ```
 */
export function broadcastBatchResult(status: number): 'ok' | 'error' {
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

/** realtime-js's error for a server without the single-message endpoint. */
export const HTTP_SEND_UPGRADE_MESSAGE =
  'httpSend() requires Realtime server v2.97.0 or newer; the endpoint returned 404. ' +
  'Update your Supabase CLI to a recent version, or upgrade the Realtime server in your self-hosted setup. ' +
  'See https://github.com/supabase/supabase-js/blob/master/packages/core/realtime-js/migrations/httpsend-server-version.md';

/**
 * The outcome of an `httpSend()` answer: 202 → `{ success: true }`; anything else throws a
 * {@link RealtimeError} `server_error` with realtime-js's message (404: upgrade the server; else the
 * body's `error` or `message`, else the status text).
 *
 * @example
 * ```ts
 * httpSendResult(202, 'Accepted', ''); // { success: true }
 * ```
 */
export function httpSendResult(
  status: number,
  statusText: string,
  body: string | null,
): { success: true } {
  if (status === 202) return { success: true };
  if (status === 404)
    throw new RealtimeError(HTTP_SEND_UPGRADE_MESSAGE, 'server_error', { status });
  let message = statusText;
  try {
    const parsed = JSON.parse(body ?? '') as { error?: unknown; message?: unknown } | null;
    message = (parsed?.error || parsed?.message || message) as string;
  } catch {
    // Not JSON: the status text stands.
  }
  throw new RealtimeError(String(message), 'server_error', { status });
}

/**
 * Why realtime-js 2.119 refuses a `send()` with `persist` before sending anything (public channel,
 * or protocol 1.0.0), or `undefined` when it may go.
 *
 * @example
 * ```ts
 * persistRefusal(false, '2.0.0'); // 'Realtime send() cannot store a message on a public channel.'
 * ```
 */
export function persistRefusal(isPrivate: boolean, vsn: Vsn): string | undefined {
  if (!isPrivate) return 'Realtime send() cannot store a message on a public channel.';
  if (vsn === '1.0.0') {
    return 'Realtime send() cannot store a message with protocol 1.0.0. Use httpSend() or connect with vsn 2.0.0.';
  }
  return undefined;
}

/** realtime-js's refusal of a `persist` send that would fall back to the batch endpoint. */
export const PERSIST_FALLBACK_REFUSAL =
  'Realtime send() fell back to REST and cannot store this message. ' +
  'The batch endpoint does not support persistence. ' +
  'Use httpSend() or send after the channel is connected and subscribed.';

function headers(ctx: BroadcastRestContext, contentType: string): Record<string, string> {
  const out: Record<string, string> = {
    apikey: ctx.apiKey ? ctx.apiKey : '',
    'Content-Type': contentType,
  };
  if (ctx.accessToken) out.Authorization = `Bearer ${ctx.accessToken}`;
  return out;
}
