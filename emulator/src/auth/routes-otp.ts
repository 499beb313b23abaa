import { Hono, type Context } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { createFlowState, readPkce } from './flow-state.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { sendEmailToken, sendSmsToken } from './one-time-tokens.js';
import { codeRedirect, errorRedirect, implicitRedirect, resolveRedirect } from './redirects.js';
import { requireUser } from './request-user.js';
import { tokenHash } from './secrets.js';
import { authBase, obj, readJson, str, type AuthService } from './service.js';
import {
  findUserByEmail,
  findUserByPhone,
  insertUser,
  upsertIdentity,
  type UserRow,
} from './users.js';
import { checkVerifyType, expiredOtp, flowMethodFor, verifyTokenHash } from './verify.js';

/**
 * `/otp`, `/verify` (POST and the GET link form), `/recover`, `/resend` and `/reauthenticate`:
 * every flow that sends a code or link to the mailbox and checks it back.
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
    const email = rawEmail ? normalizeEmail(rawEmail) : undefined;
    const phone = rawPhone ? normalizePhone(rawPhone) : undefined;
    const messageId = await svc.ctx.engine.transaction(async (tx) => {
      let user = email ? await findUserByEmail(tx, email) : await findUserByPhone(tx, phone!);
      if (!user) {
        if (!createUser)
          throw new AuthHttpError(422, 'otp_disabled', 'Signups not allowed for otp');
        if (!s.enableSignup || (email ? !s.email.enableSignup : !s.sms.enableSignup)) {
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

  app.post('/verify', async (c) => {
    const body = await readJson(c);
    const type = checkVerifyType(str(body, 'type'));
    const token = str(body, 'token');
    const hashed = str(body, 'token_hash');
    const email = str(body, 'email');
    const phone = str(body, 'phone');
    let hash: string;
    if (hashed) hash = hashed.replace(/^pkce_/, '');
    else if (!token) throw validationFailed('Verify requires either a token or a token hash');
    else if (email && phone)
      throw validationFailed('Only an email address or phone number should be provided on verify');
    else if (email) hash = tokenHash(normalizeEmail(email), token);
    else if (phone) hash = tokenHash(normalizePhone(phone), token);
    else
      throw validationFailed('Only an email address or phone number should be provided on verify');
    const out = await verifyTokenHash(svc, authBase(c), type, hash);
    if (out.kind === 'session') return c.json(out.tokens);
    return c.json({ msg: out.kind === 'pending' ? out.message : 'Verified', code: 200 });
  });

  app.get('/verify', async (c) => verifyLink(svc, c));

  app.post('/recover', async (c) => {
    const body = await readJson(c);
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

  app.post('/resend', async (c) => {
    const body = await readJson(c);
    const type = str(body, 'type');
    if (!type || !['signup', 'email_change', 'sms', 'phone_change'].includes(type)) {
      throw validationFailed('Missing one of these types: signup, email_change, sms, phone_change');
    }
    const pkce = readPkce(body.code_challenge, body.code_challenge_method);
    const redirectTo = resolveRedirect(s, c.req.query('redirect_to') ?? str(body, 'redirect_to'));
    const base = authBase(c);
    const messageId = await svc.ctx.engine.transaction(async (tx) => {
      if (type === 'signup' || type === 'email_change') {
        const raw = str(body, 'email');
        if (!raw) throw validationFailed(`Type provided requires an email address`);
        const email = normalizeEmail(raw);
        if (type === 'signup') {
          const user = await findUserByEmail(tx, email);
          if (!user || user.email_confirmed_at) return undefined;
          if (pkce)
            await createFlowState(tx, {
              userId: user.id,
              pkce,
              providerType: 'email',
              authMethod: 'email/signup',
            });
          await sendEmailToken(svc, tx, {
            base,
            userId: user.id,
            email,
            ott: 'confirmation_token',
            type: 'signup',
            redirectTo,
            pkce: Boolean(pkce),
          });
          return undefined;
        }
        const r = await tx.query<UserRow>(
          'select * from auth.users where lower(email_change) = $1 and deleted_at is null',
          [email],
        );
        const user = r.rows[0];
        if (!user) return undefined;
        await sendEmailToken(svc, tx, {
          base,
          userId: user.id,
          email,
          ott: 'email_change_token_new',
          type: 'email_change',
          redirectTo,
          pkce: Boolean(pkce),
        });
        return undefined;
      }
      const raw = str(body, 'phone');
      if (!raw) throw validationFailed('Type provided requires a phone number');
      const phone = normalizePhone(raw);
      if (type === 'sms') {
        const user = await findUserByPhone(tx, phone);
        if (!user || user.phone_confirmed_at) return undefined;
        return sendSmsToken(svc, tx, {
          userId: user.id,
          phone,
          ott: 'confirmation_token',
          type: 'sms',
          channel: 'sms',
        });
      }
      const r = await tx.query<UserRow>(
        'select * from auth.users where phone_change = $1 and deleted_at is null',
        [phone],
      );
      if (!r.rows[0]) return undefined;
      return sendSmsToken(svc, tx, {
        userId: r.rows[0].id,
        phone,
        ott: 'phone_change_token',
        type: 'phone_change',
        channel: 'sms',
      });
    });
    return c.json(messageId ? { message_id: messageId } : {});
  });

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

/** `GET /verify?token=…&type=…&redirect_to=…`: the e-mailed link, answered with a 303 redirect. */
async function verifyLink(svc: AuthService, c: Context): Promise<Response> {
  const redirectTo = resolveRedirect(svc.settings, c.req.query('redirect_to'));
  const token = c.req.query('token') ?? '';
  const pkce = token.startsWith('pkce_');
  const flow = pkce ? 'pkce' : 'implicit';
  const type = checkVerifyType(c.req.query('type'));
  try {
    const out = await verifyTokenHash(svc, authBase(c), type, token.replace(/^pkce_/, ''), {
      session: !pkce,
    });
    if (out.kind === 'pending') {
      return c.redirect(
        `${redirectTo.split('#')[0]}#${new URLSearchParams({ message: out.message })}`,
        303,
      );
    }
    if (out.kind === 'session') {
      const t = out.tokens;
      return c.redirect(
        implicitRedirect(redirectTo, {
          access_token: t.access_token,
          expires_at: t.expires_at as number,
          expires_in: t.expires_in as number,
          refresh_token: t.refresh_token,
          token_type: 'bearer',
          type,
        }),
        303,
      );
    }
    const r = await svc.ctx.engine.query<{ auth_code: string }>(
      `update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
        where id = (select id from auth.flow_state where user_id = $1 and authentication_method = $2
                     order by created_at desc limit 1)
        returning auth_code`,
      [out.user.id, flowMethodFor(type)],
    );
    if (!r.rows[0]) throw expiredOtp();
    return c.redirect(codeRedirect(redirectTo, r.rows[0].auth_code), 303);
  } catch (e) {
    if (!(e instanceof AuthHttpError) || e.code !== 'otp_expired') throw e;
    return c.redirect(
      errorRedirect(
        redirectTo,
        'access_denied',
        'otp_expired',
        'Email link is invalid or has expired',
        flow,
      ),
      303,
    );
  }
}
