import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AuthHttpError, validationFailed } from './errors.js';
import type { WebAuthnSettings } from './webauthn-settings.js';

// @simplewebauthn/server (with its X.509 and ASN.1 stack) loads with the first ceremony: loaded
// with the routes, it was the largest single part of every emulator start.
const webauthn = () => import('@simplewebauthn/server');

/** A stored public key credential: what an assertion is checked against. */
export interface StoredCredential {
  /** The credential id, base64url. */
  id: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
}

/** The user a credential is created for. `id` becomes the WebAuthn user handle (its UTF-8 bytes). */
export interface CeremonyUser {
  id: string;
  name: string;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** The verification failed: the challenge, origin, RP ID, signature or sign count was wrong. */
function failed(detail: string): AuthHttpError {
  return new AuthHttpError(
    422,
    'webauthn_verification_failed',
    `WebAuthn verification failed: ${detail}`,
  );
}

/**
 * Credential creation options for `navigator.credentials.create()` (discoverable key, no
 * attestation), excluding the user's existing credentials.
 *
 * @example
 * const options = await creationOptions(settings, { id: user.id, name: user.email }, []);
 */
export async function creationOptions(
  rp: WebAuthnSettings,
  user: CeremonyUser,
  exclude: StoredCredential[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.rpDisplayName,
    rpID: rp.rpId,
    userID: new TextEncoder().encode(user.id),
    userName: user.name,
    userDisplayName: user.name,
    timeout: rp.challengeExpirySeconds * 1000,
    attestationType: 'none',
    excludeCredentials: exclude.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
}

/**
 * Credential request options for `navigator.credentials.get()`; no `allow` list lets the
 * authenticator offer any discoverable credential (a passkey sign-in).
 *
 * @example
 * const options = await requestOptions(settings, [factorCredential]);
 */
export async function requestOptions(
  rp: WebAuthnSettings,
  allow: StoredCredential[] = [],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: rp.rpId,
    timeout: rp.challengeExpirySeconds * 1000,
    userVerification: 'preferred',
    allowCredentials: allow.map((c) => ({ id: c.id, transports: c.transports })),
  });
}

/** A registration or assertion body must at least look like the browser's JSON. */
function shapeOf(credential: unknown, field: string): Record<string, unknown> {
  const c = credential as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || typeof c.id !== 'string' || !c.response) {
    throw validationFailed('Invalid credential_response');
  }
  if (typeof (c.response as Record<string, unknown>)[field] !== 'string') {
    throw validationFailed('Invalid credential_response');
  }
  return c;
}

/**
 * Verifies a `navigator.credentials.create()` response against the challenge it answers and
 * returns the new credential; 422 `webauthn_verification_failed` when it does not hold.
 *
 * @example
 * const { credential, aaguid } = await verifyCreation(settings, body.credential, challenge);
 */
export async function verifyCreation(
  rp: WebAuthnSettings,
  response: unknown,
  expectedChallenge: string,
): Promise<{ credential: StoredCredential; aaguid: string }> {
  shapeOf(response, 'attestationObject');
  const { verifyRegistrationResponse } = await webauthn();
  let result;
  try {
    result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.rpOrigins,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
    });
  } catch (e) {
    throw failed((e as Error).message);
  }
  if (!result.verified) throw failed('the attestation could not be verified');
  const c = result.registrationInfo.credential;
  return {
    credential: {
      id: c.id,
      publicKey: b64(c.publicKey),
      counter: c.counter,
      transports: c.transports ?? [],
    },
    aaguid: result.registrationInfo.aaguid,
  };
}

/**
 * Verifies a `navigator.credentials.get()` assertion made by `stored` for the challenge, and
 * returns the authenticator's new sign count. A count that does not grow (a cloned
 * authenticator or a replayed assertion) fails, as the WebAuthn spec advises.
 *
 * @example
 * const counter = await verifyAssertion(settings, body.credential, challenge, stored);
 */
export async function verifyAssertion(
  rp: WebAuthnSettings,
  response: unknown,
  expectedChallenge: string,
  stored: StoredCredential,
): Promise<number> {
  shapeOf(response, 'signature');
  const { verifyAuthenticationResponse } = await webauthn();
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.rpOrigins,
      expectedRPID: rp.rpId,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.counter,
        transports: stored.transports as never,
      },
      requireUserVerification: false,
    });
  } catch (e) {
    throw failed((e as Error).message);
  }
  if (!result.verified) throw failed('the signature could not be verified');
  return result.authenticationInfo.newCounter;
}

/**
 * The user handle of an assertion (the UTF-8 user id given at creation), or `undefined`.
 *
 * @example
 * const userId = assertionUserHandle(body.credential);
 */
export function assertionUserHandle(response: unknown): string | undefined {
  const r = (response as { response?: { userHandle?: unknown } } | null)?.response;
  if (typeof r?.userHandle !== 'string' || r.userHandle === '') return undefined;
  return Buffer.from(r.userHandle, 'base64url').toString('utf8');
}
