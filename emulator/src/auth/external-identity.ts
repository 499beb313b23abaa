import type { Queryable } from '../db/engine.js';
import { AuthHttpError } from './errors.js';
import type { AuthService } from './service.js';
import {
  addProvider,
  findUserByEmail,
  findUserById,
  insertUser,
  upsertIdentity,
  type UserRow,
} from './users.js';

/** An identity asserted by an external provider (OAuth, OpenID id token, SSO). */
export interface ExternalIdentity {
  provider: string;
  sub: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  /** Extra claims kept in `identity_data` and copied into `user_metadata` on sign-up. */
  claims?: Record<string, unknown>;
}

/**
 * Finds or creates the user behind an external identity, as GoTrue does: a known identity signs
 * its user in; else a user with the same verified e-mail gets the identity linked; else a new
 * user is created (unless signups are off). With `linkTo`, the identity is linked to that user,
 * or 422 `identity_already_exists` when another user has it.
 *
 * @example
 * const user = await resolveExternalUser(svc, tx, { provider: 'github', sub: '1', emailVerified: true });
 */
export async function resolveExternalUser(
  svc: AuthService,
  db: Queryable,
  ident: ExternalIdentity,
  linkTo?: UserRow,
): Promise<UserRow> {
  const email = ident.email?.toLowerCase();
  const data: Record<string, unknown> = {
    ...ident.claims,
    sub: ident.sub,
    provider_id: ident.sub,
    email_verified: ident.emailVerified,
    phone_verified: false,
  };
  if (email) data.email = email;
  if (ident.name) {
    data.name = ident.name;
    data.full_name = ident.name;
  }
  const known = await db.query<{ user_id: string }>(
    'select user_id from auth.identities where provider = $1 and provider_id = $2',
    [ident.provider, ident.sub],
  );
  const ownerId = known.rows[0]?.user_id;
  if (linkTo) {
    if (ownerId && ownerId !== linkTo.id) {
      throw new AuthHttpError(
        422,
        'identity_already_exists',
        'Identity is already linked to another user',
      );
    }
    await upsertIdentity(db, linkTo.id, ident.provider, ident.sub, data);
    if (linkTo.is_anonymous) {
      await db.query(
        `update auth.users set is_anonymous = false, email = coalesce(email, $2),
           email_confirmed_at = case when $3 then coalesce(email_confirmed_at, now()) else email_confirmed_at end
         where id = $1`,
        [linkTo.id, email ?? null, ident.emailVerified && Boolean(email)],
      );
    }
    return (await findUserById(db, linkTo.id))!;
  }
  if (ownerId) {
    await upsertIdentity(db, ownerId, ident.provider, ident.sub, data);
    const user = await findUserById(db, ownerId);
    if (user) return user;
  }
  const byEmail = email && ident.emailVerified ? await findUserByEmail(db, email) : undefined;
  if (byEmail) {
    await upsertIdentity(db, byEmail.id, ident.provider, ident.sub, data);
    await addProvider(db, byEmail.id, ident.provider);
    await db.query(
      'update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1',
      [byEmail.id],
    );
    return (await findUserById(db, byEmail.id))!;
  }
  if (!svc.settings.enableSignup) {
    throw new AuthHttpError(422, 'signup_disabled', 'Signups not allowed for this instance');
  }
  const user = await insertUser(db, {
    email: email ?? null,
    emailConfirmed: Boolean(email) && ident.emailVerified,
    appMetadata: { provider: ident.provider, providers: [ident.provider] },
    userMetadata: data,
    isSsoUser: ident.provider.startsWith('sso:'),
  });
  await upsertIdentity(db, user.id, ident.provider, ident.sub, data);
  return (await findUserById(db, user.id))!;
}
