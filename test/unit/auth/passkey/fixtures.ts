import { of, throwError } from 'rxjs';
import { vi } from 'vitest';
import type { AuthApi } from '../../../../src/auth/auth-api.js';
import { AuthSessionMissingError } from '../../../../src/auth/errors.js';
import { PasskeyApi, type PasskeyApiContext } from '../../../../src/auth/passkey/index.js';
import type { Session } from '../../../../src/auth/types.js';
import { makeJwt, USER } from '../helpers.js';

export const TOKEN = makeJwt({ sub: USER.id, exp: 4_000_000_000, role: 'authenticated' });
export const SESSION = {
  access_token: TOKEN,
  refresh_token: 'rt',
  expires_in: 3600,
  expires_at: 4_000_000_000,
  token_type: 'bearer',
  user: USER,
} as unknown as Session;

export const CREATION = {
  challenge_id: 'c-1',
  expires_at: 4_000_000_000,
  options: {
    rp: { id: 'localhost', name: 'App' },
    user: { id: 'dXNlcg', name: 'a@b.c', displayName: 'a@b.c' },
    challenge: 'AQID',
    pubKeyCredParams: [{ alg: -7, type: 'public-key' as const }],
    excludeCredentials: [{ id: 'BAUG', type: 'public-key' as const }],
  },
};
export const REQUEST = {
  challenge_id: 'c-2',
  expires_at: 4_000_000_000,
  options: { challenge: 'BwgJ', rpId: 'localhost', allowCredentials: [] },
};
export const REGISTRATION_JSON = {
  id: 'cred',
  rawId: 'cred',
  type: 'public-key' as const,
  response: { clientDataJSON: 'e30', attestationObject: 'oA' },
  clientExtensionResults: {},
};
export const ASSERTION_JSON = {
  id: 'cred',
  rawId: 'cred',
  type: 'public-key' as const,
  response: {
    clientDataJSON: 'e30',
    authenticatorData: 'AA',
    signature: 'AA',
    userHandle: 'dXNlcg',
  },
  clientExtensionResults: {},
};

/** A PasskeyApi over `api`, signed in unless told otherwise; records saved sessions. */
export function passkeyWith(api: AuthApi, options: { signedIn?: boolean } = {}) {
  const saved: [Session, string][] = [];
  const context: PasskeyApiContext = {
    api,
    requireSession: vi.fn(() =>
      options.signedIn === false ? throwError(() => new AuthSessionMissingError()) : of(SESSION),
    ),
    saveSession: (session, event) => {
      saved.push([session, event]);
      return of(undefined);
    },
    now: () => 1_700_000_000_000,
  };
  return { passkey: new PasskeyApi(context), saved, context };
}
