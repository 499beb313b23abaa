import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { AuthUnknownError, type WebAuthnCredentials } from 'supabase-rx/auth';
import { fakeFetch, mapStorage, tokenBody } from './helpers.js';
import { ASSERTION_JSON, REQUEST } from './passkey/fixtures.js';

/** `auth.oauth`, `auth.passkey`, the passkey ceremonies and the admin namespaces through createClient. */

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

const signedIn = tokenBody(Date.now(), 3600, 't');

function client(webauthn?: WebAuthnCredentials) {
  const fetch = fakeFetch(({ path }) => {
    if (path.endsWith('/passkeys/authentication/options')) return json(REQUEST);
    if (path.endsWith('/passkeys/authentication/verify')) return json(signedIn);
    return json(path.endsWith('/grants') || path.endsWith('/passkeys') ? [] : { clients: [] });
  });
  const storage = mapStorage({ 'sb-proj-auth-token': JSON.stringify(signedIn) });
  const supabase = createClient('http://proj.test', 'key', {
    global: { fetch },
    auth: { autoRefreshToken: false, detectSessionInUrl: false, storage, webauthn },
  });
  return { supabase, fetch };
}

describe('createClient: the OAuth server and passkey namespaces', () => {
  it('auth.oauth, auth.passkey, auth.admin.oauth and auth.admin.passkey send their requests', async () => {
    const { supabase, fetch } = client();
    await lastValueFrom(supabase.auth.oauth.listGrants());
    await lastValueFrom(supabase.auth.passkey.list());
    await lastValueFrom(supabase.auth.admin.oauth.listClients());
    await lastValueFrom(
      supabase.auth.admin.passkey.listPasskeys({ userId: '11111111-1111-4111-8111-111111111111' }),
    );
    expect(fetch.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /auth/v1/user/oauth/grants',
      'GET /auth/v1/passkeys',
      'GET /auth/v1/admin/oauth/clients',
      'GET /auth/v1/admin/users/11111111-1111-4111-8111-111111111111/passkeys',
    ]);
  });

  it('signInWithPasskey runs on the webauthn option and signs in', async () => {
    const webauthn: WebAuthnCredentials = {
      create: () => Promise.reject(new Error('not used')),
      get: async () => ({ toJSON: () => ASSERTION_JSON }) as never,
    };
    const { supabase, fetch } = client(webauthn);
    const { session } = await lastValueFrom(supabase.auth.signInWithPasskey());
    expect(session.access_token).toBe(signedIn.access_token);
    expect(supabase.auth.session?.access_token).toBe(signedIn.access_token);
    expect(fetch.requests.map((r) => r.path)).toEqual([
      '/auth/v1/passkeys/authentication/options',
      '/auth/v1/passkeys/authentication/verify',
    ]);
  });

  it('without WebAuthn, registerPasskey fails before any request', async () => {
    const { supabase, fetch } = client();
    const error = await lastValueFrom(supabase.auth.registerPasskey()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthUnknownError);
    expect(fetch.requests).toEqual([]);
  });
});
