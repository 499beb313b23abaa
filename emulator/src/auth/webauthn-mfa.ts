import type { Queryable } from '../db/engine.js';
import { validationFailed } from './errors.js';
import type { UserRow } from './users.js';
import {
  creationOptions,
  requestOptions,
  verifyAssertion,
  verifyCreation,
  type StoredCredential,
} from './webauthn-ceremony.js';
import type { WebAuthnSettings } from './webauthn-settings.js';

/** The WebAuthn columns of an `auth.mfa_factors` row. */
export interface WebAuthnFactor {
  id: string;
  status: string;
  web_authn_credential: StoredCredential | null;
}

/** What a WebAuthn challenge row keeps (`web_authn_session_data`) for its verification. */
export interface WebAuthnSession {
  type: 'create' | 'request';
  challenge: string;
}

/**
 * The challenge of a WebAuthn factor, as GoTrue answers it: an unverified factor gets
 * credential creation options (`type: 'create'`), a verified one request options for its own
 * credential (`type: 'request'`); both under `credential_options.publicKey`.
 *
 * @example
 * const { session, webauthn } = await webAuthnChallenge(rp, user, factor, otherCredentials);
 */
export async function webAuthnChallenge(
  rp: WebAuthnSettings,
  user: UserRow,
  factor: WebAuthnFactor,
  userCredentials: StoredCredential[],
): Promise<{ session: WebAuthnSession; webauthn: Record<string, unknown> }> {
  if (factor.status === 'verified' && factor.web_authn_credential) {
    const publicKey = await requestOptions(rp, [factor.web_authn_credential]);
    return {
      session: { type: 'request', challenge: publicKey.challenge },
      webauthn: { type: 'request', credential_options: { publicKey } },
    };
  }
  const name = user.email || user.phone || user.id;
  const publicKey = await creationOptions(rp, { id: user.id, name }, userCredentials);
  return {
    session: { type: 'create', challenge: publicKey.challenge },
    webauthn: { type: 'create', credential_options: { publicKey } },
  };
}

/**
 * Checks a WebAuthn MFA verify body (`webauthn: { type, credential_response }`) against the
 * challenge's session and the factor, then stores what changed: the new credential on a first
 * verification, the new sign count after an assertion. GoTrue's 400s for a missing or mistyped
 * body; 422 `webauthn_verification_failed` when the ceremony does not hold.
 *
 * @example
 * await verifyWebAuthnFactor(tx, rp, factor, session, body.webauthn);
 */
export async function verifyWebAuthnFactor(
  db: Queryable,
  rp: WebAuthnSettings,
  factor: WebAuthnFactor,
  session: WebAuthnSession,
  params: unknown,
): Promise<void> {
  const p = params as { type?: unknown; credential_response?: unknown } | null | undefined;
  if (!p || typeof p !== 'object') throw validationFailed('WebAuthn config required');
  if (p.type !== 'create' && p.type !== 'request') {
    throw validationFailed('WebAuthn type must be create or request');
  }
  if (p.credential_response == null) throw validationFailed('credential_response required');
  if (p.type !== session.type) {
    throw validationFailed(`WebAuthn type must be ${session.type} for this challenge`);
  }
  if (session.type === 'create') {
    const { credential, aaguid } = await verifyCreation(
      rp,
      p.credential_response,
      session.challenge,
    );
    await db.query(
      `update auth.mfa_factors set web_authn_credential = $2::jsonb, web_authn_aaguid = $3,
         updated_at = now() where id = $1`,
      [factor.id, JSON.stringify(credential), aaguid],
    );
    return;
  }
  const stored = factor.web_authn_credential!;
  const counter = await verifyAssertion(rp, p.credential_response, session.challenge, stored);
  await db.query(
    `update auth.mfa_factors set web_authn_credential = $2::jsonb, updated_at = now()
      where id = $1`,
    [factor.id, JSON.stringify({ ...stored, counter })],
  );
}
