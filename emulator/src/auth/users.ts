import type { Queryable } from '../db/engine.js';

/** A row of `auth.users` as the service reads it. */
export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  reauthentication_sent_at: Date | null;
  banned_until: Date | null;
  is_sso_user: boolean;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

const iso = (d: Date | string | null | undefined): string | undefined =>
  d == null ? undefined : new Date(d).toISOString();

/**
 * Finds a live (not soft-deleted) user by id.
 *
 * @example
 * const user = await findUserById(db, claims.sub);
 */
export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.query<UserRow>(
    'select * from auth.users where id = $1 and deleted_at is null',
    [id],
  );
  return r.rows[0];
}

/**
 * Finds a live user by e-mail (case-insensitive).
 *
 * @example
 * const user = await findUserByEmail(db, 'a@b.io');
 */
export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(
    'select * from auth.users where lower(email) = lower($1) and deleted_at is null and is_sso_user = false',
    [email],
  );
  return r.rows[0];
}

/**
 * Finds a live user by phone (digits only).
 *
 * @example
 * const user = await findUserByPhone(db, '15551234567');
 */
export async function findUserByPhone(db: Queryable, phone: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(
    'select * from auth.users where phone = $1 and deleted_at is null',
    [phone],
  );
  return r.rows[0];
}

/** Fields for a new user; the rest take their defaults. */
export interface NewUser {
  id?: string;
  email?: string | null;
  phone?: string | null;
  encryptedPassword?: string | null;
  emailConfirmed?: boolean;
  phoneConfirmed?: boolean;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  isAnonymous?: boolean;
  role?: string;
  invited?: boolean;
  isSsoUser?: boolean;
}

/**
 * Inserts a user and returns its row.
 *
 * @example
 * const user = await insertUser(tx, { email, appMetadata: {}, userMetadata: {} });
 */
export async function insertUser(db: Queryable, u: NewUser): Promise<UserRow> {
  const r = await db.query<UserRow>(
    `insert into auth.users (id, instance_id, aud, role, email, phone, encrypted_password,
       email_confirmed_at, phone_confirmed_at, raw_app_meta_data, raw_user_meta_data, is_anonymous,
       invited_at, is_sso_user)
     values (coalesce($1::uuid, gen_random_uuid()), '00000000-0000-0000-0000-000000000000',
       'authenticated', $2, $3, $4, $5,
       case when $6 then now() end, case when $7 then now() end, $8::jsonb, $9::jsonb, $10,
       case when $11 then now() end, $12)
     returning *`,
    [
      u.id ?? null,
      u.role ?? 'authenticated',
      u.email ?? null,
      u.phone ?? null,
      u.encryptedPassword ?? null,
      u.emailConfirmed ?? false,
      u.phoneConfirmed ?? false,
      JSON.stringify(u.appMetadata),
      JSON.stringify(u.userMetadata),
      u.isAnonymous ?? false,
      u.invited ?? false,
      u.isSsoUser ?? false,
    ],
  );
  return r.rows[0];
}

/**
 * Adds `provider` to `app_metadata.providers` (and sets `provider` when there is none), as
 * GoTrue does when an identity is linked.
 *
 * @example
 * await addProvider(tx, user.id, 'github');
 */
export async function addProvider(db: Queryable, userId: string, provider: string): Promise<void> {
  await db.query(
    `update auth.users set raw_app_meta_data = jsonb_set(
        jsonb_set(raw_app_meta_data, '{provider}', coalesce(raw_app_meta_data->'provider', to_jsonb($2::text))),
        '{providers}',
        (select coalesce(jsonb_agg(distinct p), '[]'::jsonb) from (
           select jsonb_array_elements_text(coalesce(raw_app_meta_data->'providers', '[]'::jsonb)) as p
           union select $2::text) s)),
      updated_at = now()
     where id = $1`,
    [userId, provider],
  );
}

/**
 * Inserts (or refreshes) an identity and returns nothing; `providerId` is the provider's subject.
 *
 * @example
 * await upsertIdentity(tx, user.id, 'email', user.id, { sub: user.id, email });
 */
export async function upsertIdentity(
  db: Queryable,
  userId: string,
  provider: string,
  providerId: string,
  data: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `insert into auth.identities (user_id, provider, provider_id, identity_data, last_sign_in_at)
     values ($1, $2, $3, $4::jsonb, now())
     on conflict (provider_id, provider) do update
       set identity_data = auth.identities.identity_data || excluded.identity_data,
           last_sign_in_at = now(), updated_at = now()`,
    [userId, provider, providerId, JSON.stringify(data)],
  );
  await addProvider(db, userId, provider);
}

/**
 * The user as GoTrue's API returns it (`/user`, `/admin/users/:id`, session responses), with
 * its identities and factors.
 *
 * @example
 * return c.json(await userJson(ctx.engine, row));
 */
export async function userJson(db: Queryable, u: UserRow): Promise<Record<string, unknown>> {
  const identities = await db.query<Record<string, unknown>>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = $1 order by created_at, id`,
    [u.id],
  );
  const factors = await db.query<Record<string, unknown>>(
    `select id, friendly_name, factor_type, status, phone, created_at, updated_at, last_challenged_at
       from auth.mfa_factors where user_id = $1 order by created_at, id`,
    [u.id],
  );
  const confirmedAt = [u.email_confirmed_at, u.phone_confirmed_at]
    .filter((d): d is Date => d != null)
    .map((d) => new Date(d))
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const out: Record<string, unknown> = {
    id: u.id,
    aud: u.aud ?? 'authenticated',
    role: u.role ?? 'authenticated',
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? '',
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(confirmedAt),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    new_phone: u.phone_change || undefined,
    phone_change_sent_at: iso(u.phone_change_sent_at),
    reauthentication_sent_at: iso(u.reauthentication_sent_at),
    invited_at: iso(u.invited_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: identities.rows.map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at as Date),
      created_at: iso(i.created_at as Date),
      updated_at: iso(i.updated_at as Date),
      email: i.email ?? undefined,
    })),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    banned_until: iso(u.banned_until),
    is_anonymous: u.is_anonymous,
    deleted_at: iso(u.deleted_at),
  };
  if (factors.rows.length > 0) {
    out.factors = factors.rows.map((f) => ({
      id: f.id,
      friendly_name: f.friendly_name ?? undefined,
      factor_type: f.factor_type,
      status: f.status,
      phone: f.phone ?? undefined,
      created_at: iso(f.created_at as Date),
      updated_at: iso(f.updated_at as Date),
      last_challenged_at: iso(f.last_challenged_at as Date),
    }));
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}
