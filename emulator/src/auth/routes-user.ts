import { Hono } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { createFlowState, readPkce } from './flow-state.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { consumeToken, sendEmailToken, sendSmsToken } from './one-time-tokens.js';
import { checkPasswordStrength, hashPassword, passwordMatches } from './passwords.js';
import { resolveRedirect } from './redirects.js';
import { requireUser } from './request-user.js';
import { tokenHash } from './secrets.js';
import { authBase, obj, readJson, str, type AuthService } from './service.js';
import { endSessions } from './sessions.js';
import {
  findUserByEmail,
  findUserById,
  findUserByPhone,
  upsertIdentity,
  userJson,
} from './users.js';

/** Sessions older than this need a reauthentication nonce to change the password (GoTrue: 24 h). */
const RECENT_SESSION_MS = 24 * 3_600_000;

/**
 * `GET /user`, `PUT /user` (metadata, password, e-mail and phone changes), `POST /logout` and
 * `DELETE /user/identities/:id` — the signed-in user's own endpoints.
 *
 * @example
 * app.route('/', userRoutes(svc));
 */
export function userRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const s = svc.settings;
  const db = svc.ctx.engine;

  app.get('/user', async (c) => {
    const { user } = await requireUser(svc, c);
    return c.json(await userJson(db, user));
  });

  app.put('/user', async (c) => {
    const { user, session } = await requireUser(svc, c);
    const body = await readJson(c);
    const password = str(body, 'password');
    const nonce = str(body, 'nonce');
    const rawEmail = str(body, 'email');
    const rawPhone = str(body, 'phone');
    const data = body.data === undefined ? undefined : obj(body, 'data');
    const pkce = readPkce(body.code_challenge, body.code_challenge_method);
    const redirectTo = resolveRedirect(s, c.req.query('redirect_to') ?? str(body, 'redirect_to'));
    const base = authBase(c);
    const newEmail = rawEmail ? normalizeEmail(rawEmail) : undefined;
    const newPhone = rawPhone ? normalizePhone(rawPhone) : undefined;
    let encrypted: string | undefined;
    if (password !== undefined) {
      checkPasswordStrength(s, password);
      if (await passwordMatches(password, user.encrypted_password)) {
        throw new AuthHttpError(
          422,
          'same_password',
          'New password should be different from the old password.',
        );
      }
      encrypted = await hashPassword(password);
    }
    await db.transaction(async (tx) => {
      if (encrypted) {
        const sessionRow = await tx.query<{ created_at: Date }>(
          'select created_at from auth.sessions where id = $1',
          [session.id],
        );
        const stale =
          Date.now() - new Date(sessionRow.rows[0].created_at).getTime() > RECENT_SESSION_MS;
        if (s.email.securePasswordChange && (stale || nonce)) {
          if (!nonce)
            throw new AuthHttpError(
              400,
              'reauthentication_needed',
              'Password update requires reauthentication',
            );
          const recipient = user.email ?? user.phone ?? '';
          const ok = await consumeToken(svc, tx, tokenHash(recipient.toLowerCase(), nonce), [
            'reauthentication_token',
          ]);
          if (!ok || ok.userId !== user.id) {
            throw new AuthHttpError(
              400,
              'reauthentication_not_valid',
              'Requested nonce is invalid',
            );
          }
        }
        await tx.query(
          'update auth.users set encrypted_password = $2, is_anonymous = case when email is not null then false else is_anonymous end, updated_at = now() where id = $1',
          [user.id, encrypted],
        );
      }
      if (data) {
        await tx.query(
          `update auth.users set raw_user_meta_data = jsonb_strip_nulls(raw_user_meta_data || $2::jsonb),
             updated_at = now() where id = $1`,
          [user.id, JSON.stringify(data)],
        );
      }
      if (newEmail && newEmail !== user.email?.toLowerCase()) {
        const taken = await findUserByEmail(tx, newEmail);
        if (taken && taken.id !== user.id) {
          throw new AuthHttpError(
            422,
            'email_exists',
            'A user with this email address has already been registered',
          );
        }
        if (!s.email.enableConfirmations) {
          await tx.query(
            `update auth.users set email = $2, email_confirmed_at = now(), email_change = null,
               is_anonymous = false, updated_at = now() where id = $1`,
            [user.id, newEmail],
          );
          await upsertIdentity(tx, user.id, 'email', user.id, {
            sub: user.id,
            email: newEmail,
            email_verified: true,
            phone_verified: false,
          });
        } else {
          await tx.query(
            'update auth.users set email_change = $2, email_change_sent_at = now() where id = $1',
            [user.id, newEmail],
          );
          if (pkce)
            await createFlowState(tx, {
              userId: user.id,
              pkce,
              providerType: 'email',
              authMethod: 'email_change',
            });
          await sendEmailToken(svc, tx, {
            base,
            userId: user.id,
            email: newEmail,
            ott: 'email_change_token_new',
            type: 'email_change',
            redirectTo,
            pkce: Boolean(pkce),
          });
          if (s.email.doubleConfirmChanges && user.email) {
            await sendEmailToken(svc, tx, {
              base,
              userId: user.id,
              email: user.email,
              ott: 'email_change_token_current',
              type: 'email_change',
              redirectTo,
              pkce: Boolean(pkce),
            });
          }
        }
      }
      if (newPhone && newPhone !== user.phone) {
        const taken = await findUserByPhone(tx, newPhone);
        if (taken && taken.id !== user.id) {
          throw new AuthHttpError(
            422,
            'phone_exists',
            'A user with this phone number has already been registered',
          );
        }
        if (!s.sms.enableConfirmations) {
          await tx.query(
            'update auth.users set phone = $2, phone_confirmed_at = now(), updated_at = now() where id = $1',
            [user.id, newPhone],
          );
          await upsertIdentity(tx, user.id, 'phone', user.id, {
            sub: user.id,
            phone: newPhone,
            email_verified: false,
            phone_verified: true,
          });
        } else {
          await tx.query(
            'update auth.users set phone_change = $2, phone_change_sent_at = now() where id = $1',
            [user.id, newPhone],
          );
          const channel = str(body, 'channel') === 'whatsapp' ? 'whatsapp' : 'sms';
          await sendSmsToken(svc, tx, {
            userId: user.id,
            phone: newPhone,
            ott: 'phone_change_token',
            type: 'phone_change',
            channel,
          });
        }
      }
    });
    return c.json(await userJson(db, (await findUserById(db, user.id))!));
  });

  app.post('/logout', async (c) => {
    const scope = c.req.query('scope') ?? 'global';
    if (scope !== 'global' && scope !== 'local' && scope !== 'others') {
      throw validationFailed(`Unsupported logout scope "${scope}"`);
    }
    const { user, session } = await requireUser(svc, c);
    await endSessions(db, user.id, session.id, scope);
    return c.body(null, 204);
  });

  app.delete('/user/identities/:id', async (c) => {
    const { user } = await requireUser(svc, c);
    if (!s.enableManualLinking)
      throw new AuthHttpError(404, 'manual_linking_disabled', 'Manual linking is disabled');
    const id = c.req.param('id');
    await db.transaction(async (tx) => {
      const all = await tx.query<{ id: string; provider: string }>(
        'select id, provider from auth.identities where user_id = $1',
        [user.id],
      );
      const target = all.rows.find((i) => i.id === id);
      if (!target) throw new AuthHttpError(404, 'identity_not_found', "Identity doesn't exist");
      if (all.rows.length <= 1) {
        throw new AuthHttpError(
          422,
          'single_identity_not_deletable',
          'User must have at least 1 identity after unlinking',
        );
      }
      await tx.query('delete from auth.identities where id = $1', [id]);
      const providers = [...new Set(all.rows.filter((i) => i.id !== id).map((i) => i.provider))];
      await tx.query(
        `update auth.users set raw_app_meta_data = raw_app_meta_data || jsonb_build_object('providers', $2::jsonb,
           'provider', case when raw_app_meta_data->>'provider' = $3 then $4 else raw_app_meta_data->>'provider' end),
           updated_at = now() where id = $1`,
        [user.id, JSON.stringify(providers), target.provider, providers[0]],
      );
    });
    return c.json({});
  });
  return app;
}
