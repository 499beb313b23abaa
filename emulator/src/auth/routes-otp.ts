import { Hono } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { createFlowState, readPkce } from './flow-state.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { sendEmailToken, sendSmsToken } from './one-time-tokens.js';
import { resolveRedirect } from './redirects.js';
import { resend } from './resend.js';
import { requireUser } from './request-user.js';
import { authBase, obj, readJson, str, type AuthService } from './service.js';
import { findUserByEmail, findUserByPhone, insertUser, upsertIdentity } from './users.js';

/**
 * `/otp`, `/recover`, `/resend` and `/reauthenticate`: every flow that sends a code or link to
 * the mailbox (checked back by `/verify`, see `routes-verify.ts`).
 *
 * @example
 * app.route('/', otpRoutes(svc));
 */
export function otpRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const s = svc.settings;
  const channelOf = (body: Record<string, unknown>) =>
    str(body, 'channel') === 'whatsapp' ? 'whatsapp' : 'sms';

  app.post('/otp', async (c) => {
    const body = await readJson(c);
    const rawEmail = str(body, 'email');
    const rawPhone = str(body, 'phone');
    if (!rawEmail && !rawPhone)
      throw validationFailed('An email address or phone number is required');
    if (rawEmail && rawPhone)
      throw validationFailed('Only an email address or phone number should be provided');
    const createUser = body.create_user !== false;
    const data = obj(body, 'data');
    const pkce = readPkce(body.code_challenge, body.code_challenge_method);
    const redirectTo = resolveRedirect(s, c.req.query('redirect_to') ?? str(body, 'redirect_to'));
    const base = authBase(c);
    // GoTrue's Otp: with create_user false the address is validated and looked up first (422
    // otp_disabled when unknown); then MagicLink / SmsOtp refuse a disabled provider
    // (`[auth.email|sms] enable_signup`, the CLI's GOTRUE_EXTERNAL_EMAIL|PHONE_ENABLED) before
    // looking further, so with create_user true the phone is not even validated.
    const emailOff = () =>
      new AuthHttpError(422, 'email_provider_disabled', 'Email logins are disabled');
    const phoneOff = () =>
      new AuthHttpError(400, 'phone_provider_disabled', 'Unsupported phone provider');
    if (createUser && rawEmail && !s.email.enableSignup) throw emailOff();
    if (createUser && rawPhone && !s.sms.enableSignup) throw phoneOff();
    const email = rawEmail ? normalizeEmail(rawEmail) : undefined;
    const phone = rawPhone ? normalizePhone(rawPhone) : undefined;
    const messageId = await svc.ctx.engine.transaction(async (tx) => {
      let user = email ? await findUserByEmail(tx, email) : await findUserByPhone(tx, phone!);
      if (!user && !createUser)
        throw new AuthHttpError(422, 'otp_disabled', 'Signups not allowed for otp');
      if (email && !s.email.enableSignup) throw emailOff();
      if (phone && !s.sms.enableSignup) throw phoneOff();
      if (!user) {
        if (!s.enableSignup) {
          throw new AuthHttpError(422, 'signup_disabled', 'Signups not allowed for this instance');
        }
        const provider = email ? 'email' : 'phone';
        user = await insertUser(tx, {
          email,
          phone,
          appMetadata: { provider, providers: [provider] },
          userMetadata: data,
        });
        await upsertIdentity(tx, user.id, provider, user.id, {
          sub: user.id,
          ...(email ? { email } : { phone }),
          email_verified: false,
          phone_verified: false,
        });
      }
      if (email) {
        if (pkce)
          await createFlowState(tx, {
            userId: user.id,
            pkce,
            providerType: 'email',
            authMethod: 'magiclink',
          });
        await sendEmailToken(svc, tx, {
          base,
          userId: user.id,
          email,
          redirectTo,
          pkce: Boolean(pkce),
          type: 'magiclink',
          ott: user.email_confirmed_at ? 'recovery_token' : 'confirmation_token',
        });
        await tx.query('update auth.users set recovery_sent_at = now() where id = $1', [user.id]);
        return undefined;
      }
      return sendSmsToken(svc, tx, {
        userId: user.id,
        phone: phone!,
        ott: 'confirmation_token',
        type: 'sms',
        channel: channelOf(body),
      });
    });
    return c.json(messageId ? { message_id: messageId } : {});
  });

  app.post('/recover', async (c) => {
    const body = await readJson(c);
    // GoTrue mounts /recover behind requireEmailProvider: 400 before the body is read.
    if (!s.email.enableSignup) {
      throw new AuthHttpError(400, 'email_provider_disabled', 'Email logins are disabled');
    }
    const raw = str(body, 'email');
    if (!raw) throw validationFailed('Password recovery requires an email');
    const email = normalizeEmail(raw);
    const pkce = readPkce(body.code_challenge, body.code_challenge_method);
    const redirectTo = resolveRedirect(s, c.req.query('redirect_to') ?? str(body, 'redirect_to'));
    const base = authBase(c);
    await svc.ctx.engine.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user) return; // GoTrue does not reveal whether the address is registered
      if (pkce)
        await createFlowState(tx, {
          userId: user.id,
          pkce,
          providerType: 'email',
          authMethod: 'recovery',
        });
      await sendEmailToken(svc, tx, {
        base,
        userId: user.id,
        email,
        ott: 'recovery_token',
        type: 'recovery',
        redirectTo,
        pkce: Boolean(pkce),
      });
      await tx.query('update auth.users set recovery_sent_at = now() where id = $1', [user.id]);
    });
    return c.json({});
  });

  app.post('/resend', (c) => resend(svc, c));

  app.get('/reauthenticate', async (c) => {
    const { user } = await requireUser(svc, c);
    if (!user.email && !user.phone) {
      throw new AuthHttpError(
        422,
        'validation_failed',
        'Reauthentication requires the user to have an email or a phone number',
      );
    }
    await svc.ctx.engine.transaction(async (tx) => {
      if (user.email) {
        await sendEmailToken(svc, tx, {
          base: authBase(c),
          userId: user.id,
          email: user.email,
          ott: 'reauthentication_token',
          type: 'reauthentication',
          redirectTo: s.siteUrl,
          pkce: false,
        });
      } else {
        await sendSmsToken(svc, tx, {
          userId: user.id,
          phone: user.phone!,
          ott: 'reauthentication_token',
          type: 'reauthentication',
          channel: 'sms',
        });
      }
      await tx.query('update auth.users set reauthentication_sent_at = now() where id = $1', [
        user.id,
      ]);
    });
    return c.json({});
  });
  return app;
}
