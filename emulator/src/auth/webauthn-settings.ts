import { goDurationMs } from './duration.js';

/** The WebAuthn relying party and the switches of passkeys and WebAuthn MFA. */
export interface WebAuthnSettings {
  /** `[auth.passkey] enabled` (`GOTRUE_PASSKEY_ENABLED`); the CLI's template leaves it off. */
  passkeyEnabled: boolean;
  /** `[auth.webauthn] rp_id` (`GOTRUE_WEBAUTHN_RP_ID`): the domain credentials are bound to. */
  rpId: string;
  /** `[auth.webauthn] rp_origins` (`GOTRUE_WEBAUTHN_RP_ORIGINS`, comma separated). */
  rpOrigins: string[];
  /** `[auth.webauthn] rp_display_name` (`GOTRUE_WEBAUTHN_RP_DISPLAY_NAME`). */
  rpDisplayName: string;
  /** Seconds a passkey or WebAuthn MFA challenge can be answered (GoTrue's default: 5 minutes). */
  challengeExpirySeconds: number;
  /** `[auth.mfa.web_authn] enroll_enabled / verify_enabled`; both off in the CLI's template. */
  mfa: { enroll: boolean; verify: boolean };
}

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (v && typeof v === 'object' ? (v as Table) : {});
const envBool = (name: string): boolean | undefined => {
  const v = process.env[name]?.trim();
  return v ? /^(1|t|true)$/i.test(v) : undefined;
};

/**
 * Reads the WebAuthn settings from the parsed `[auth]` table, the `GOTRUE_*` environment
 * overriding it. Without `[auth.webauthn]` the relying party is the site URL: its host name as
 * the RP ID and its origin as the one allowed origin.
 *
 * @example
 * const w = readWebAuthnSettings(raw, 'http://127.0.0.1:3000'); // w.rpId === '127.0.0.1'
 */
export function readWebAuthnSettings(raw: Table, siteUrl: string): WebAuthnSettings {
  const rp = table(raw.webauthn);
  const mfa = table(table(raw.mfa).web_authn);
  let site: URL | undefined;
  try {
    site = new URL(siteUrl);
  } catch {
    site = undefined;
  }
  const envOrigins = process.env.GOTRUE_WEBAUTHN_RP_ORIGINS?.trim();
  const origins = envOrigins
    ? envOrigins.split(',').map((o) => o.trim())
    : Array.isArray(rp.rp_origins)
      ? rp.rp_origins.map(String)
      : site
        ? [site.origin]
        : [];
  const expiry = process.env.GOTRUE_WEBAUTHN_CHALLENGE_EXPIRY_DURATION?.trim() ?? '';
  const expiryMs = /^\d+$/.test(expiry) ? Number(expiry) * 1000 : goDurationMs(expiry);
  return {
    passkeyEnabled: envBool('GOTRUE_PASSKEY_ENABLED') ?? table(raw.passkey).enabled === true,
    rpId:
      process.env.GOTRUE_WEBAUTHN_RP_ID?.trim() ||
      (typeof rp.rp_id === 'string' ? rp.rp_id : (site?.hostname ?? 'localhost')),
    rpOrigins: origins.filter((o) => o !== ''),
    rpDisplayName:
      process.env.GOTRUE_WEBAUTHN_RP_DISPLAY_NAME?.trim() ||
      (typeof rp.rp_display_name === 'string' ? rp.rp_display_name : 'Supabase'),
    challengeExpirySeconds: expiryMs && expiryMs > 0 ? expiryMs / 1000 : 300,
    mfa: { enroll: mfa.enroll_enabled === true, verify: mfa.verify_enabled === true },
  };
}
