import { createFakeFetch, jsonResponse, type RecordedRequest } from 'supabase-rx/testing';
import { AuthClient, type WebAuthnCredentials } from 'supabase-rx/auth';
import { mapStorage, tokenBody, USER } from '../helpers.js';
// The serialized credentials a browser gives, as the passkey tests have them.
import { ASSERTION_JSON, REGISTRATION_JSON } from '../passkey/fixtures.js';

export { ASSERTION_JSON, REGISTRATION_JSON };

export const BASE = 'http://proj.test/auth/v1';
export const FID = '22222222-2222-4222-8222-222222222222';
const KEY = 'sb-proj-auth-token';

export const CREATE_CHALLENGE = {
  id: 'ch-1',
  type: 'webauthn',
  expires_at: 4_000_000_000,
  webauthn: {
    type: 'create',
    credential_options: {
      publicKey: {
        rp: { id: 'localhost', name: 'App' },
        user: { id: 'dXNlcg', name: 'a@b.c', displayName: '' },
        challenge: 'AQID',
        pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
      },
    },
  },
};
export const REQUEST_CHALLENGE = {
  id: 'ch-2',
  type: 'webauthn',
  expires_at: 4_000_000_000,
  webauthn: {
    type: 'request',
    credential_options: {
      publicKey: {
        challenge: 'BwgJ',
        rpId: 'localhost',
        allowCredentials: [{ id: 'BAUG', type: 'public-key' }],
      },
    },
  },
};
/** A credentials container answering at once, recording what it was given. */
export function answering() {
  const seen: Record<string, any>[] = [];
  const credentials: WebAuthnCredentials = {
    create: async (o) => (seen.push(o), { toJSON: () => REGISTRATION_JSON } as never),
    get: async (o) => (seen.push(o), { toJSON: () => ASSERTION_JSON } as never),
  };
  return { credentials, seen };
}

export type Answer = (path: string, req: RecordedRequest) => Response | undefined;

/** A signed-in AuthClient over a recording fetch: `answer` first, then a few GoTrue defaults. */
export function mfaClient(
  answer: Answer = () => undefined,
  options: { webauthn?: WebAuthnCredentials; recoveryCodes?: boolean; signedIn?: boolean } = {},
) {
  const fetch = createFakeFetch((req) => {
    const path = new URL(req.url).pathname.replace('/auth/v1', '');
    const own = answer(path, req);
    if (own) return own;
    if (/\/verify$/.test(path)) return jsonResponse(tokenBody(Date.now(), 3600, 'aal2'));
    if (path === '/user') return jsonResponse(USER);
    return jsonResponse({});
  });
  const session = tokenBody(Date.now(), 3600, 'old');
  const auth = new AuthClient({
    url: BASE,
    headers: { apikey: 'anon', Authorization: 'Bearer anon' },
    fetch,
    storage: mapStorage(options.signedIn === false ? {} : { [KEY]: JSON.stringify(session) }),
    autoRefreshToken: false,
    webauthn: options.webauthn,
    experimental:
      options.recoveryCodes === undefined ? undefined : { recoveryCodes: options.recoveryCodes },
  });
  const sent = () =>
    fetch.requests.map((r) => ({
      method: r.method,
      path: new URL(r.url).pathname.replace('/auth/v1', ''),
      body: r.body ? JSON.parse(r.body as string) : undefined,
    }));
  return { auth, fetch, sent, session };
}
