import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { testEngines } from '../helpers/index.js';
import { authApi, newEmail, startAuthEmulator } from './helpers.js';

/**
 * Refusals checked against GoTrue's source (supabase/auth): status, code and message as it writes
 * them. SAML: internal/api/api.go + middleware.go `requireSAMLEnabled`; e-mail: mail.go
 * `validateEmail` (checkmail's format); SMS: signup.go, otp.go, phone.go
 * `sendPhoneConfirmation`; disabled providers: signup.go, otp.go, magic_link.go, token.go,
 * resend.go and middleware.go `requireEmailProvider`; web3: web3.go `Web3Grant`; verify:
 * verify.go `VerifyParams.Validate` and `verifyUserAndToken`; resend: resend.go
 * `ResendConfirmationParams.Validate`.
 */
type Case = {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  query?: Record<string, string>;
  admin?: boolean;
  /** A bearer for `/user`: the session of a fresh e-mail user. */
  user?: boolean;
  status: number;
  expect: Record<string, unknown>;
};

const BAD_EMAIL = 'xx:;x@x.x';
const invalidEmail = {
  code: 'validation_failed',
  message: 'Unable to validate email address: invalid format',
};
const noSmsProvider = { code: 'unexpected_failure', message: 'Unable to get SMS provider' };

const EMAIL_OFF = '[auth.email]\nenable_signup = false\n';
const SOLANA_ONLY = '[auth.web3.solana]\nenabled = true\n';
const ETHEREUM_ONLY = '[auth.web3.ethereum]\nenabled = true\n';
const SMS_NO_PROVIDER = `
[auth.sms]
enable_signup = true
enable_confirmations = true
[auth.sms.test_otp]
14152127777 = "123456"
`;
const LONG_MESSAGE =
  'app.example.com wants you to sign in with your Solana account:\nAddress\n\nURI: https://app.example.com/';
const web3 = (body: unknown) => ({
  method: 'POST' as const,
  path: '/token',
  query: { grant_type: 'web3' },
  body,
});

