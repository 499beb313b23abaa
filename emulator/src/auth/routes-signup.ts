import { Hono } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { createFlowState, readPkce } from './flow-state.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { sendEmailToken, sendSmsToken } from './one-time-tokens.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';
import { resolveRedirect } from './redirects.js';
import { randomUUID } from 'node:crypto';
import { authBase, obj, readJson, str, type AuthService } from './service.js';
import { createSession, issueTokens } from './sessions.js';
import { findUserByEmail, findUserByPhone, insertUser, upsertIdentity, userJson } from './users.js';

/**
 * `POST /signup`: e-mail or phone with a password, or anonymous (no identifier). With
 * confirmations off (the CLI default) the user is confirmed and a session returned; otherwise a
 * code and link go to the mailbox and the user alone is returned.
 *
 * @example
 * app.route('/', signupRoutes(svc));
 */
export function signupRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const s = svc.settings;
  app.post('/signup', async (c) => {
    const body = await readJson(c);
    const rawEmail = str(body, 'email');
    const rawPhone = str(body, 'phone');
    const password = str(body, 'password');
    const data = obj(body, 'data');
    if (!s.enableSignup)
      throw new AuthHttpError(422, 'signup_disabled', 'Signups not allowed for this instance');
    const base = authBase(c);
    if (!rawEmail && !rawPhone) {
      if (password) throw validationFailed('To signup, please provide your email');
      if (!s.enableAnonymousSignIns) {
        throw new AuthHttpError(
          422,
          'anonymous_provider_disabled',
          'Anonymous sign-ins are disabled',
        );
      }
      svc.limiter.hit('anonymousUsers');
      svc.limiter.hit('signInSignUps');
      return c.json(
        await svc.ctx.engine.transaction(async (tx) => {
          const user = await insertUser(tx, {
            appMetadata: {},
            userMetadata: data,
            isAnonymous: true,
          });
          const session = await createSession(tx, user.id, 'anonymous');
          return issueTokens(svc, tx, base, user, session);
        }),
      );
    }
    // GoTrue's order (signup.go): validateSignupParams (password, strength, both identifiers,
    // PKCE), then the provider switch (disabled provider, then the address format), all 400.
    if (!password) throw validationFailed('Signup requires a valid password');
    checkPasswordStrength(s, password);
    if (rawEmail && rawPhone) {
      throw validationFailed('Only an email address or phone number should be provided on signup.');
    }
    const pkce = readPkce(body.code_challenge, body.code_challenge_method);
    if (rawEmail && !s.email.enableSignup) {
      throw new AuthHttpError(400, 'email_provider_disabled', 'Email signups are disabled');
    }
    if (rawPhone && !s.sms.enableSignup) {
      throw new AuthHttpError(400, 'phone_provider_disabled', 'Phone signups are disabled');
    }
    const email = rawEmail ? normalizeEmail(rawEmail) : null;
    const phone = rawPhone ? normalizePhone(rawPhone) : null;
    const redirectTo = resolveRedirect(s, c.req.query('redirect_to') ?? str(body, 'redirect_to'));
    const channel = str(body, 'channel') === 'whatsapp' ? 'whatsapp' : 'sms';
    svc.limiter.hit('signInSignUps');
    const autoconfirm = email ? !s.email.enableConfirmations : !s.sms.enableConfirmations;
    const encrypted = await hashPassword(password);
    const result = await svc.ctx.engine.transaction(async (tx) => {
      const existing = email ? await findUserByEmail(tx, email) : await findUserByPhone(tx, phone!);
      const provider = email ? 'email' : 'phone';
      let user = existing;
      if (existing) {
        const confirmed = email ? existing.email_confirmed_at : existing.phone_confirmed_at;
        if (confirmed || autoconfirm) {
          if (autoconfirm)
            throw new AuthHttpError(422, 'user_already_exists', 'User already registered');
          // GoTrue answers a look-alike user so that sign-up does not reveal who is registered.
          const now = new Date().toISOString();
          return {
            id: randomUUID(),
            aud: 'authenticated',
            role: 'authenticated',
            email: email ?? '',
            phone: phone ?? '',
            app_metadata: { provider, providers: [provider] },
            user_metadata: data,
            identities: [],
            created_at: now,
            updated_at: now,
            confirmation_sent_at: now,
            is_anonymous: false,
          };
        }
        await tx.query(
          'update auth.users set encrypted_password = $2, raw_user_meta_data = $3::jsonb, updated_at = now() where id = $1',
          [existing.id, encrypted, JSON.stringify(data)],
        );
      } else {
        user = await insertUser(tx, {
          email,
          phone,
          encryptedPassword: encrypted,
          emailConfirmed: Boolean(email) && autoconfirm,
          phoneConfirmed: Boolean(phone) && autoconfirm,
          appMetadata: { provider, providers: [provider] },
          userMetadata: data,
        });
        await upsertIdentity(tx, user.id, provider, user.id, {
          sub: user.id,
          ...(email ? { email } : { phone }),
          email_verified: Boolean(email) && autoconfirm,
          phone_verified: Boolean(phone) && autoconfirm,
        });
      }
      const u = user!;
      if (autoconfirm) {
        const session = await createSession(tx, u.id, 'password');
        return issueTokens(svc, tx, base, u, session);
      }
      if (email) {
        if (pkce)
          await createFlowState(tx, {
            userId: u.id,
            pkce,
            providerType: 'email',
            authMethod: 'email/signup',
          });
        await sendEmailToken(svc, tx, {
          base,
          userId: u.id,
          email,
          ott: 'confirmation_token',
          type: 'signup',
          redirectTo,
          pkce: Boolean(pkce),
        });
        await tx.query('update auth.users set confirmation_sent_at = now() where id = $1', [u.id]);
      } else {
        await sendSmsToken(svc, tx, {
          userId: u.id,
          phone: phone!,
          ott: 'confirmation_token',
          type: 'sms',
          channel,
        });
        await tx.query('update auth.users set confirmation_sent_at = now() where id = $1', [u.id]);
      }
      const fresh = email ? await findUserByEmail(tx, email) : await findUserByPhone(tx, phone!);
      return userJson(tx, fresh!);
    });
    return c.json(result);
  });
  return app;
}
