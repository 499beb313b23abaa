import { RealtimeError } from './errors.js';
import type { Vsn } from './serializer.js';

/** Query parameters of the socket URL (`apikey`, …); nested objects become `k[sub]=v`. */
export type SocketParams = Readonly<Record<string, unknown>>;

/**
 * The realtime URL of a project, as supabase-js derives it: `<project>/realtime/v1` with the
 * scheme turned from http(s) to ws(s).
 *
 * @example
 * ```ts
 * realtimeUrl('https://proj.supabase.co'); // 'wss://proj.supabase.co/realtime/v1'
 * ```
 */
export function realtimeUrl(projectUrl: string | URL): string {
  let url: URL;
  try {
    const base = String(projectUrl);
    url = new URL('realtime/v1', base.endsWith('/') ? base : `${base}/`);
  } catch (cause) {
    throw new RealtimeError(
      `invalid project URL ${JSON.stringify(String(projectUrl))}`,
      'invalid_url',
      { cause },
    );
  }
  url.protocol = url.protocol.replace('http', 'ws');
  return url.href;
}

/**
 * The WebSocket URL: `<realtimeUrl>/websocket?<params>[&log_level=…]&vsn=<vsn>`, serialised as
 * realtime-js's Phoenix socket does (`encodeURIComponent`, `vsn` last).
 *
 * @example
 * ```ts
 * socketUrl('wss://proj.supabase.co/realtime/v1', { apikey: 'anon' }, '2.0.0');
 * // 'wss://proj.supabase.co/realtime/v1/websocket?apikey=anon&vsn=2.0.0'
 * ```
 */
export function socketUrl(
  realtimeUrl: string,
  params: SocketParams,
  vsn: Vsn,
  logLevel?: string,
): string {
  const query = logLevel ? { ...params, log_level: logLevel } : params;
  return withQuery(withQuery(`${realtimeUrl}/websocket`, query), { vsn });
}

/**
 * The REST broadcast endpoint of a socket URL (§4.12): scheme ws→http, a trailing `/websocket`
 * (or `/socket[/websocket]`) dropped, `/api/broadcast` appended; the query string is kept.
 *
 * @example
 * ```ts
 * broadcastEndpoint('wss://proj.supabase.co/realtime/v1/websocket?apikey=anon&vsn=2.0.0');
 * // 'https://proj.supabase.co/realtime/v1/api/broadcast?apikey=anon&vsn=2.0.0'
 * ```
 */
export function broadcastEndpoint(socketUrl: string): string {
  let url: URL;
  try {
    url = new URL(socketUrl);
  } catch (cause) {
    throw new RealtimeError(`invalid socket URL ${JSON.stringify(socketUrl)}`, 'invalid_url', {
      cause,
    });
  }
  url.protocol = url.protocol.replace(/^ws/i, 'http');
  const path = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/socket\/websocket$/i, '')
    .replace(/\/socket$/i, '')
    .replace(/\/websocket$/i, '');
  url.pathname = path === '' || path === '/' ? '/api/broadcast' : `${path}/api/broadcast`;
  return url.href;
}

function withQuery(url: string, params: SocketParams): string {
  if (Object.keys(params).length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${encodeParams(params)}`;
}

function encodeParams(params: SocketParams, parent?: string): string {
  return Object.keys(params)
    .map((key) => {
      const name = parent === undefined ? key : `${parent}[${key}]`;
      const value = params[key];
      // As Phoenix: any object (null too) recurses, so `null` contributes an empty segment.
      return typeof value === 'object'
        ? encodeParams((value ?? {}) as SocketParams, name)
        : `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    })
    .join('&');
}
