import { RealtimeError } from './errors.js';
import type { RealtimeClientOptions } from './realtime-client-options.js';
import type { Vsn } from './serializer.js';

/** The default protocol version (realtime-js ≥ 2.91). */
export const DEFAULT_VSN: Vsn = '2.0.0';

/**
 * Checks a protocol version: a `RealtimeError` (`invalid_vsn`) for one realtime-js does not speak.
 *
 * @example
 * ```ts
 * assertVsn('2.0.0'); // ok
 * assertVsn('3.0.0' as Vsn); // throws
 * ```
 */
export function assertVsn(vsn: Vsn): void {
  if (vsn === '1.0.0' || vsn === '2.0.0') return;
  throw new RealtimeError(
    `Unsupported serializer version: ${JSON.stringify(vsn)}; expected "1.0.0" or "2.0.0"`,
    'invalid_vsn',
  );
}

/**
 * What `new RealtimeClient()` checks up front (kept apart so a client that loads the socket code
 * on first use throws the same errors at once): the API key, and the protocol version.
 *
 * @example
 * ```ts
 * checkRealtimeOptions({ params: { apikey: 'k' } }); // { apikey: 'k', vsn: '2.0.0' }
 * ```
 */
export function checkRealtimeOptions(options: RealtimeClientOptions): { apikey: string; vsn: Vsn } {
  const apikey = options.params?.apikey;
  if (typeof apikey !== 'string' || apikey === '') {
    throw new RealtimeError('API key is required to connect to Realtime', 'invalid_config');
  }
  const vsn = options.vsn ?? DEFAULT_VSN;
  assertVsn(vsn);
  return { apikey, vsn };
}
