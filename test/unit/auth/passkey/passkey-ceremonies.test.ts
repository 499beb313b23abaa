import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AuthUnknownError } from '../../../../src/auth/errors.js';
import {
  registerPasskey,
  signInWithPasskey,
  type WebAuthnCredentials,
} from '../../../../src/auth/passkey/index.js';
import { tokenBody } from '../helpers.js';
import { apiWith, reply } from '../oauth-server/fixtures.js';
import { ASSERTION_JSON, CREATION, passkeyWith, REGISTRATION_JSON, REQUEST } from './fixtures.js';

/** A credentials container that answers at once and records what it was asked. */
function answering() {
  const seen: Record<string, any>[] = [];
  const credentials: WebAuthnCredentials = {
    create: async (o) => (seen.push(o), { toJSON: () => REGISTRATION_JSON } as never),
    get: async (o) => (seen.push(o), { toJSON: () => ASSERTION_JSON } as never),
  };
  return { credentials, seen };
}

describe('signInWithPasskey', () => {
  it('options → navigator.credentials.get → verify; emits and saves the session', async () => {
    const body = tokenBody(1_700_000_000_000, 3600, 'pk');
    const { api, requests } = apiWith((req) =>
      reply(200, req.path.endsWith('/options') ? REQUEST : body),
    );
    const { passkey, saved } = passkeyWith(api, { signedIn: false });
    const { credentials, seen } = answering();
    const out = await lastValueFrom(
      signInWithPasskey(passkey, credentials, { options: { mediation: 'conditional' } }),
    );
    expect(requests.map((r) => r.path)).toEqual([
      '/auth/v1/passkeys/authentication/options',
      '/auth/v1/passkeys/authentication/verify',
    ]);
    expect(requests[0].body).toEqual({ gotrue_meta_security: {} });
    expect(requests[1].body).toEqual({ challenge_id: 'c-2', credential: ASSERTION_JSON });
    expect(seen).toHaveLength(1);
    expect(seen[0].mediation).toBe('conditional');
    expect(new Uint8Array(seen[0].publicKey.challenge)).toEqual(new Uint8Array([7, 8, 9]));
    expect(out.session.access_token).toBe(body.access_token);
    expect(saved.map(([, e]) => e)).toEqual(['SIGNED_IN']);
  });

  it('without WebAuthn: AuthUnknownError and no request', async () => {
    const { api, requests } = apiWith(() => reply(200, REQUEST));
    const { passkey } = passkeyWith(api);
    const e = await lastValueFrom(signInWithPasskey(passkey, undefined)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthUnknownError);
    expect(requests).toEqual([]);
  });
});

describe('registerPasskey', () => {
  it('options → navigator.credentials.create → verify; emits the new passkey', async () => {
    const meta = { id: 'p-1', friendly_name: 'Passkey', created_at: '2026-01-01T00:00:00Z' };
    const { api, requests } = apiWith((req) =>
      reply(200, req.path.endsWith('/options') ? CREATION : meta),
    );
    const { passkey } = passkeyWith(api);
    const { credentials, seen } = answering();
    expect(await lastValueFrom(registerPasskey(passkey, credentials))).toEqual(meta);
    expect(requests.map((r) => r.path)).toEqual([
      '/auth/v1/passkeys/registration/options',
      '/auth/v1/passkeys/registration/verify',
    ]);
    expect(requests[1].body).toEqual({ challenge_id: 'c-1', credential: REGISTRATION_JSON });
    expect(new Uint8Array(seen[0].publicKey.user.id)).toEqual(new Uint8Array(Buffer.from('user')));
  });
});
