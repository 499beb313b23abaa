import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { adminRoutes } from './routes-admin.js';
import { renderAuthError, requestApiVersion, validationFailed } from './errors.js';
import { IdTokenIssuer } from './id-token-issuer.js';
import { mfaRoutes } from './routes-mfa.js';
import { oauthRoutes } from './routes-oauth.js';
import { oauthServerRoutes } from './routes-oauth-server.js';
import { otpRoutes } from './routes-otp.js';
import { passkeyRoutes } from './routes-passkeys.js';
import { verifyRoutes } from './routes-verify.js';
import { RateLimiter } from './rate-limit.js';
import { clientAddress } from './client-address.js';
import { readAuthSettings } from './settings.js';
import { authBase, type AuthService } from './service.js';
import { signupRoutes } from './routes-signup.js';
import { ssoAdminRoutes } from './routes-sso-admin.js';
import { tokenRoutes } from './routes-token.js';
import { userRoutes } from './routes-user.js';

/** Providers GoTrue lists in `/settings` even when disabled. */
const KNOWN_PROVIDERS = [
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'figma',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'kakao',
  'linkedin_oidc',
  'notion',
  'slack_oidc',
  'spotify',
  'twitch',
  'twitter',
  'workos',
  'zoom',
];

/**
 * The GoTrue-compatible auth API, mounted by the core at `/auth/v1`. Besides GoTrue's endpoints
 * it serves the emulator's test helpers under `/_emulator`: the mailbox (`GET`, `DELETE
 * /_emulator/mailbox[?to=…]`), id tokens from a test issuer (`GET
 * /_emulator/id-token?provider=google&sub=…&email=…&nonce=…`) and the emulated identity provider
 * pages that `/authorize` redirects to.
 *
 * @example
 * app.route('/auth/v1', authRoutes(ctx));
 */
export function authRoutes(ctx: EmulatorContext): Hono {
  const settings = readAuthSettings(ctx);
  const svc: AuthService = {
    ctx,
    settings,
    limiter: new RateLimiter(settings.rateLimits),
    issuer: new IdTokenIssuer(),
  };
  const app = new Hono();
  app.onError((err, c) => renderAuthError(c, err));
  app.use('*', async (c, next) => {
    requestApiVersion(c); // a malformed version header is refused before anything runs
    await svc.limiter.within(clientAddress(c, settings.rateLimitHeader), next);
  });

  app.get('/health', (c) =>
    c.json({
      version: 'v2.emulator',
      name: 'GoTrue',
      description: 'GoTrue is a user registration and authentication API',
    }),
  );
  app.get('/settings', (c) => {
    const external: Record<string, boolean> = {
      anonymous_users: settings.enableAnonymousSignIns,
      email: settings.email.enableSignup,
      phone: settings.sms.enableSignup,
    };
    for (const p of KNOWN_PROVIDERS) external[p] = settings.externalProviders.has(p);
    for (const p of settings.externalProviders) external[p] = true;
    return c.json({
      external,
      disable_signup: !settings.enableSignup,
      mailer_autoconfirm: !settings.email.enableConfirmations,
      phone_autoconfirm: !settings.sms.enableConfirmations,
      sms_provider: settings.sms.provider ?? '',
      saml_enabled: settings.samlEnabled,
    });
  });
  app.get('/.well-known/jwks.json', (c) => c.json(ctx.jwt.publicJwks()));

  app.get('/_emulator/mailbox', (c) =>
    c.json({ messages: ctx.mailbox.list(c.req.query('to') || undefined) }),
  );
  app.delete('/_emulator/mailbox', (c) => {
    ctx.mailbox.clear();
    return c.body(null, 204);
  });
  app.get('/_emulator/id-token', async (c) => {
    const provider = c.req.query('provider');
    const sub = c.req.query('sub');
    if (!provider || !sub) throw validationFailed('provider and sub are required');
    const expiresIn = c.req.query('expires_in');
    const idToken = await svc.issuer.issue(authBase(c), {
      provider,
      sub,
      email: c.req.query('email'),
      emailVerified: c.req.query('email_verified') !== 'false',
      name: c.req.query('name'),
      nonce: c.req.query('nonce'),
      expiresIn: expiresIn ? Number(expiresIn) : undefined,
    });
    return c.json({ id_token: idToken });
  });
  app.get('/_emulator/issuer/.well-known/jwks.json', async (c) => c.json(await svc.issuer.jwks()));

  for (const routes of [
    signupRoutes,
    tokenRoutes,
    otpRoutes,
    verifyRoutes,
    userRoutes,
    oauthRoutes,
    mfaRoutes,
    passkeyRoutes,
    ssoAdminRoutes,
    adminRoutes,
    oauthServerRoutes,
  ]) {
    app.route('/', routes(svc));
  }
  app.all('*', (c) =>
    c.json(
      {
        code: 404,
        error_code: 'not_found',
        msg: `${c.req.method} ${c.req.path} is not an auth endpoint`,
      },
      404,
    ),
  );
  return app;
}
