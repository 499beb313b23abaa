import type { WebAuthnCredentials } from '../passkey/webauthn-browser.js';

/** What `mfa.recoveryCodes.getStatus` emits. */
export interface MFARecoveryCodesStatus {
  id: string;
  type: 'recovery_code';
  /** Codes generated. */
  total: number;
  /** Codes not used yet. */
  remaining: number;
}

/** What `mfa.recoveryCodes.generate` and `regenerate` emit: the codes, shown only this once. */
export interface MFARecoveryCodesGenerated {
  id: string;
  type: 'recovery_code';
  friendly_name?: string;
  total: number;
  codes: string[];
}

/** Options of the MFA API that the auth client's options decide. */
export interface MfaOptions {
  /** The WebAuthn API of `mfa.webauthn` (default: the browser's, read at each call). */
  webauthn?: WebAuthnCredentials;
  /** `recoveryCodes: true` enables `mfa.recoveryCodes` (experimental in auth-js 2.119). */
  experimental?: { recoveryCodes?: boolean };
}
