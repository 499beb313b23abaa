import type { Queryable } from '../db/engine.js';
import { AuthHttpError } from './errors.js';
import { randomToken } from './secrets.js';
import type { AuthService } from './service.js';
import { findUserById, userJson, type UserRow } from './users.js';

/** A row of `auth.sessions`. */
export interface SessionRow {
  id: string;
  user_id: string;
  aal: string;
  factor_id: string | null;
  not_after: Date | null;
}

/** GoTrue's session response (`AccessTokenResponse`). */
export type TokenResponse = Record<string, unknown> & {
  access_token: string;
  refresh_token: string;
};

/**
 * Starts a session for a user signed in with `method` (`password`, `otp`, `oauth`, `anonymous`,
 * `magiclink`, `email/signup`, `id_token`, `sso/saml`, `web3`…) and records `last_sign_in_at`.
 *
 * @example
 * const session = await createSession(tx, user.id, 'password');
 */
export async function createSession(
  db: Queryable,
  userId: string,
  method: string,
): Promise<SessionRow> {
  const r = await db.query<SessionRow>(
    'insert into auth.sessions (user_id) values ($1) returning id, user_id, aal, factor_id, not_after',
    [userId],
  );
  await addAmr(db, r.rows[0].id, method);
  await db.query('update auth.users set last_sign_in_at = now() where id = $1', [userId]);
  return r.rows[0];
}

/**
 * Records an authentication method on a session (its `amr` claim), once per method.
 *
 * @example
 * await addAmr(tx, session.id, 'totp');
 */
