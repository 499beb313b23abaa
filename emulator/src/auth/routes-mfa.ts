import { Hono } from 'hono';
import qrcode from 'qrcode-generator';
import { Secret, TOTP } from 'otpauth';
import { AuthHttpError, validationFailed } from './errors.js';
import { normalizePhone } from './identifiers.js';
import { requireUser } from './request-user.js';
import { otpCode } from './secrets.js';
import { authBase, readJson, str, type AuthService } from './service.js';
import { addAmr, issueTokens } from './sessions.js';
import { findUserById } from './users.js';
import type { StoredCredential } from './webauthn-ceremony.js';
import { verifyWebAuthnFactor, webAuthnChallenge, type WebAuthnSession } from './webauthn-mfa.js';

/** How long a challenge can be verified (GoTrue's default `challenge_expiry_duration`). */
const CHALLENGE_TTL_S = 300;

interface FactorRow {
  id: string;
  user_id: string;
  friendly_name: string | null;
  factor_type: 'totp' | 'phone' | 'webauthn';
  status: string;
  secret: string | null;
  phone: string | null;
  web_authn_credential: StoredCredential | null;
}

/** The `amr` method each factor type adds, as GoTrue names them. */
const AMR: Record<string, string> = { totp: 'totp', phone: 'phone', webauthn: 'mfa/webauthn' };

const LABEL: Record<string, string> = { totp: 'TOTP', phone: 'Phone', webauthn: 'WebAuthn' };

/** The otpauth TOTP of a factor (SHA1, 6 digits, 30 s: what authenticator apps expect). */
function totpOf(secret: string, issuer: string, label: string): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

/**
 * MFA for the signed-in user: `POST /factors` (enroll TOTP with a real secret, otpauth URI and QR
 * svg, or a phone), `POST /factors/:id/challenge` (phone codes go to the mailbox), `POST
 * /factors/:id/verify` (raises the session to `aal2` and adds `totp`/`phone` to `amr`) and
 * `DELETE /factors/:id`.
 *
 * @example
 * app.route('/', mfaRoutes(svc));
 */
