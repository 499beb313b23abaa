import type { Context } from 'hono';

/**
 * The address a request's rate limits count for. With a trusted header (GoTrue's
 * `GOTRUE_RATE_LIMIT_HEADER`, e.g. `X-Forwarded-For` behind a proxy) its first value, as GoTrue
 * takes it; otherwise, or when the header is absent, the connection's own address, so a client
 * cannot pick its bucket by sending the header.
 *
 * @example
 * clientAddress(c, 'X-Forwarded-For'); // '203.0.113.7' for "X-Forwarded-For: 203.0.113.7, 10.0.0.1"
 */
export function clientAddress(c: Context, trustedHeader: string | undefined): string {
  if (trustedHeader) {
    const first = (c.req.header(trustedHeader) ?? '').split(',')[0]?.trim();
    if (first) return first;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
