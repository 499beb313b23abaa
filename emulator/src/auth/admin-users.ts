import type { Queryable } from '../db/engine.js';
import { goDurationMs } from './duration.js';
import { AuthHttpError, validationFailed } from './errors.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';
import { obj, str, type AuthService } from './service.js';
import {
  findUserByEmail,
  findUserByPhone,
  insertUser,
  upsertIdentity,
  type UserRow,
} from './users.js';

/**
 * Parses a Go duration (`24h`, `1h30m`, `90s`) as GoTrue's `ban_duration`; `none` unbans.
 *
 * @example
 * banUntil('24h'); // a Date one day from now
 */
export function banUntil(duration: string): Date | null {
  if (duration === 'none') return null;
  const total = goDurationMs(duration);
  if (total === undefined) {
    throw validationFailed(`invalid format for ban duration: time: invalid duration "${duration}"`);
  }
  return new Date(Date.now() + total);
}

/**
 * `POST /admin/users`: creates a user as the admin asks (confirmed or not, any metadata, role,
 * password or bcrypt `password_hash`, fixed `id`, ban).
 *
 * @example
 * const user = await adminCreateUser(svc, tx, { email: 'a@b.io', email_confirm: true });
 */
export async function adminCreateUser(
  svc: AuthService,
  db: Queryable,
  body: Record<string, unknown>,
): Promise<UserRow> {
  const rawEmail = str(body, 'email');
  const rawPhone = str(body, 'phone');
  const email = rawEmail ? normalizeEmail(rawEmail) : null;
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (email && (await findUserByEmail(db, email))) {
    throw new AuthHttpError(
      422,
      'email_exists',
      'A user with this email address has already been registered',
    );
  }
  if (phone && (await findUserByPhone(db, phone))) {
    throw new AuthHttpError(
      422,
      'phone_exists',
      'A user with this phone number has already been registered',
    );
  }
  const id = str(body, 'id');
  if (id && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw validationFailed('id must be a UUID');
  }
  const provider = email ? 'email' : phone ? 'phone' : undefined;
  const appMeta = {
    ...(provider ? { provider, providers: [provider] } : {}),
    ...obj(body, 'app_metadata'),
  };
  const user = await insertUser(db, {
    id,
    email,
    phone,
    encryptedPassword: await passwordField(svc, body),
    emailConfirmed: body.email_confirm === true,
    phoneConfirmed: body.phone_confirm === true,
    appMetadata: appMeta,
    userMetadata: obj(body, 'user_metadata'),
    role: str(body, 'role'),
  });
  if (provider) {
    await upsertIdentity(db, user.id, provider, user.id, {
      sub: user.id,
      ...(email ? { email } : { phone }),
      email_verified: body.email_confirm === true,
      phone_verified: body.phone_confirm === true,
    });
  }
  const ban = str(body, 'ban_duration');
  if (ban)
    await db.query('update auth.users set banned_until = $2 where id = $1', [
      user.id,
      banUntil(ban),
    ]);
  return user;
}

/** The bcrypt hash to store from `password` (strength-checked) or `password_hash`. */
async function passwordField(
  svc: AuthService,
  body: Record<string, unknown>,
): Promise<string | null> {
  const password = str(body, 'password');
  const hash = str(body, 'password_hash');
  if (password && hash)
    throw validationFailed('Only a password or a password hash should be provided');
  if (hash) {
    if (!/^\$2[aby]\$\d\d\$/.test(hash)) throw validationFailed('Invalid password hash format');
    return hash;
  }
  if (password) {
    checkPasswordStrength(svc.settings, password);
    return hashPassword(password);
  }
  return null;
}

/**
 * `PUT /admin/users/:id`: applies the admin's changes (e-mail, phone, password, confirmations,
 * metadata merged, role, ban) without any confirmation step.
 *
 * @example
 * await adminUpdateUser(svc, tx, user, { ban_duration: '24h' });
 */
export async function adminUpdateUser(
  svc: AuthService,
  db: Queryable,
  user: UserRow,
  body: Record<string, unknown>,
): Promise<void> {
  const rawEmail = str(body, 'email');
  const rawPhone = str(body, 'phone');
  if (rawEmail) {
    const email = normalizeEmail(rawEmail);
    const other = await findUserByEmail(db, email);
    if (other && other.id !== user.id) {
      throw new AuthHttpError(
        422,
        'email_exists',
        'A user with this email address has already been registered',
      );
    }
    await db.query('update auth.users set email = $2 where id = $1', [user.id, email]);
    await upsertIdentity(db, user.id, 'email', user.id, { sub: user.id, email });
  }
  if (rawPhone) {
    const phone = normalizePhone(rawPhone);
    const other = await findUserByPhone(db, phone);
    if (other && other.id !== user.id) {
      throw new AuthHttpError(
        422,
        'phone_exists',
        'A user with this phone number has already been registered',
      );
    }
    await db.query('update auth.users set phone = $2 where id = $1', [user.id, phone]);
    await upsertIdentity(db, user.id, 'phone', user.id, { sub: user.id, phone });
  }
  const encrypted = await passwordField(svc, body);
  if (encrypted)
    await db.query('update auth.users set encrypted_password = $2 where id = $1', [
      user.id,
      encrypted,
    ]);
  if (body.email_confirm === true) {
    await db.query(
      'update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1',
      [user.id],
    );
  }
  if (body.phone_confirm === true) {
    await db.query(
      'update auth.users set phone_confirmed_at = coalesce(phone_confirmed_at, now()) where id = $1',
      [user.id],
    );
  }
  if (body.user_metadata !== undefined) {
    await db.query(
      'update auth.users set raw_user_meta_data = jsonb_strip_nulls(raw_user_meta_data || $2::jsonb) where id = $1',
      [user.id, JSON.stringify(obj(body, 'user_metadata'))],
    );
  }
  if (body.app_metadata !== undefined) {
    await db.query(
      'update auth.users set raw_app_meta_data = jsonb_strip_nulls(raw_app_meta_data || $2::jsonb) where id = $1',
      [user.id, JSON.stringify(obj(body, 'app_metadata'))],
    );
  }
  const role = str(body, 'role');
  if (role) await db.query('update auth.users set role = $2 where id = $1', [user.id, role]);
  const ban = str(body, 'ban_duration');
  if (ban) {
    const until = banUntil(ban);
    await db.query('update auth.users set banned_until = $2 where id = $1', [user.id, until]);
    // A banned user's sessions end at once, as GoTrue revokes them.
    if (until) await db.query('delete from auth.sessions where user_id = $1', [user.id]);
  }
  await db.query('update auth.users set updated_at = now() where id = $1', [user.id]);
}
