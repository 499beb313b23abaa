import { Hono } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { normalizeEmail } from './identifiers.js';
import { sendEmailToken, type OttType } from './one-time-tokens.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';
import { resolveRedirect } from './redirects.js';
import { requireAdmin } from './request-user.js';
import { authBase, obj, readJson, str, type AuthService } from './service.js';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  upsertIdentity,
  userJson,
  type UserRow,
} from './users.js';
import type { Queryable } from '../db/engine.js';

const LINK_TYPES: Record<string, { ott: OttType; verification: string }> = {
  signup: { ott: 'confirmation_token', verification: 'signup' },
  invite: { ott: 'confirmation_token', verification: 'invite' },
  magiclink: { ott: 'recovery_token', verification: 'magiclink' },
  recovery: { ott: 'recovery_token', verification: 'recovery' },
  email_change_current: { ott: 'email_change_token_current', verification: 'email_change' },
  email_change_new: { ott: 'email_change_token_new', verification: 'email_change' },
};

/** Creates an unconfirmed e-mail user (invite, generated signup link). */
async function newEmailUser(
  db: Queryable,
  email: string,
  data: Record<string, unknown>,
  password: string | null,
  invited: boolean,
): Promise<UserRow> {
  const user = await insertUser(db, {
    email,
    encryptedPassword: password,
    appMetadata: { provider: 'email', providers: ['email'] },
    userMetadata: data,
    invited,
  });
  await upsertIdentity(db, user.id, 'email', user.id, {
    sub: user.id,
    email,
    email_verified: false,
    phone_verified: false,
  });
  return user;
}

/**
 * `POST /invite` (mails an invite link) and `POST /admin/generate_link` (returns the link,
 * code and hash of any type without sending anything), both admin only.
 *
 * @example
 * app.route('/', generateLinkRoutes(svc));
 */
export function generateLinkRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const db = svc.ctx.engine;

  app.post('/invite', async (c) => {
    await requireAdmin(svc, c);
    const body = await readJson(c);
    const raw = str(body, 'email');
    if (!raw) throw validationFailed('An email address is required');
    const email = normalizeEmail(raw);
    const redirectTo = resolveRedirect(
      svc.settings,
      c.req.query('redirect_to') ?? str(body, 'redirect_to'),
    );
    const user = await db.transaction(async (tx) => {
      let u = await findUserByEmail(tx, email);
      if (u?.email_confirmed_at) {
        throw new AuthHttpError(
          422,
          'email_exists',
          'A user with this email address has already been registered',
        );
      }
      u ??= await newEmailUser(tx, email, obj(body, 'data'), null, true);
      await sendEmailToken(svc, tx, {
        base: authBase(c),
        userId: u.id,
        email,
        ott: 'confirmation_token',
        type: 'invite',
        redirectTo,
        pkce: false,
      });
      await tx.query(
        'update auth.users set invited_at = now(), confirmation_sent_at = now() where id = $1',
        [u.id],
      );
      return u;
    });
    return c.json(await userJson(db, (await findUserById(db, user.id))!));
  });

  app.post('/admin/generate_link', async (c) => {
    const body = await readJson(c);
    const type = str(body, 'type') ?? '';
    const spec = LINK_TYPES[type];
    if (!spec) throw validationFailed('Invalid email action link type requested');
    const raw = str(body, 'email');
    if (!raw) throw validationFailed('An email address is required');
    const email = normalizeEmail(raw);
    const redirectTo = resolveRedirect(
      svc.settings,
      c.req.query('redirect_to') ?? str(body, 'redirect_to') ?? str(body, 'redirectTo'),
    );
    const data = obj(body, 'data');
    const out = await db.transaction(async (tx) => {
      let user = await findUserByEmail(tx, email);
      let linkEmail = email;
      if (type === 'signup') {
        const password = str(body, 'password');
        if (!password)
          throw new AuthHttpError(422, 'validation_failed', 'Signup requires a valid password');
        checkPasswordStrength(svc.settings, password);
        if (user?.email_confirmed_at)
          throw new AuthHttpError(
            422,
            'email_exists',
            'A user with this email address has already been registered',
          );
        user ??= await newEmailUser(tx, email, data, await hashPassword(password), false);
      } else if (type === 'invite') {
        if (user?.email_confirmed_at)
          throw new AuthHttpError(
            422,
            'email_exists',
            'A user with this email address has already been registered',
          );
        user ??= await newEmailUser(tx, email, data, null, true);
        await tx.query('update auth.users set invited_at = now() where id = $1', [user.id]);
      } else if (!user) {
        throw new AuthHttpError(404, 'user_not_found', 'User with this email not found');
      } else if (type.startsWith('email_change')) {
        const rawNew = str(body, 'new_email');
        if (!rawNew) throw validationFailed('The new_email address is required');
        const newEmail = normalizeEmail(rawNew);
        const taken = await findUserByEmail(tx, newEmail);
        if (taken && taken.id !== user.id) {
          throw new AuthHttpError(
            422,
            'email_exists',
            'A user with this email address has already been registered',
          );
        }
        await tx.query(
          'update auth.users set email_change = $2, email_change_sent_at = now() where id = $1',
          [user.id, newEmail],
        );
        if (type === 'email_change_new') linkEmail = newEmail;
      }
      const ott: OttType =
        type === 'magiclink' && !user.email_confirmed_at ? 'confirmation_token' : spec.ott;
      const t = await sendEmailToken(svc, tx, {
        base: authBase(c),
        userId: user.id,
        email: linkEmail,
        ott,
        type: spec.verification,
        redirectTo,
        pkce: false,
        deliver: false,
      });
      return { user: (await findUserById(tx, user.id))!, t };
    });
    return c.json({
      ...(await userJson(db, out.user)),
      action_link: out.t.link,
      email_otp: out.t.code,
      hashed_token: out.t.hash,
      redirect_to: redirectTo,
      verification_type: spec.verification,
    });
  });
  return app;
}