const TABLES: { config: string; cases: Case[] }[] = [
  {
    config: '', // the CLI's defaults: SAML off, phone off, web3 off
    cases: [
      {
        name: 'POST /sso with SAML off',
        method: 'POST',
        path: '/sso',
        body: { domain: 'example.com' },
        status: 404,
        expect: { code: 'saml_provider_disabled', message: 'SAML 2.0 is disabled' },
      },
      {
        name: 'GET /sso/saml/metadata with SAML off',
        method: 'GET',
        path: '/sso/saml/metadata',
        status: 404,
        expect: { code: 'saml_provider_disabled', message: 'SAML 2.0 is disabled' },
      },
      {
        name: 'GET /admin/sso/providers is not gated on SAML: an empty list',
        method: 'GET',
        path: '/admin/sso/providers',
        admin: true,
        status: 200,
        expect: { items: [] },
      },
      {
        name: 'GET /admin/sso/providers/:id of no provider',
        method: 'GET',
        path: '/admin/sso/providers/6f1f2c1e-3a7b-4d0e-9a55-1b2c3d4e5f60',
        admin: true,
        status: 404,
        expect: { code: 'sso_provider_not_found', message: 'SSO Identity Provider not found' },
      },
      {
        name: 'signUp with a malformed e-mail',
        method: 'POST',
        path: '/signup',
        body: { email: BAD_EMAIL, password: 'secret-pw' },
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'signUp with surrounding spaces (not trimmed)',
        method: 'POST',
        path: '/signup',
        body: { email: ' a@example.com', password: 'secret-pw' },
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'signInWithOtp with a malformed e-mail',
        method: 'POST',
        path: '/otp',
        body: { email: BAD_EMAIL },
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'admin createUser with a malformed e-mail',
        method: 'POST',
        path: '/admin/users',
        body: { email: BAD_EMAIL, password: 'secret-pw' },
        admin: true,
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'inviteUserByEmail with a malformed e-mail',
        method: 'POST',
        path: '/invite',
        body: { email: BAD_EMAIL },
        admin: true,
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'generateLink with a malformed e-mail',
        method: 'POST',
        path: '/admin/generate_link',
        body: { type: 'magiclink', email: BAD_EMAIL },
        admin: true,
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'an e-mail over 255 bytes',
        method: 'POST',
        path: '/signup',
        body: { email: `${'a'.repeat(251)}@b.io`, password: 'secret-pw' },
        status: 400,
        expect: { code: 'validation_failed', message: 'An email address is too long' },
      },
      {
        name: 'password sign-in does not validate the address: invalid_credentials',
        method: 'POST',
        path: '/token',
        query: { grant_type: 'password' },
        body: { email: BAD_EMAIL, password: 'secret-pw' },
        status: 400,
        expect: { code: 'invalid_credentials', message: 'Invalid login credentials' },
      },
      {
        name: 'phone signUp, phone off: the password is checked first',
        method: 'POST',
        path: '/signup',
        body: { phone: '+15551234567' },
        status: 400,
        expect: { code: 'validation_failed', message: 'Signup requires a valid password' },
      },
      {
        name: 'phone signUp, phone off',
        method: 'POST',
        path: '/signup',
        body: { phone: '+15551234567', password: 'secret-pw' },
        status: 400,
        expect: { code: 'phone_provider_disabled', message: 'Phone signups are disabled' },
      },
      {
        name: 'signInWithOtp phone, phone off',
        method: 'POST',
        path: '/otp',
        body: { phone: '+15551234567' },
        status: 400,
        expect: { code: 'phone_provider_disabled', message: 'Unsupported phone provider' },
      },
      {
        name: 'password sign-in with a phone, phone off',
        method: 'POST',
        path: '/token',
        query: { grant_type: 'password' },
        body: { phone: '+15551234567', password: 'secret-pw' },
        status: 422,
        expect: { code: 'phone_provider_disabled', message: 'Phone logins are disabled' },
      },
      {
        name: 'password sign-in with both identifiers',
        method: 'POST',
        path: '/token',
        query: { grant_type: 'password' },
        body: { email: 'a@example.com', phone: '+15551234567', password: 'secret-pw' },
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'Only an email address or phone number should be provided on login.',
        },
      },
      {
        name: 'signInWithOtp phone, phone off: refused before the number is validated',
        method: 'POST',
        path: '/otp',
        body: { phone: 'not-a-number' },
        status: 400,
        expect: { code: 'phone_provider_disabled', message: 'Unsupported phone provider' },
      },
      {
        name: 'resend sms, phone off',
        method: 'POST',
        path: '/resend',
        body: { type: 'sms', phone: '+15551234567' },
        status: 400,
        expect: { code: 'phone_provider_disabled', message: 'Phone logins are disabled' },
      },
      {
        name: 'verifyOtp with a malformed e-mail (verify.go: 422, not the 400 of validateEmail)',
        method: 'POST',
        path: '/verify',
        body: { type: 'email', email: BAD_EMAIL, token: '123456' },
        status: 422,
        expect: { code: 'validation_failed', message: 'Invalid email format' },
      },
      {
        name: 'verifyOtp with an e-mail over 255 bytes',
        method: 'POST',
        path: '/verify',
        body: { type: 'magiclink', email: `${'a'.repeat(251)}@b.io`, token: '123456' },
        status: 422,
        expect: { code: 'validation_failed', message: 'Invalid email format' },
      },
      {
        name: 'verifyOtp with both a token and a token hash',
        method: 'POST',
        path: '/verify',
        body: { type: 'signup', token: '123456', token_hash: 'abc', email: 'a@example.com' },
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'Verify requires either a token or a token hash',
        },
      },
      {
        name: 'verifyOtp with a token hash and an e-mail',
        method: 'POST',
        path: '/verify',
        body: { type: 'signup', token_hash: 'abc', email: 'a@example.com' },
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'Only the token_hash and type should be provided',
        },
      },
      {
        name: 'verifyOtp with a token hash of an SMS type',
        method: 'POST',
        path: '/verify',
        body: { type: 'sms', token_hash: 'abc' },
        status: 400,
        expect: { code: 'validation_failed', message: 'Invalid email verification type' },
      },
      {
        name: 'verifyOtp with both identifiers',
        method: 'POST',
        path: '/verify',
        body: { type: 'sms', token: '123456', email: 'a@example.com', phone: '+15551234567' },
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'Only an email address or phone number should be provided on verify',
        },
      },
      {
        name: 'verifyOtp of an unknown type: nobody is found',
        method: 'POST',
        path: '/verify',
        body: { type: 'weird', token: '123456', email: 'a@example.com' },
        status: 403,
        expect: { code: 'otp_expired', message: 'Token has expired or is invalid' },
      },
      {
        name: 'verifyOtp of an e-mail type with a phone: nobody is found',
        method: 'POST',
        path: '/verify',
        body: { type: 'signup', token: '123456', phone: '+15551234567' },
        status: 403,
        expect: { code: 'otp_expired', message: 'Token has expired or is invalid' },
      },
      {
        name: 'resend email_change with neither identifier',
        method: 'POST',
        path: '/resend',
        body: { type: 'email_change' },
        status: 400,
        expect: { code: 'validation_failed', message: 'Missing email address or phone number' },
      },
      {
        name: 'resend email_change with both identifiers',
        method: 'POST',
        path: '/resend',
        body: { type: 'email_change', email: 'a@example.com', phone: '+15551234567' },
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'Only an email address or phone number should be provided.',
        },
      },
      {
        name: 'resend email_change with a malformed e-mail',
        method: 'POST',
        path: '/resend',
        body: { type: 'email_change', email: BAD_EMAIL },
        status: 400,
        expect: invalidEmail,
      },
      {
        name: 'resend email_change naming a phone, phone off',
        method: 'POST',
        path: '/resend',
        body: { type: 'email_change', phone: '+15551234567' },
        status: 400,
        expect: { code: 'phone_provider_disabled', message: 'Phone logins are disabled' },
      },
      {
        name: 'resend email_change of an unknown address: nothing sent, {}',
        method: 'POST',
        path: '/resend',
        body: { type: 'email_change', email: 'nobody@example.com' },
        status: 200,
        expect: {},
      },
      {
        name: 'resend sms with only an e-mail',
        method: 'POST',
        path: '/resend',
        body: { type: 'sms', email: 'a@example.com' },
        status: 400,
        expect: { code: 'validation_failed', message: 'Type provided requires a phone number' },
      },
      {
        name: 'web3 with no chain enabled is refused before the body is looked at',
        ...web3({}),
        status: 422,
        expect: { code: 'web3_provider_disabled', message: 'Web3 provider is disabled' },
      },
    ],
  },
  {
    config: SMS_NO_PROVIDER,
    cases: [
      {
        name: 'phone signUp with no SMS provider',
        method: 'POST',
        path: '/signup',
        body: { phone: '+15551234567', password: 'secret-pw' },
        status: 500,
        expect: noSmsProvider,
      },
      {
        name: 'signInWithOtp phone with no SMS provider',
        method: 'POST',
        path: '/otp',
        body: { phone: '+15557654321' },
        status: 500,
        expect: noSmsProvider,
      },
      {
        name: 'a test OTP number needs no provider',
        method: 'POST',
        path: '/otp',
        body: { phone: '+14152127777' },
        status: 200,
        expect: {},
      },
      {
        name: 'a phone change with no SMS provider',
        method: 'PUT',
        path: '/user',
        body: { phone: '+15550001111' },
        user: true,
        status: 500,
        expect: noSmsProvider,
      },
    ],
  },
  {
    config: EMAIL_OFF,
    cases: [
      {
        name: 'signInWithOtp e-mail, e-mail off',
        method: 'POST',
        path: '/otp',
        body: { email: 'a@example.com' },
        status: 422,
        expect: { code: 'email_provider_disabled', message: 'Email logins are disabled' },
      },
      {
        name: 'password sign-in with an e-mail, e-mail off',
        method: 'POST',
        path: '/token',
        query: { grant_type: 'password' },
        body: { email: 'a@example.com', password: 'secret-pw' },
        status: 422,
        expect: { code: 'email_provider_disabled', message: 'Email logins are disabled' },
      },
      {
        name: 'e-mail signUp, e-mail off',
        method: 'POST',
        path: '/signup',
        body: { email: 'a@example.com', password: 'secret-pw' },
        status: 400,
        expect: { code: 'email_provider_disabled', message: 'Email signups are disabled' },
      },
      {
        name: 'resetPasswordForEmail, e-mail off',
        method: 'POST',
        path: '/recover',
        body: { email: 'a@example.com' },
        status: 400,
        expect: { code: 'email_provider_disabled', message: 'Email logins are disabled' },
      },
      {
        name: 'resend signup, e-mail off',
        method: 'POST',
        path: '/resend',
        body: { type: 'signup', email: 'a@example.com' },
        status: 400,
        expect: { code: 'email_provider_disabled', message: 'Email logins are disabled' },
      },
    ],
  },
  {
    config: SOLANA_ONLY,
    cases: [
      {
        name: 'web3 ethereum while only solana is on',
        ...web3({ chain: 'ethereum', message: LONG_MESSAGE, signature: 'x' }),
        status: 422,
        expect: { code: 'web3_provider_disabled', message: 'Ethereum Web3 provider is disabled' },
      },
      {
        name: 'web3 unknown chain',
        ...web3({ chain: 'bitcoin' }),
        status: 400,
        expect: { code: 'web3_unsupported_chain', message: 'Unsupported chain' },
      },
      {
        name: 'web3 message shorter than 64 bytes (before the signature)',
        ...web3({ chain: 'solana', message: 'short', signature: 'x' }),
        status: 400,
        expect: { code: 'validation_failed', message: 'message is too short' },
      },
      {
        name: 'web3 Solana signature of the wrong length',
        ...web3({ chain: 'solana', message: LONG_MESSAGE, signature: 'abc' }),
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'signature must be 64 bytes encoded as base64 with or without padding',
        },
      },
      {
        name: 'web3 Solana signature that is not base64',
        ...web3({ chain: 'solana', message: LONG_MESSAGE, signature: '!'.repeat(86) }),
        status: 400,
        expect: {
          code: 'validation_failed',
          message: 'signature does not contain valid base64 characters',
        },
      },
    ],
  },
  {
    config: ETHEREUM_ONLY,
    cases: [
      {
        name: 'web3 solana while only ethereum is on',
        ...web3({ chain: 'solana' }),
        status: 422,
        expect: { code: 'web3_provider_disabled', message: 'Solana Web3 provider is disabled' },
      },
      {
        name: 'web3 Ethereum signature of the wrong length',
        ...web3({ chain: 'ethereum', message: LONG_MESSAGE, signature: '0x1234' }),
        status: 400,
        expect: {
          code: 'validation_failed',
          message:
            'signature must be 65 bytes long, encoded as a 130 character-long hexadecimal string',
        },
      },
    ],
  },
];

