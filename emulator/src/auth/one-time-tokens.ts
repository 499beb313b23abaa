import type { Queryable } from '../db/engine.js';
import { AuthHttpError } from './errors.js';
import { otpCode, tokenHash } from './secrets.js';
import type { AuthService } from './service.js';

/** The kinds of `auth.one_time_tokens`, as Supabase names them. */
export type OttType =
  | 'confirmation_token'
  | 'recovery_token'
  | 'email_change_token_new'
  | 'email_change_token_current'
  | 'phone_change_token'
  | 'reauthentication_token';

const SUBJECTS: Record<string, string> = {
  signup: 'Confirm Your Signup',
  magiclink: 'Your Magic Link',
  recovery: 'Reset Your Password',
  invite: 'You have been invited',
  email_change: 'Confirm Email Change',
  reauthentication: 'Confirm reauthentication',
};

/** Stores the hash of a fresh code for a user (one live token per user and kind). */
async function storeToken(
  db: Queryable,
  userId: string,
  type: OttType,
  hash: string,
  relatesTo: string,
): Promise<void> {
  await db.query(
    `insert into auth.one_time_tokens (user_id, token_type, token_hash, relates_to)
     values ($1, $2, $3, $4)
     on conflict (user_id, token_type) do update
       set token_hash = excluded.token_hash, relates_to = excluded.relates_to,
           created_at = now(), updated_at = now()`,
    [userId, type, hash, relatesTo],
  );
}

/**
 * E-mails a one-time code and its link to the mailbox. The link is GoTrue's
 * `<auth>/verify?token=<hash>&type=<type>&redirect_to=<url>`; for the PKCE flow the hash is
 * prefixed `pkce_` so that `/verify` answers `?code=` instead of a session fragment.
 *
 * @example
 * await sendEmailToken(svc, tx, { base, userId, email, ott: 'confirmation_token', type: 'signup', redirectTo, pkce: false });
 */
export async function sendEmailToken(
  svc: AuthService,
  db: Queryable,
  m: {
    base: string;
    userId: string;
    email: string;
    ott: OttType;
    type: string;
    redirectTo: string;
    pkce: boolean;
    /** `false` for `/admin/generate_link`, which returns the link instead of sending it. */
    deliver?: boolean;
  },
): Promise<{ code: string; hash: string; link: string }> {
  if (m.deliver !== false) {
    const every = svc.settings.email.maxFrequencyMs;
    if (every) svc.limiter.every(`${m.email.toLowerCase()} ${m.type}`, every);
    svc.limiter.hit('emailSent');
  }
  const code = otpCode(svc.settings.email.otpLength);
  const hash = tokenHash(m.email.toLowerCase(), code);
  await storeToken(db, m.userId, m.ott, hash, m.email.toLowerCase());
  const linkToken = m.pkce ? `pkce_${hash}` : hash;
  const link = `${m.base}/verify?token=${linkToken}&type=${m.type}&redirect_to=${encodeURIComponent(m.redirectTo)}`;
  const subject = SUBJECTS[m.type] ?? 'Your code';
  if (m.deliver === false) return { code, hash, link };
  svc.ctx.mailbox.send({
    to: m.email.toLowerCase(),
    channel: 'email',
    type: m.type,
    subject,
    body: `${subject}\n\nFollow this link: ${link}\n\nOr enter the code: ${code}\n`,
    token: code,
    link,
  });
  return { code, hash, link };
}

/**
 * Texts a one-time code (SMS or WhatsApp) to the mailbox, unless `[auth.sms.test_otp]` fixes
 * the number's code, in which case nothing is sent and that code is accepted. Returns the
 * message id GoTrue reports as `message_id`. In GoTrue's `sendPhoneConfirmation` order: a test
 * OTP needs neither; otherwise the `sms_sent` limit (only with `[auth.sms] enable_confirmations`)
 * and then, with no SMS provider in config.toml (the CLI's default), 500 `unexpected_failure`
 * "Unable to get SMS provider".
 *
 * @example
 * await sendSmsToken(svc, tx, { userId, phone: '15551234567', ott: 'confirmation_token', type: 'sms', channel: 'sms' });
 */
export async function sendSmsToken(
  svc: AuthService,
  db: Queryable,
  m: { userId: string; phone: string; ott: OttType; type: string; channel: 'sms' | 'whatsapp' },
): Promise<string | undefined> {
  const fixed = svc.settings.sms.testOtp[m.phone];
  if (fixed === undefined) {
    // GoTrue counts `sms_sent` only when SMS confirmations are on (not with SMS autoconfirm).
    if (svc.settings.sms.enableConfirmations) svc.limiter.hit('smsSent');
    if (!svc.settings.sms.provider) {
      throw new AuthHttpError(500, 'unexpected_failure', 'Unable to get SMS provider');
    }
  }
  const code = fixed ?? otpCode(6);
  await storeToken(db, m.userId, m.ott, tokenHash(m.phone, code), m.phone);
  if (fixed) return undefined;
  const sent = svc.ctx.mailbox.send({
    to: m.phone,
    channel: m.channel,
    type: m.type,
    subject: 'Your code',
    body: `Your code is ${code}`,
    token: code,
  });
  return sent.id;
}

/** A one-time token found and consumed. */
export interface ConsumedToken {
  userId: string;
  type: OttType;
  relatesTo: string;
}

/**
 * Finds a live token by hash among `types` and deletes it (a code works once). Expired tokens
 * (older than the e-mail or SMS expiry) are deleted and not returned.
 *
 * @example
 * const t = await consumeToken(svc, tx, tokenHash(email, code), ['confirmation_token']);
 */
export async function consumeToken(
  svc: AuthService,
  db: Queryable,
  hash: string,
  types: OttType[],
): Promise<ConsumedToken | undefined> {
  const r = await db.query<{
    id: string;
    user_id: string;
    token_type: OttType;
    relates_to: string;
    created_at: Date;
  }>(
    `select id, user_id, token_type, relates_to, created_at from auth.one_time_tokens
      where token_hash = $1 and token_type = any($2::text[])`,
    [hash, types],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  await db.query('delete from auth.one_time_tokens where id = $1', [row.id]);
  const isPhone = !row.relates_to.includes('@');
  const ttl = (isPhone ? svc.settings.sms.otpExpiry : svc.settings.email.otpExpiry) * 1000;
  if (Date.now() - new Date(row.created_at).getTime() > ttl) return undefined;
  return { userId: row.user_id, type: row.token_type, relatesTo: row.relates_to };
}

/**
 * Whether a user still has a live token of a kind (the other half of a double e-mail change).
 *
 * @example
 * if (await hasToken(tx, user.id, 'email_change_token_current')) return pending;
 */
export async function hasToken(db: Queryable, userId: string, type: OttType): Promise<boolean> {
  const r = await db.query(
    'select 1 from auth.one_time_tokens where user_id = $1 and token_type = $2',
    [userId, type],
  );
  return r.rows.length > 0;
}
