import type { Queryable } from '../db/engine.js';
import { AuthHttpError, validationFailed } from './errors.js';
import { consumeToken, hasToken, type OttType } from './one-time-tokens.js';
import type { AuthService } from './service.js';
import { createSession, issueTokens, type TokenResponse } from './sessions.js';
import { findUserById, type UserRow } from './users.js';

/** Which stored token kinds each `/verify` type accepts, and the `amr` method it records. */
const TYPES: Record<string, { kinds: OttType[]; method: string }> = {
  signup: { kinds: ['confirmation_token'], method: 'otp' },
  invite: { kinds: ['confirmation_token'], method: 'otp' },
  magiclink: { kinds: ['recovery_token', 'confirmation_token'], method: 'otp' },
  email: { kinds: ['recovery_token', 'confirmation_token'], method: 'otp' },
  recovery: { kinds: ['recovery_token'], method: 'recovery' },
  email_change: { kinds: ['email_change_token_new', 'email_change_token_current'], method: 'otp' },
  sms: { kinds: ['confirmation_token'], method: 'otp' },
  phone_change: { kinds: ['phone_change_token'], method: 'otp' },
};

/**
 * GoTrue's 403 `otp_expired` for a wrong, used or expired code.
 *
 * @example
 * if (!token) throw expiredOtp();
 */
export const expiredOtp = () =>
  new AuthHttpError(403, 'otp_expired', 'Token has expired or is invalid');

/** The outcome of a verification: a session, or (double e-mail change) a half-done message. */
export type VerifyOutcome =
  | { kind: 'session'; tokens: TokenResponse; user: UserRow }
  | { kind: 'pending'; message: string; user: UserRow }
  | { kind: 'verified'; user: UserRow };

/**
 * Checks a `/verify` type; 400 `validation_failed` for a missing or unknown one.
 *
 * @example
 * const type = checkVerifyType(body.type); // throws for 'weird'
 */
export function checkVerifyType(type: string | undefined): string {
  if (!type) throw validationFailed('Verify requires a verification type');
  if (!TYPES[type]) throw validationFailed(`Unsupported verification type: ${type}`);
  return type;
}

/** Applies what a consumed token proves (confirmation, e-mail or phone change) to the user. */
async function applyToken(
  db: Queryable,
  type: string,
  kind: OttType,
  user: UserRow,
  relatesTo: string,
) {
  if (kind === 'confirmation_token' || kind === 'recovery_token') {
    if (relatesTo.includes('@')) {
      await db.query(
        'update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1',
        [user.id],
      );
      await db.query(
        `update auth.identities set identity_data = identity_data || '{"email_verified":true}'::jsonb
          where user_id = $1 and provider = 'email'`,
        [user.id],
      );
    } else {
      await db.query(
        'update auth.users set phone_confirmed_at = coalesce(phone_confirmed_at, now()) where id = $1',
        [user.id],
      );
    }
  } else if (kind === 'phone_change_token') {
    await db.query(
      `update auth.users set phone = phone_change, phone_change = null, phone_confirmed_at = now(),
         updated_at = now() where id = $1`,
      [user.id],
    );
  }
  if (type === 'invite') {
    await db.query('update auth.users set invited_at = coalesce(invited_at, now()) where id = $1', [
      user.id,
    ]);
  }
}

/**
 * Verifies a one-time token by its hash and, when it completes the action, starts a session
 * (method `otp`, or `recovery`). A wrong, used or expired token is 403 `otp_expired`.
 *
 * @example
 * const out = await verifyTokenHash(svc, base, 'signup', hash);
 */
export async function verifyTokenHash(
  svc: AuthService,
  base: string,
  type: string,
  hash: string,
  options: { session: boolean } = { session: true },
): Promise<VerifyOutcome> {
  const spec = TYPES[checkVerifyType(type)];
  svc.limiter.hit('tokenVerifications');
  return svc.ctx.engine.transaction(async (tx) => {
    const t = await consumeToken(svc, tx, hash, spec.kinds);
    if (!t) throw expiredOtp();
    const user = await findUserById(tx, t.userId);
    if (!user) throw expiredOtp();
    await applyToken(tx, type, t.type, user, t.relatesTo);
    if (type === 'email_change') {
      const other: OttType =
        t.type === 'email_change_token_new'
          ? 'email_change_token_current'
          : 'email_change_token_new';
      if (await hasToken(tx, user.id, other)) {
        return {
          kind: 'pending',
          message:
            'Confirmation link accepted. Please proceed to confirm link sent to the other email',
          user,
        };
      }
      await tx.query(
        `update auth.users set email = email_change, email_change = null, email_change_sent_at = null,
           email_confirmed_at = now(), is_anonymous = false, updated_at = now() where id = $1`,
        [user.id],
      );
      await tx.query(
        `update auth.identities set identity_data = identity_data || jsonb_build_object('email', u.email)
           from auth.users u where u.id = $1 and auth.identities.user_id = u.id and provider = 'email'`,
        [user.id],
      );
    }
    const fresh = (await findUserById(tx, user.id))!;
    if (!options.session) return { kind: 'verified', user: fresh };
    const session = await createSession(tx, fresh.id, spec.method);
    return {
      kind: 'session',
      tokens: await issueTokens(svc, tx, base, fresh, session),
      user: fresh,
    };
  });
}

/**
 * The `authentication_method` a PKCE flow for a verify type was stored under.
 *
 * @example
 * flowMethodFor('signup'); // 'email/signup'
 */
export function flowMethodFor(type: string): string {
  return type === 'signup' ? 'email/signup' : type;
}