export function mfaRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const db = svc.ctx.engine;
  const mfa = svc.settings.mfa;
  const switches = (type: string) =>
    type === 'totp' ? mfa.totp : type === 'phone' ? mfa.phone : svc.settings.webauthn.mfa;

  const loadFactor = async (userId: string, id: string): Promise<FactorRow> => {
    const r = await db.query<FactorRow>(
      'select * from auth.mfa_factors where id::text = $1 and user_id = $2',
      [id, userId],
    );
    if (!r.rows[0]) throw new AuthHttpError(404, 'mfa_factor_not_found', 'Factor not found');
    return r.rows[0];
  };

  app.post('/factors', async (c) => {
    const { user } = await requireUser(svc, c);
    const body = await readJson(c);
    const type = str(body, 'factor_type');
    if (type !== 'totp' && type !== 'phone' && type !== 'webauthn') {
      throw validationFailed('factor_type needs to be totp, phone or webauthn');
    }
    if (!switches(type).enroll) {
      throw new AuthHttpError(
        422,
        `mfa_${type}_enroll_not_enabled`,
        `MFA enroll is disabled for ${LABEL[type]}`,
      );
    }
    const friendly = str(body, 'friendly_name') ?? '';
    const existing = await db.query<FactorRow>(
      'select * from auth.mfa_factors where user_id = $1',
      [user.id],
    );
    if (existing.rows.filter((f) => f.status === 'verified').length >= mfa.maxEnrolledFactors) {
      throw new AuthHttpError(
        422,
        'too_many_enrolled_mfa_factors',
        'Maximum number of verified factors reached, unenroll to continue',
      );
    }
    if (friendly && existing.rows.some((f) => f.friendly_name === friendly)) {
      throw new AuthHttpError(
        422,
        'mfa_factor_name_conflict',
        `A factor with the friendly name "${friendly}" for this user already exists`,
      );
    }
    if (type === 'phone') {
      const raw = str(body, 'phone');
      if (!raw) throw validationFailed('Phone number required to enroll Phone factor');
      const phone = normalizePhone(raw);
      const r = await db.query<{ id: string }>(
        `insert into auth.mfa_factors (user_id, friendly_name, factor_type, phone) values ($1, $2, 'phone', $3) returning id`,
        [user.id, friendly || null, phone],
      );
      return c.json({ id: r.rows[0].id, type: 'phone', friendly_name: friendly, phone });
    }
    if (type === 'webauthn') {
      const r = await db.query<{ id: string }>(
        `insert into auth.mfa_factors (user_id, friendly_name, factor_type) values ($1, $2, 'webauthn') returning id`,
        [user.id, friendly || null],
      );
      return c.json({ id: r.rows[0].id, type: 'webauthn', friendly_name: friendly });
    }
    const issuer = str(body, 'issuer') || new URL(svc.settings.siteUrl).hostname;
    const secret = new Secret({ size: 20 }).base32;
    const uri = totpOf(secret, issuer, user.email || user.phone || user.id).toString();
    const qr = qrcode(0, 'M');
    qr.addData(uri);
    qr.make();
    const r = await db.query<{ id: string }>(
      `insert into auth.mfa_factors (user_id, friendly_name, factor_type, secret) values ($1, $2, 'totp', $3) returning id`,
      [user.id, friendly || null, secret],
    );
    return c.json({
      id: r.rows[0].id,
      type: 'totp',
      friendly_name: friendly,
      totp: { qr_code: qr.createSvgTag({ cellSize: 3, margin: 4, scalable: true }), secret, uri },
    });
  });

  app.post('/factors/:id/challenge', async (c) => {
    const { user } = await requireUser(svc, c);
    const factor = await loadFactor(user.id, c.req.param('id'));
    const body = await readJson(c);
    if (!switches(factor.factor_type).verify) {
      throw new AuthHttpError(
        422,
        `mfa_${factor.factor_type}_verify_not_enabled`,
        `MFA verification is disabled for ${LABEL[factor.factor_type]}`,
      );
    }
    let code: string | null = null;
    if (factor.factor_type === 'phone') {
      code = otpCode(6);
      svc.limiter.hit('smsSent');
      svc.ctx.mailbox.send({
        to: factor.phone!,
        channel: str(body, 'channel') === 'whatsapp' ? 'whatsapp' : 'sms',
        type: 'mfa',
        subject: 'Your MFA code',
        body: `Your code is ${code}`,
        token: code,
      });
    }
    let webauthn: { session: WebAuthnSession; webauthn: Record<string, unknown> } | undefined;
    if (factor.factor_type === 'webauthn') {
      const others = await db.query<{ c: StoredCredential }>(
        `select web_authn_credential as c from auth.mfa_factors
          where user_id = $1 and factor_type = 'webauthn' and web_authn_credential is not null`,
        [user.id],
      );
      webauthn = await webAuthnChallenge(
        svc.settings.webauthn,
        user,
        factor,
        others.rows.map((o) => o.c),
      );
    }
    const r = await db.query<{ id: string; created_at: Date }>(
      `insert into auth.mfa_challenges (factor_id, otp_code, web_authn_session_data)
       values ($1, $2, $3::jsonb) returning id, created_at`,
      [factor.id, code, webauthn ? JSON.stringify(webauthn.session) : null],
    );
    await db.query('update auth.mfa_factors set last_challenged_at = now() where id = $1', [
      factor.id,
    ]);
    const expiresAt = Math.floor(new Date(r.rows[0].created_at).getTime() / 1000) + CHALLENGE_TTL_S;
    return c.json({
      id: r.rows[0].id,
      type: factor.factor_type,
      expires_at: expiresAt,
      ...(webauthn ? { webauthn: webauthn.webauthn } : {}),
    });
  });

  app.post('/factors/:id/verify', async (c) => {
    const { user, session } = await requireUser(svc, c);
    const factor = await loadFactor(user.id, c.req.param('id'));
    const body = await readJson(c);
    const challengeId = str(body, 'challenge_id') ?? '';
    const code = str(body, 'code') ?? '';
    if (!switches(factor.factor_type).verify) {
      throw new AuthHttpError(
        422,
        `mfa_${factor.factor_type}_verify_not_enabled`,
        `MFA verification is disabled for ${LABEL[factor.factor_type]}`,
      );
    }
    const ch = await db.query<{
      id: string;
      otp_code: string | null;
      created_at: Date;
      verified_at: Date | null;
      web_authn_session_data: WebAuthnSession | null;
    }>('select * from auth.mfa_challenges where id::text = $1 and factor_id = $2', [
      challengeId,
      factor.id,
    ]);
    const challenge = ch.rows[0];
    if (!challenge)
      throw new AuthHttpError(
        404,
        'mfa_factor_not_found',
        'MFA factor with the provided challenge ID not found',
      );
    if (Date.now() > new Date(challenge.created_at).getTime() + CHALLENGE_TTL_S * 1000) {
      await db.query('delete from auth.mfa_challenges where id = $1', [challenge.id]);
      throw new AuthHttpError(
        422,
        'mfa_challenge_expired',
        `MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`,
      );
    }
    if (factor.factor_type === 'webauthn') {
      await verifyWebAuthnFactor(
        db,
        svc.settings.webauthn,
        factor,
        challenge.web_authn_session_data!,
        body.webauthn,
      );
    }
    // A WebAuthn factor has been verified above (its failures throw).
    const ok =
      factor.factor_type === 'webauthn' ||
      (factor.factor_type === 'totp'
        ? totpOf(factor.secret!, 'x', 'x').validate({ token: code, window: 1 }) !== null
        : challenge.otp_code !== null && challenge.otp_code === code);
    if (!ok) {
      const what = factor.factor_type === 'totp' ? 'TOTP' : 'MFA Phone';
      throw new AuthHttpError(422, 'mfa_verification_failed', `Invalid ${what} code entered`);
    }
    const base = authBase(c);
    const tokens = await db.transaction(async (tx) => {
      await tx.query('delete from auth.mfa_challenges where id = $1', [challenge.id]);
      await tx.query(
        `update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`,
        [factor.id],
      );
      // Sessions still at aal1 end, as GoTrue does once a user proves a second factor.
      await tx.query(`delete from auth.sessions where user_id = $1 and id <> $2 and aal = 'aal1'`, [
        user.id,
        session.id,
      ]);
      await tx.query(
        `update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1`,
        [session.id, factor.id],
      );
      await addAmr(tx, session.id, AMR[factor.factor_type]);
      const active = await tx.query<{ token: string }>(
        'update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false returning token',
        [session.id],
      );
      const upgraded = { ...session, aal: 'aal2', factor_id: factor.id };
      return issueTokens(svc, tx, base, (await findUserById(tx, user.id))!, upgraded, {
        parent: active.rows.at(-1)?.token,
      });
    });
    return c.json(tokens);
  });

  app.delete('/factors/:id', async (c) => {
    const { user, session } = await requireUser(svc, c);
    const factor = await loadFactor(user.id, c.req.param('id'));
    if (factor.status === 'verified' && session.aal !== 'aal2') {
      throw new AuthHttpError(403, 'insufficient_aal', 'AAL2 required to unenroll verified factor');
    }
    await db.query('delete from auth.mfa_factors where id = $1', [factor.id]);
    return c.json({ id: factor.id });
  });
  return app;
}
