import { afterEach, describe, expect, it } from 'vitest';
import { readWebAuthnSettings } from '../../src/auth/webauthn-settings.js';

const SITE = 'http://127.0.0.1:3000';
const ENV = [
  'GOTRUE_PASSKEY_ENABLED',
  'GOTRUE_WEBAUTHN_RP_ID',
  'GOTRUE_WEBAUTHN_RP_ORIGINS',
  'GOTRUE_WEBAUTHN_RP_DISPLAY_NAME',
  'GOTRUE_WEBAUTHN_CHALLENGE_EXPIRY_DURATION',
];

afterEach(() => {
  for (const k of ENV) delete process.env[k];
});

describe('readWebAuthnSettings', () => {
  it('defaults: everything off, the relying party is the site URL', () => {
    expect(readWebAuthnSettings({}, SITE)).toEqual({
      passkeyEnabled: false,
      rpId: '127.0.0.1',
      rpOrigins: [SITE],
      rpDisplayName: 'Supabase',
      challengeExpirySeconds: 300,
      mfa: { enroll: false, verify: false },
    });
  });

  it('reads [auth.passkey], [auth.webauthn] and [auth.mfa.web_authn]', () => {
    const raw = {
      passkey: { enabled: true },
      webauthn: {
        rp_id: 'example.com',
        rp_origins: ['https://example.com'],
        rp_display_name: 'App',
      },
      mfa: { web_authn: { enroll_enabled: true, verify_enabled: false } },
    };
    expect(readWebAuthnSettings(raw, SITE)).toMatchObject({
      passkeyEnabled: true,
      rpId: 'example.com',
      rpOrigins: ['https://example.com'],
      rpDisplayName: 'App',
      mfa: { enroll: true, verify: false },
    });
  });

  it('GOTRUE_* variables win over config.toml', () => {
    process.env.GOTRUE_PASSKEY_ENABLED = 'false';
    process.env.GOTRUE_WEBAUTHN_RP_ID = 'env.example';
    process.env.GOTRUE_WEBAUTHN_RP_ORIGINS = 'https://a.example, https://b.example';
    process.env.GOTRUE_WEBAUTHN_RP_DISPLAY_NAME = 'Env';
    process.env.GOTRUE_WEBAUTHN_CHALLENGE_EXPIRY_DURATION = '2m';
    const s = readWebAuthnSettings({ passkey: { enabled: true }, webauthn: { rp_id: 'x' } }, SITE);
    expect(s).toMatchObject({
      passkeyEnabled: false,
      rpId: 'env.example',
      rpOrigins: ['https://a.example', 'https://b.example'],
      rpDisplayName: 'Env',
      challengeExpirySeconds: 120,
    });
    process.env.GOTRUE_WEBAUTHN_CHALLENGE_EXPIRY_DURATION = '45';
    expect(readWebAuthnSettings({}, SITE).challengeExpirySeconds).toBe(45);
  });
});
