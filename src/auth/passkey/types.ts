import type { Session, User } from '../types.js';

/** A base64url string, as the WebAuthn JSON forms carry binary fields. */
export type Base64URLString = string;

/** One credential of an exclude or allow list, in WebAuthn's JSON form. */
export interface PublicKeyCredentialDescriptorJSON {
  id: Base64URLString;
  type: 'public-key';
  transports?: string[];
}

/** `PublicKeyCredentialCreationOptionsJSON`: what `navigator.credentials.create()` needs, as JSON. */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { alg: number; type: 'public-key' }[];
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: Record<string, unknown>;
  attestation?: string;
  extensions?: Record<string, unknown>;
  hints?: string[];
}

/** `PublicKeyCredentialRequestOptionsJSON`: what `navigator.credentials.get()` needs, as JSON. */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: string;
  extensions?: Record<string, unknown>;
  hints?: string[];
}

/** A `navigator.credentials.create()` result as JSON (`PublicKeyCredential.toJSON()`). */
export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: {
    clientDataJSON: Base64URLString;
    attestationObject: Base64URLString;
    transports?: string[];
    [field: string]: unknown;
  };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment?: string;
}

/** A `navigator.credentials.get()` result as JSON (`PublicKeyCredential.toJSON()`). */
export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: {
    clientDataJSON: Base64URLString;
    authenticatorData: Base64URLString;
    signature: Base64URLString;
    userHandle?: Base64URLString;
  };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment?: string;
}

/** A serialized credential, either ceremony's. */
export type ServerCredentialResponse = RegistrationResponseJSON | AuthenticationResponseJSON;

/** What `passkey.startRegistration` emits (`POST /passkeys/registration/options`). */
export interface PasskeyRegistrationOptionsResponse {
  challenge_id: string;
  options: PublicKeyCredentialCreationOptionsJSON;
  /** UNIX seconds after which the challenge is refused. */
  expires_at: number;
}

/** What `passkey.startAuthentication` emits (`POST /passkeys/authentication/options`). */
export interface PasskeyAuthenticationOptionsResponse {
  challenge_id: string;
  options: PublicKeyCredentialRequestOptionsJSON;
  /** UNIX seconds after which the challenge is refused. */
  expires_at: number;
}

/** What `passkey.verifyRegistration` and `registerPasskey` emit: the new passkey. */
export interface PasskeyMetadata {
  id: string;
  friendly_name?: string;
  created_at: string;
}

/** A passkey as `passkey.list` and `admin.passkey.listPasskeys` emit it. */
export interface PasskeyListItem {
  id: string;
  friendly_name?: string;
  created_at: string;
  last_used_at?: string;
}

/** What a passkey sign-in emits. */
export interface PasskeySignInResult {
  session: Session;
  user: User;
}

/** Arguments of `passkey.verifyRegistration`. */
export interface VerifyPasskeyRegistrationParams {
  /** `challenge_id` from `startRegistration`. */
  challengeId: string;
  /** The serialized result of `navigator.credentials.create()`. */
  credential: ServerCredentialResponse;
}

/** Arguments of `passkey.startAuthentication`. */
export interface StartPasskeyAuthenticationParams {
  options?: { captchaToken?: string };
}

/** Arguments of `passkey.verifyAuthentication`. */
export interface VerifyPasskeyAuthenticationParams {
  /** `challenge_id` from `startAuthentication`. */
  challengeId: string;
  /** The serialized result of `navigator.credentials.get()`. */
  credential: ServerCredentialResponse;
}

/** Arguments of `passkey.update`. */
export interface PasskeyUpdateParams {
  passkeyId: string;
  /** The new name (the server keeps at most 120 characters). */
  friendlyName: string;
}

/** Arguments of `passkey.delete`. */
export interface PasskeyDeleteParams {
  passkeyId: string;
}

/** Arguments of `signInWithPasskey`. */
export interface SignInWithPasskeyCredentials {
  options?: {
    captchaToken?: string;
    /** Forwarded to `navigator.credentials.get()`: `'conditional'` for passkey autofill. */
    mediation?: CredentialMediationRequirement;
  };
}

/** Arguments of `admin.passkey.listPasskeys`. */
export interface AuthPasskeyAdminListParams {
  userId: string;
}

/** Arguments of `admin.passkey.deletePasskey`. */
export interface AuthPasskeyAdminDeleteParams {
  userId: string;
  passkeyId: string;
}
