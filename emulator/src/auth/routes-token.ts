import { Hono } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { exchangePkce } from './flow-state.js';
import { idTokenGrant } from './id-token-grant.js';
import { normalizePhone } from './identifiers.js';
import { checkPasswordStrength, passwordMatches } from './passwords.js';
import { authBase, readJson, str, type AuthService } from './service.js';
import { createSession, issueTokens, refreshGrant } from './sessions.js';
import { findUserByEmail, findUserByPhone } from './users.js';
import { resolveExternalUser } from './external-identity.js';
import { verifyWeb3 } from './web3.js';

const invalidCredentials = () =>
  new AuthHttpError(400, 'invalid_credentials', 'Invalid login credentials');

/**
 * `POST /token?grant_type=password|refresh_token|pkce|id_token|web3`.
 *
 * @example
 * app.route('/', tokenRoutes(svc));
 */
export function tokenRoutes(svc: AuthService): Hono {
  const app = new Hono();
  app.post('/token', async (c) => {
    const grant = c.req.query('grant_type');
    const body = await readJson(c);
    const base = authBase(c);
    switch (grant) {
      case 'password':
        return c.json(await passwordGrant(svc, base, body));
      case 'refresh_token': {
        const token = str(body, 'refresh_token');
        if (!token) throw validationFailed('refresh_token required');
        svc.limiter.hit('tokenRefresh');
        return c.json(await refreshGrant(svc, base, token));
      }
      case 'pkce':
        svc.limiter.hit('tokenVerifications');
        return c.json(
          await exchangePkce(svc, base, str(body, 'auth_code'), str(body, 'code_verifier')),
        );
      case 'id_token':
        svc.limiter.hit('signInSignUps');
        return c.json(await idTokenGrant(svc, c, body));
      case 'web3':
        svc.limiter.hit('web3');
        return c.json(await web3Grant(svc, base, body));
      default:
        throw new AuthHttpError(400, 'invalid_credentials', 'unsupported_grant_type');
    }
  });
  return app;
}

async function passwordGrant(svc: AuthService, base: string, body: Record<string, unknown>) {
  const rawEmail = str(body, 'email');
  const rawPhone = str(body, 'phone');
  const password = str(body, 'password') ?? '';
  // GoTrue's ResourceOwnerPasswordGrant order: both identifiers, then the provider switch
  // (`[auth.email|sms] enable_signup` are GOTRUE_EXTERNAL_EMAIL|PHONE_ENABLED), 422 when off.
  if (rawEmail && rawPhone) {
    throw validationFailed('Only an email address or phone number should be provided on login.');
  }
  if (rawEmail && !svc.settings.email.enableSignup) {
    throw new AuthHttpError(422, 'email_provider_disabled', 'Email logins are disabled');
  }
  if (rawPhone && !svc.settings.sms.enableSignup) {
    throw new AuthHttpError(422, 'phone_provider_disabled', 'Phone logins are disabled');
  }
  if (!rawEmail && !rawPhone) throw validationFailed('missing email or phone');
  if (password === '') throw invalidCredentials();
  svc.limiter.hit('signInSignUps');
  const db = svc.ctx.engine;
  // GoTrue looks the address up as given (lower-cased), unvalidated: a malformed one is simply
  // not found, so it is invalid_credentials like any other.
  const user = rawEmail
    ? await findUserByEmail(db, rawEmail.toLowerCase())
    : await findUserByPhone(db, normalizePhone(rawPhone!));
  if (!user || !(await passwordMatches(password, user.encrypted_password)))
    throw invalidCredentials();
  if (user.banned_until && new Date(user.banned_until).getTime() > Date.now()) {
    throw new AuthHttpError(400, 'user_banned', 'User is banned');
  }
  if (rawEmail && !user.email_confirmed_at) {
    throw new AuthHttpError(400, 'email_not_confirmed', 'Email not confirmed');
  }
  if (rawPhone && !user.phone_confirmed_at) {
    throw new AuthHttpError(400, 'phone_not_confirmed', 'Phone not confirmed');
  }
  let weak: Record<string, unknown> | undefined;
  try {
    checkPasswordStrength(svc.settings, password);
  } catch (e) {
    if (!(e instanceof AuthHttpError)) throw e;
    weak = {
      reasons: (e.extra.weak_password as { reasons: string[] }).reasons,
      message: e.message,
    };
  }
  return db.transaction(async (tx) => {
    const session = await createSession(tx, user.id, 'password');
    return issueTokens(
      svc,
      tx,
      base,
      user,
      session,
      weak ? { extra: { weak_password: weak } } : {},
    );
  });
}

async function web3Grant(svc: AuthService, base: string, body: Record<string, unknown>) {
  const { chain, address, message } = verifyWeb3(svc.settings, svc.settings.web3, {
    chain: str(body, 'chain'),
    message: str(body, 'message'),
    signature: str(body, 'signature'),
  });
  return svc.ctx.engine.transaction(async (tx) => {
    const user = await resolveExternalUser(svc, tx, {
      provider: 'web3',
      sub: `web3:${chain}:${address}`,
      emailVerified: false,
      claims: { address, chain, domain: message.domain, statement: message.fields.Statement },
    });
    const session = await createSession(tx, user.id, 'web3');
    return issueTokens(svc, tx, base, user, session);
  });
}
