import { toCreationOptions, toRequestOptions } from '../passkey/webauthn-browser.js';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../passkey/types.js';
import { AuthValidationError } from '../errors.js';
import type { MFAChallengeResult, MFAVerifyParams } from '../mfa.js';
import { serializedCredential } from './webauthn-options.js';

/**
 * The body of `POST /factors/<id>/verify`, as auth-js sends it: `{ challenge_id, code }`, or for
 * WebAuthn `{ challenge_id, webauthn: { …, credential_response } }` with the credential serialized.
 * Pure.
 *
 * @example
 * ```ts
 * webAuthnVerifyBody({ factorId, challengeId: 'c', code: '123456' }); // { challenge_id: 'c', code: '123456' }
 * ```
 */
export function webAuthnVerifyBody(params: MFAVerifyParams): Record<string, unknown> {
  if (!('webauthn' in params)) return { challenge_id: params.challengeId, code: params.code };
  const w = params.webauthn;
  if (!w || typeof w !== 'object' || !w.credential_response) {
    throw new AuthValidationError('webauthn.credential_response is required');
  }
  return {
    challenge_id: params.challengeId,
    webauthn: { ...w, credential_response: serializedCredential(w?.credential_response) },
  };
}

/**
 * A challenge answer with a WebAuthn factor's `credential_options.publicKey` decoded for the
 * browser (`toCreationOptions` / `toRequestOptions`); other factors' answers as they are. Pure.
 *
 * @example
 * ```ts
 * webAuthnChallengeResult(data).webauthn?.credential_options.publicKey.challenge; // an ArrayBuffer
 * ```
 */
export function webAuthnChallengeResult(data: MFAChallengeResult): MFAChallengeResult {
  const w = data?.webauthn as
    | { type: string; credential_options: { publicKey: unknown } & Record<string, unknown> }
    | undefined;
  if (data?.type !== 'webauthn' || !w) return data;
  const json = w.credential_options.publicKey;
  const publicKey =
    w.type === 'create'
      ? toCreationOptions(json as PublicKeyCredentialCreationOptionsJSON)
      : toRequestOptions(json as PublicKeyCredentialRequestOptionsJSON);
  return {
    ...data,
    webauthn: { ...w, credential_options: { ...w.credential_options, publicKey } },
  } as MFAChallengeResult;
}
