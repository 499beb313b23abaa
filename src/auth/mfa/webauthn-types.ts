import type { ServerCredentialResponse } from '../passkey/types.js';

/** Where the WebAuthn ceremony of an MFA factor runs: the relying party and its origins. */
export interface MFAWebAuthnRelyingParty {
  /** The relying party ID (a host name, e.g. `example.com`). */
  rpId: string;
  /** The origins the server accepts the ceremony from (default on the server: its own list). */
  rpOrigins?: string[];
}

/** The `webauthn` part of what `mfa.challenge` emits for a WebAuthn factor. */
export type MFAChallengeWebAuthn =
  | {
      /** An unverified factor: a new credential is to be created. */
      type: 'create';
      credential_options: { publicKey: PublicKeyCredentialCreationOptions };
    }
  | {
      /** A verified factor: its credential is to sign an assertion. */
      type: 'request';
      credential_options: { publicKey: PublicKeyCredentialRequestOptions };
    };

/** The `webauthn` argument of `mfa.verify` for a WebAuthn factor. */
export interface MFAVerifyWebAuthn extends Partial<MFAWebAuthnRelyingParty> {
  /** `webauthn.type` of the challenge. */
  type: 'create' | 'request';
  /** The browser's credential (serialized for the body) or an already serialized one. */
  credential_response: Credential | ServerCredentialResponse;
}

/** What `mfa.webauthn.challenge` emits: the verify arguments, the credential made or signed. */
export interface MFAWebAuthnChallengeResult {
  factorId: string;
  challengeId: string;
  webauthn: {
    type: 'create' | 'request';
    /** The credential, serialized as the server reads it. */
    credential_response: ServerCredentialResponse;
  };
}

/** Arguments of `mfa.webauthn.challenge`. */
export interface MFAWebAuthnChallengeParams {
  factorId: string;
  /** Sent to the server with the challenge. */
  webauthn?: MFAWebAuthnRelyingParty;
  /** The credential's user name when the server gives none (else the user's name, email or id). */
  friendlyName?: string;
  /** An extra abort signal; unsubscribing aborts the ceremony anyway. */
  signal?: AbortSignal;
}

/** Overrides of what `navigator.credentials.create()` / `get()` is given, merged over the server's. */
export interface MFAWebAuthnOverrides {
  create?: Partial<PublicKeyCredentialCreationOptions>;
  request?: Partial<PublicKeyCredentialRequestOptions>;
}

/** Arguments of `mfa.webauthn.authenticate` and `mfa.webauthn.register`. */
export interface MFAWebAuthnCeremonyParams {
  /** Default: the page's host name and origin; required outside a browser page. */
  webauthn?: Partial<MFAWebAuthnRelyingParty> & { signal?: AbortSignal };
}