describe.each(testEngines())('auth: GoTrue refusals on %s', (engine) => {
  describe.each(TABLES)('config $config', ({ config, cases }) => {
    let emu: EmulatorHandle;
    let api: ReturnType<typeof authApi>;
    let userToken = '';
    beforeAll(async () => {
      emu = await startAuthEmulator(config, engine);
      api = authApi(emu);
      if (cases.some((c) => c.user)) {
        const made = await api.post(
          '/admin/users',
          { email: newEmail('refusal'), password: 'secret-pw', email_confirm: true },
          api.admin(),
        );
        const signin = await api.post(
          '/token',
          { email: made.body.email, password: 'secret-pw' },
          { query: { grant_type: 'password' } },
        );
        userToken = signin.body.access_token;
      }
    });
    afterAll(() => emu?.stop());

    it.each(cases)('$name → $status', async (c) => {
      const token = c.admin ? emu.serviceRoleKey : c.user ? userToken : undefined;
      const res = await api.call(c.method, c.path, c.body, { token, query: c.query });
      expect(res.status).toBe(c.status);
      expect(res.body).toEqual(c.expect);
      if (c.status >= 400) expect(res.headers.get('x-sb-error-code')).toBe(c.expect.code);
    });

    it('the legacy error shape (no API version header) carries the same code and message', async () => {
      const c = cases.find((x) => x.status >= 400)!;
      const token = c.admin ? emu.serviceRoleKey : c.user ? userToken : undefined;
      const res = await api.call(c.method, c.path, c.body, {
        token,
        query: c.query,
        version: null,
      });
      expect(res.status).toBe(c.status);
      expect(res.body).toEqual({
        code: c.status,
        error_code: c.expect.code,
        msg: c.expect.message,
      });
    });
  });

  it('an /otp whose SMS cannot be sent leaves no user behind (GoTrue signs up and texts in one transaction)', async () => {
    const emu = await startAuthEmulator(SMS_NO_PROVIDER, engine);
    try {
      const api = authApi(emu);
      const phones = async () =>
        (
          (await api.get('/admin/users', { token: emu.serviceRoleKey })).body.users as {
            phone: string;
          }[]
        ).map((u) => u.phone);
      expect((await api.post('/otp', { phone: '+15557654321' })).status).toBe(500);
      expect(await phones()).not.toContain('15557654321');
      // A test number is texted by nobody, so its user is kept.
      expect((await api.post('/otp', { phone: '+14152127777' })).status).toBe(200);
      expect(await phones()).toContain('14152127777');
    } finally {
      await emu.stop();
    }
  });

  describe('SAML switched on with GOTRUE_SAML_ENABLED', () => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      emu = await startAuthEmulator('', engine, { GOTRUE_SAML_ENABLED: 'true' });
    });
    afterAll(() => emu?.stop());

    it('/settings says so and /sso answers the emulated provider page', async () => {
      const api = authApi(emu);
      expect((await api.get('/settings')).body.saml_enabled).toBe(true);
      const res = await api.post('/sso', { domain: 'example.com', skip_http_redirect: true });
      expect(res.status).toBe(200);
      expect(res.body.url).toContain('/_emulator/idp/authorize?state=');
    });
  });

  it('with SAML off (the default) /settings reports saml_enabled false and no SMS provider', async () => {
    const emu = await startAuthEmulator('', engine);
    try {
      const body = (await authApi(emu).get('/settings')).body;
      expect(body).toMatchObject({ saml_enabled: false, sms_provider: '' });
    } finally {
      await emu.stop();
    }
  });
});
