import type { EmulatorContext } from '../context.js';
import { goDurationMs } from './duration.js';
import { readOAuthServerSettings, type OAuthServerSettings } from './oauth-server-settings.js';
import { readWebAuthnSettings, type WebAuthnSettings } from './webauthn-settings.js';

/** Rate limits of `[auth.rate_limit]`; an undefined limit is not enforced. */
export interface RateLimits {
  emailSent?: number;
  smsSent?: number;
  anonymousUsers?: number;
  tokenRefresh?: number;
  signInSignUps?: number;
  tokenVerifications?: number;
  web3?: number;
}

/**
 * The `[auth.rate_limit]` values of the Supabase CLI's `config.toml` template (`supabase init`),
 * which the CLI hands GoTrue even when the file leaves them out. `email_sent` (2 an hour) counts
 * only with `[auth.email.smtp] enabled = true`, as the CLI passes it to GoTrue only then.
 */
export const CLI_RATE_LIMITS = {
  emailSent: 2,
  smsSent: 30,
  anonymousUsers: 30,
  tokenRefresh: 150,
  signInSignUps: 30,
  tokenVerifications: 30,
  web3: 30,
} as const satisfies Required<RateLimits>;

/** The `[auth]` settings of config.toml that shape the auth service, with the CLI's defaults. */
export interface AuthSettings {
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtExpiry: number;
  enableSignup: boolean;
  enableAnonymousSignIns: boolean;
  enableManualLinking: boolean;
  minimumPasswordLength: number;
  /** `''`, `letters_digits`, `lower_upper_letters_digits` or `lower_upper_letters_digits_symbols`. */
  passwordRequirements: string;
  enableRefreshTokenRotation: boolean;
  refreshTokenReuseInterval: number;
  email: {
    enableSignup: boolean;
    enableConfirmations: boolean;
    securePasswordChange: boolean;
    doubleConfirmChanges: boolean;
    otpLength: number;
    otpExpiry: number;
    /** `max_frequency`: the least time between two e-mails of one kind to one address. */
    maxFrequencyMs?: number;
  };
  sms: {
    enableSignup: boolean;
    enableConfirmations: boolean;
    /** Phone (digits only) → fixed code; no SMS is sent to these numbers. */
    testOtp: Record<string, string>;
    otpExpiry: number;
    /**
     * The SMS provider config.toml enables (`[auth.sms.twilio]` … or `[auth.hook.send_sms]`);
     * the emulator delivers to its mailbox instead. Unset: GoTrue's "Unable to get SMS provider".
     */
    provider?: string;
  };
  mfa: {
    maxEnrolledFactors: number;
    totp: { enroll: boolean; verify: boolean };
    phone: { enroll: boolean; verify: boolean };
  };
  /** Providers with `[auth.external.<name>] enabled = true`. */
  externalProviders: Set<string>;
  rateLimits: RateLimits;
  /**
   * The header whose first value is the client address rate limits count for (GoTrue's
   * `GOTRUE_RATE_LIMIT_HEADER`, read from the environment); unset: the connection's address.
   */
  rateLimitHeader?: string;
  /** `[auth.web3.ethereum]` / `[auth.web3.solana]` tables (`enabled`). */
  web3: Record<string, { enabled?: unknown }>;
  /**
   * GoTrue's `GOTRUE_SAML_ENABLED`, read from the environment: the CLI never sets it (config.toml
   * has no SAML table), so `/sso` answers 404 `saml_provider_disabled` unless it is `true`.
   */
  samlEnabled: boolean;
  /** The OAuth 2.1 server (`[auth.oauth_server]`, `GOTRUE_OAUTH_SERVER_*`). */
  oauthServer: OAuthServerSettings;
  /** Passkeys and WebAuthn MFA (`[auth.passkey]`, `[auth.webauthn]`, `[auth.mfa.web_authn]`). */
  webauthn: WebAuthnSettings;
}

/** The SMS providers of the CLI's `[auth.sms.<name>]` tables, in the order it picks them. */
const SMS_PROVIDERS = ['twilio', 'twilio_verify', 'messagebird', 'textlocal', 'vonage'];

type Table = Record<string, unknown>;

const table = (v: unknown): Table => (v && typeof v === 'object' ? (v as Table) : {});
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/**
 * Reads the auth settings from the parsed `[auth]` table (defaults are the Supabase CLI's:
 * signups on, confirmations off, anonymous sign-ins, manual linking and SMS signups off, TOTP on).
 *
 * @example
 * const settings = readAuthSettings(ctx); // settings.email.enableConfirmations === false
 */
