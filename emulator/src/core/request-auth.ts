import { CLI_OPAQUE_KEYS } from '../config/defaults.js';
import type { JwtKeys, RequestAuth } from '../context.js';
import { JwtCache } from './jwt-cache.js';

/** The claims of a request that carries no key, as behind the Supabase CLI's gateway. */
export const ANON_CLAIMS = { role: 'anon' } as const;

/**
 * The token a request authenticates with: the bearer token first, else the `apikey` header.
 *
 * @example
 * ```ts
 * requestToken(new Headers({ apikey: 'k', authorization: 'Bearer t' })); // 't'
 * ```
 */
export function requestToken(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  const match = authorization ? /^bearer\s+(.*)$/i.exec(authorization.trim()) : null;
  if (match && match[1]) return match[1].trim();
  const apikey = headers.get('apikey');
  return apikey ? apikey.trim() : undefined;
}

// One cache per set of keys: other keys (another emulator, a new secret) verify afresh.
const caches = new WeakMap<JwtKeys, JwtCache>();

function verifiedClaims(jwt: JwtKeys, token: string): Promise<Record<string, unknown>> {
  let cache = caches.get(jwt);
  if (!cache) caches.set(jwt, (cache = new JwtCache((t) => jwt.verify(t))));
  return cache.verify(token);
}

/**
 * Works out who a request is: verifies its JWT (throws `JwtError`, never falls back to anon on
 * a bad token) and reads the `role` claim; no key at all is the anon role. A token verified
 * once is remembered until it expires (`JwtCache`), as PostgREST's optional JWT cache does.
 * The CLI's opaque publishable/secret keys stand for the anon/service_role keys, as its
 * gateway makes them.
 *
 * @example
 * ```ts
 * const auth = await authenticateRequest(request, jwt, keys);
 * auth.role; // 'authenticated'
 * ```
 */
export async function authenticateRequest(
  request: Request,
  jwt: JwtKeys,
  keys: { anonKey: string; serviceRoleKey: string },
): Promise<RequestAuth> {
  let token = requestToken(request.headers);
  if (!token) return { role: ANON_CLAIMS.role, claims: { ...ANON_CLAIMS } };
  if (token === CLI_OPAQUE_KEYS.publishable) token = keys.anonKey;
  else if (token === CLI_OPAQUE_KEYS.secret) token = keys.serviceRoleKey;
  const claims = await verifiedClaims(jwt, token);
  // PostgREST runs a valid token without a role claim as its anonymous role.
  const role = typeof claims.role === 'string' && claims.role ? claims.role : ANON_CLAIMS.role;
  return { role, claims, token };
}