export async function addAmr(db: Queryable, sessionId: string, method: string): Promise<void> {
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, authentication_method) values ($1, $2)
     on conflict (session_id, authentication_method) do update set updated_at = now()`,
    [sessionId, method],
  );
}

/**
 * Signs the access token of a session with Supabase's claims.
 *
 * @example
 * const { token, exp } = await signAccessToken(svc, tx, iss, user, session);
 */
export async function signAccessToken(
  svc: AuthService,
  db: Queryable,
  iss: string,
  user: UserRow,
  session: SessionRow,
): Promise<{ token: string; exp: number; iat: number }> {
  // The session's methods (its amr claim) and, for a session issued to an OAuth client (GoTrue's
  // OAuth server), its client_id claim, in one round trip.
  const claims = await db.query<{
    method: string | null;
    t: Date | null;
    client_id: string | null;
  }>(
    `select c.authentication_method as method, c.updated_at as t, s.oauth_client_id::text as client_id
       from auth.sessions s left join auth.mfa_amr_claims c on c.session_id = s.id
      where s.id = $1 order by c.updated_at desc`,
    [session.id],
  );
  const amr = claims.rows.filter(
    (a): a is { method: string; t: Date; client_id: string | null } => a.method !== null,
  );
  const clientId = claims.rows[0]?.client_id;
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + svc.settings.jwtExpiry;
  const token = await svc.ctx.jwt.sign({
    iss,
    sub: user.id,
    aud: user.aud ?? 'authenticated',
    exp,
    iat,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? 'authenticated',
    aal: session.aal,
    amr: amr.map((a) => ({
      method: a.method,
      timestamp: Math.floor(new Date(a.t).getTime() / 1000),
    })),
    session_id: session.id,
    is_anonymous: user.is_anonymous,
    ...(clientId ? { client_id: clientId } : {}),
  });
  return { token, exp, iat };
}

/**
 * Issues a refresh token (child of `parent` when rotating) and an access token for a session,
 * answered as GoTrue's `AccessTokenResponse`.
 *
 * @example
 * return c.json(await issueTokens(svc, tx, authBase(c), user, session));
 */
export async function issueTokens(
  svc: AuthService,
  db: Queryable,
  iss: string,
  user: UserRow,
  session: SessionRow,
  options: { parent?: string; reuse?: string; extra?: Record<string, unknown> } = {},
): Promise<TokenResponse> {
  let refresh = options.reuse;
  if (!refresh) {
    refresh = randomToken(12);
    await db.query(
      'insert into auth.refresh_tokens (token, user_id, parent, session_id) values ($1, $2, $3, $4)',
      [refresh, user.id, options.parent ?? null, session.id],
    );
  }
  await db.query(
    'update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1',
    [session.id],
  );
  const fresh = (await findUserById(db, user.id)) ?? user;
  const { token, exp } = await signAccessToken(svc, db, iss, fresh, session);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: svc.settings.jwtExpiry,
    expires_at: exp,
    refresh_token: refresh,
    user: await userJson(db, fresh),
    ...options.extra,
  };
}

/**
 * Loads a session by id, or `undefined`.
 *
 * @example
 * const session = await findSession(db, claims.session_id);
 */
export async function findSession(db: Queryable, id: string): Promise<SessionRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.query<SessionRow>(
    'select id, user_id, aal, factor_id, not_after from auth.sessions where id = $1',
    [id],
  );
  return r.rows[0];
}

interface RefreshRow {
  token: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  updated_at: Date;
}

/**
 * `grant_type=refresh_token`, as GoTrue does it: the token is revoked and a child issued. A
 * revoked token that is the parent of the session's active token gets that active token back
 * (a client that lost the answer); any other revoked token is accepted only within
 * `refresh_token_reuse_interval` seconds of its revocation, else 400
 * `refresh_token_already_used` and — with rotation on — the whole session family is revoked.
 *
 * @example
 * return c.json(await refreshGrant(svc, authBase(c), body.refresh_token));
 */
export async function refreshGrant(
  svc: AuthService,
  iss: string,
  token: string,
): Promise<TokenResponse> {
  return svc.ctx.engine
    .transaction(async (tx) => {
      const r = await tx.query<RefreshRow>(
        // FOR UPDATE: concurrent refreshes of one token (PostgreSQL) take turns, as in GoTrue.
        'select token, revoked, parent, session_id, updated_at from auth.refresh_tokens where token = $1 for update',
        [token],
      );
      const row = r.rows[0];
      const notFound = () =>
        new AuthHttpError(
          400,
          'refresh_token_not_found',
          'Invalid Refresh Token: Refresh Token Not Found',
        );
      if (!row || !row.session_id) throw notFound();
      const session = await findSession(tx, row.session_id);
      if (!session) throw notFound();
      const user = await findUserById(tx, session.user_id);
      if (!user) throw notFound();
      if (user.banned_until && new Date(user.banned_until).getTime() > Date.now()) {
        throw new AuthHttpError(400, 'user_banned', 'Invalid Refresh Token: User Banned');
      }
      if (session.not_after && new Date(session.not_after).getTime() < Date.now()) {
        throw new AuthHttpError(400, 'session_expired', 'Invalid Refresh Token: Session Expired');
      }
      if (row.revoked) {
        const active = await tx.query<{ token: string; parent: string | null }>(
          `select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false
          order by id desc limit 1`,
          [session.id],
        );
        const current = active.rows[0];
        if (current && current.parent === row.token) {
          return issueTokens(svc, tx, iss, user, session, { reuse: current.token });
        }
        const reuseUntil =
          new Date(row.updated_at).getTime() + svc.settings.refreshTokenReuseInterval * 1000;
        if (Date.now() >= reuseUntil) {
          if (svc.settings.enableRefreshTokenRotation) {
            await tx.query(
              'update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false',
              [session.id],
            );
          }
          // Committed on purpose: the family stays revoked although the request fails.
          return { alreadyUsed: true } as unknown as TokenResponse;
        }
      }
      await tx.query(
        'update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1 and revoked = false',
        [row.token],
      );
      return issueTokens(svc, tx, iss, user, session, { parent: row.token });
    })
    .then((res) => {
      if ((res as { alreadyUsed?: boolean }).alreadyUsed) {
        throw new AuthHttpError(
          400,
          'refresh_token_already_used',
          'Invalid Refresh Token: Already Used',
        );
      }
      return res;
    });
}

/**
 * Ends sessions of a user: `global` (all), `local` (this one), `others` (all but this one).
 *
 * @example
 * await endSessions(tx, user.id, session.id, 'global');
 */
export async function endSessions(
  db: Queryable,
  userId: string,
  sessionId: string,
  scope: 'global' | 'local' | 'others',
): Promise<void> {
  if (scope === 'local') {
    await db.query('delete from auth.sessions where id = $1', [sessionId]);
  } else if (scope === 'others') {
    await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [
      userId,
      sessionId,
    ]);
  } else {
    await db.query('delete from auth.sessions where user_id = $1', [userId]);
  }
}
