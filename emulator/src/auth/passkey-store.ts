import type { Queryable } from '../db/engine.js';
import { AuthHttpError } from './errors.js';
import type { StoredCredential } from './webauthn-ceremony.js';

/** A row of `auth.webauthn_credentials`: one passkey. */
export interface PasskeyRow {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  sign_count: string | number;
  transports: string[];
  friendly_name: string | null;
  last_used_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of `auth.webauthn_challenges`: one open registration or sign-in ceremony. */
export interface PasskeyChallengeRow {
  id: string;
  user_id: string | null;
  challenge_type: 'registration' | 'authentication';
  challenge: string;
  ip_address: string | null;
  created_at: Date;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : undefined);

/**
 * A passkey as `GET /passkeys` lists it (auth-js's `PasskeyListItem`).
 *
 * @example
 * return c.json(rows.map(passkeyJson));
 */
export function passkeyJson(p: PasskeyRow): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      id: p.id,
      friendly_name: p.friendly_name ?? undefined,
      created_at: iso(p.created_at),
      updated_at: iso(p.updated_at),
      last_used_at: iso(p.last_used_at),
    }),
  ) as Record<string, unknown>;
}

/**
 * The stored credential of a passkey row, as the ceremony checks it.
 *
 * @example
 * const counter = await verifyAssertion(rp, body.credential, challenge, storedOf(row));
 */
export function storedOf(p: PasskeyRow): StoredCredential {
  return {
    id: p.credential_id,
    publicKey: p.public_key,
    counter: Number(p.sign_count),
    transports: p.transports ?? [],
  };
}

/**
 * A user's passkeys, oldest first.
 *
 * @example
 * const keys = await userPasskeys(db, user.id);
 */
export async function userPasskeys(db: Queryable, userId: string): Promise<PasskeyRow[]> {
  const r = await db.query<PasskeyRow>(
    'select * from auth.webauthn_credentials where user_id = $1 order by created_at, id',
    [userId],
  );
  return r.rows;
}

/**
 * One of a user's passkeys; another user's or an unknown id is 404 `webauthn_credential_not_found`.
 *
 * @example
 * const key = await ownPasskey(db, user.id, c.req.param('id'));
 */
export async function ownPasskey(db: Queryable, userId: string, id: string): Promise<PasskeyRow> {
  const r = UUID_RE.test(id)
    ? await db.query<PasskeyRow>(
        'select * from auth.webauthn_credentials where id = $1 and user_id = $2',
        [id, userId],
      )
    : { rows: [] as PasskeyRow[] };
  if (!r.rows[0])
    throw new AuthHttpError(404, 'webauthn_credential_not_found', 'Passkey not found');
  return r.rows[0];
}

/**
 * Takes an open ceremony: the row is deleted whatever happens next, so a challenge answers one
 * verification only. Unknown is 422 `webauthn_challenge_not_found`, too old 422
 * `webauthn_challenge_expired`.
 *
 * @example
 * const ch = await takeChallenge(db, body.challenge_id, 'authentication', null, 300);
 */
export async function takeChallenge(
  db: Queryable,
  id: unknown,
  type: PasskeyChallengeRow['challenge_type'],
  userId: string | null,
  expirySeconds: number,
): Promise<PasskeyChallengeRow> {
  const r =
    typeof id === 'string' && UUID_RE.test(id)
      ? await db.query<PasskeyChallengeRow>(
          `delete from auth.webauthn_challenges
            where id = $1 and challenge_type = $2 and user_id is not distinct from $3
            returning *`,
          [id, type, userId],
        )
      : { rows: [] as PasskeyChallengeRow[] };
  const ch = r.rows[0];
  if (!ch) {
    throw new AuthHttpError(422, 'webauthn_challenge_not_found', 'Challenge not found');
  }
  if (Date.now() > new Date(ch.created_at).getTime() + expirySeconds * 1000) {
    throw new AuthHttpError(422, 'webauthn_challenge_expired', 'Passkey challenge has expired');
  }
  return ch;
}

/**
 * Opens a ceremony and answers its id and expiry (UNIX seconds).
 *
 * @example
 * const { id, expiresAt } = await openChallenge(db, 'registration', user.id, options.challenge, ip, 300);
 */
export async function openChallenge(
  db: Queryable,
  type: PasskeyChallengeRow['challenge_type'],
  userId: string | null,
  challenge: string,
  ip: string,
  expirySeconds: number,
): Promise<{ id: string; expiresAt: number }> {
  const r = await db.query<{ id: string; created_at: Date }>(
    `insert into auth.webauthn_challenges (user_id, challenge_type, challenge, ip_address)
     values ($1, $2, $3, $4) returning id, created_at`,
    [userId, type, challenge, ip],
  );
  const created = Math.floor(new Date(r.rows[0].created_at).getTime() / 1000);
  return { id: r.rows[0].id, expiresAt: created + expirySeconds };
}