export function readAuthSettings(ctx: EmulatorContext): AuthSettings {
  const raw = table(ctx.config.auth.raw);
  const email = table(raw.email);
  const sms = table(raw.sms);
  const mfa = table(raw.mfa);
  const totp = table(mfa.totp);
  const phone = table(mfa.phone);
  const limits = table(raw.rate_limit);
  const external = table(raw.external);
  const testOtp: Record<string, string> = {};
  for (const [k, v] of Object.entries(table(sms.test_otp))) {
    testOtp[k.replace(/[^0-9]/g, '')] = String(v);
  }
  const redirects = Array.isArray(raw.additional_redirect_urls)
    ? raw.additional_redirect_urls.map(String)
    : [];
  return {
    siteUrl: ctx.config.auth.siteUrl || String(raw.site_url ?? 'http://127.0.0.1:3000'),
    additionalRedirectUrls: redirects,
    jwtExpiry: ctx.config.auth.jwtExpiry || num(raw.jwt_expiry, 3600),
    enableSignup: bool(raw.enable_signup, true),
    enableAnonymousSignIns: bool(raw.enable_anonymous_sign_ins, false),
    enableManualLinking: bool(raw.enable_manual_linking, false),
    minimumPasswordLength: num(raw.minimum_password_length, 6),
    passwordRequirements:
      typeof raw.password_requirements === 'string' ? raw.password_requirements : '',
    enableRefreshTokenRotation: bool(raw.enable_refresh_token_rotation, true),
    refreshTokenReuseInterval: num(raw.refresh_token_reuse_interval, 10),
    email: {
      enableSignup: bool(email.enable_signup, true),
      enableConfirmations: bool(email.enable_confirmations, false),
      securePasswordChange: bool(email.secure_password_change, false),
      doubleConfirmChanges: bool(email.double_confirm_changes, true),
      otpLength: num(email.otp_length, 6),
      otpExpiry: num(email.otp_expiry, 3600),
      maxFrequencyMs:
        typeof email.max_frequency === 'string' ? goDurationMs(email.max_frequency) : undefined,
    },
    sms: {
      enableSignup: bool(sms.enable_signup, false),
      enableConfirmations: bool(sms.enable_confirmations, false),
      testOtp,
      otpExpiry: num(sms.otp_expiry, 3600),
      provider:
        SMS_PROVIDERS.find((p) => table(sms[p]).enabled === true) ??
        (table(table(raw.hook).send_sms).enabled === true ? 'hook' : undefined),
    },
    mfa: {
      maxEnrolledFactors: num(mfa.max_enrolled_factors, 10),
      totp: { enroll: bool(totp.enroll_enabled, true), verify: bool(totp.verify_enabled, true) },
      phone: {
        enroll: bool(phone.enroll_enabled, false),
        verify: bool(phone.verify_enabled, false),
      },
    },
    externalProviders: new Set(
      Object.entries(external)
        .filter(([, v]) => table(v).enabled === true)
        .map(([k]) => k),
    ),
    web3: table(raw.web3) as Record<string, { enabled?: unknown }>,
    rateLimits: {
      emailSent:
        table(email.smtp).enabled === true
          ? num(limits.email_sent, CLI_RATE_LIMITS.emailSent)
          : undefined,
      smsSent: num(limits.sms_sent, CLI_RATE_LIMITS.smsSent),
      anonymousUsers: num(limits.anonymous_users, CLI_RATE_LIMITS.anonymousUsers),
      tokenRefresh: num(limits.token_refresh, CLI_RATE_LIMITS.tokenRefresh),
      signInSignUps: num(limits.sign_in_sign_ups, CLI_RATE_LIMITS.signInSignUps),
      tokenVerifications: num(limits.token_verifications, CLI_RATE_LIMITS.tokenVerifications),
      web3: num(limits.web3, CLI_RATE_LIMITS.web3),
    },
    rateLimitHeader: process.env.GOTRUE_RATE_LIMIT_HEADER?.trim() || undefined,
    samlEnabled: /^(1|t|true)$/i.test(process.env.GOTRUE_SAML_ENABLED?.trim() ?? ''),
    oauthServer: readOAuthServerSettings(table(raw.oauth_server)),
    webauthn: readWebAuthnSettings(
      raw,
      ctx.config.auth.siteUrl || String(raw.site_url ?? 'http://127.0.0.1:3000'),
    ),
  };
}
