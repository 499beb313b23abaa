import { Hono, type Context } from 'hono';
import { clientAddress } from './client-address.js';
import { AuthHttpError, validationFailed } from './errors.js';
import {
  openChallenge,
  ownPasskey,
  passkeyJson,
  storedOf,
  takeChallenge,
  userPasskeys,
  type PasskeyRow,
} from './passkey-store.js';
import { requireAdmin, requireUser } from './request-user.js';
import { authBase, readJson, str, type AuthService } from './service.js';
import { createSession, issueTokens } from './sessions.js';
import { findUserById } from './users.js';
import {
  assertionUserHandle,
  creationOptions,
  requestOptions,
  verifyAssertion,
  verifyCreation,
} from './webauthn-ceremony.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The longest friendly name GoTrue keeps (auth-js documents "max 120 chars"). */
const MAX_NAME = 120;

/**
 * Passkeys, the endpoints auth-js 2.119 calls: registration options and verify (signed-in
 * user), authentication options and verify (no session: answers a session, as a sign-in does),
 * `GET /passkeys`, `PATCH` and `DELETE /passkeys/:id`, and the admin `GET` / `DELETE
 * /admin/users/:id/passkeys[/:passkey_id]`. Off unless `[auth.passkey] enabled = true`.
 *
 * @example
 * app.route('/', passkeyRoutes(svc));
 */
export function passkeyRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const db = svc.ctx.engine;
  const rp = svc.settings.webauthn;
  const ip = (c: Context) => clientAddress(c, svc.settings.rateLimitHeader);
  app.use('/passkeys/*', async (_c, next) => {
    if (!rp.passkeyEnabled)
      throw new AuthHttpError(422, 'passkey_disabled', 'Passkeys are disabled');
    await next();
  });
  app.use('/passkeys', async (_c, next) => {
    if (!rp.passkeyEnabled)
      throw new AuthHttpError(422, 'passkey_disabled', 'Passkeys are disabled');
    await next();
  });

  app.post('/passkeys/registration/options', async (c) => {
    const { user } = await requireUser(svc, c);
    if (user.is_anonymous) {
      throw new AuthHttpError(403, 'no_authorization', 'Anonymous users cannot register passkeys');
    }
    const name = user.email || user.phone || user.id;
    const options = await creationOptions(
      rp,
      { id: user.id, name },
      (await userPasskeys(db, user.id)).map(storedOf),
    );
    const ch = await openChallenge(
      db,
      'registration',
      user.id,
      options.challenge,
      ip(c),
      rp.challengeExpirySeconds,
    );
    return c.json({ challenge_id: ch.id, options, expires_at: ch.expiresAt });
  });

  app.post('/passkeys/registration/verify', async (c) => {
    const { user } = await requireUser(svc, c);
    const body = await readJson(c);
    if (body.credential == null) throw validationFailed('credential is required');
    const ch = await takeChallenge(
      db,
      body.challenge_id,
      'registration',
      user.id,
      rp.challengeExpirySeconds,
    );
    const { credential, aaguid } = await verifyCreation(rp, body.credential, ch.challenge);
    const taken = await db.query(
      'select 1 from auth.webauthn_credentials where credential_id = $1',
      [credential.id],
    );
    if (taken.rows.length > 0) {
      throw new AuthHttpError(
        422,
        'webauthn_credential_exists',
        'This credential is already registered',
      );
    }
    const r = await db.query<PasskeyRow>(
      `insert into auth.webauthn_credentials
         (user_id, credential_id, public_key, sign_count, transports, aaguid, friendly_name)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7) returning *`,
      [
        user.id,
        credential.id,
        credential.publicKey,
        credential.counter,
        JSON.stringify(credential.transports),
        aaguid,
        'Passkey',
      ],
    );
    const { id, friendly_name, created_at } = passkeyJson(r.rows[0]);
    return c.json({ id, friendly_name, created_at });
  });

  app.post('/passkeys/authentication/options', async (c) => {
    await readJson(c); // gotrue_meta_security: the emulator runs no captcha
    const options = await requestOptions(rp);
    const ch = await openChallenge(
      db,
      'authentication',
      null,
      options.challenge,
      ip(c),
      rp.challengeExpirySeconds,
    );
    return c.json({ challenge_id: ch.id, options, expires_at: ch.expiresAt });
  });

  app.post('/passkeys/authentication/verify', async (c) => {
    const body = await readJson(c);
    if (body.credential == null) throw validationFailed('credential is required');
    svc.limiter.hit('signInSignUps');
    const ch = await takeChallenge(
      db,
      body.challenge_id,
      'authentication',
      null,
      rp.challengeExpirySeconds,
    );
    const credentialId = (body.credential as { id?: unknown }).id;
    const found =
      typeof credentialId === 'string'
        ? await db.query<PasskeyRow>(
            'select * from auth.webauthn_credentials where credential_id = $1',
            [credentialId],
          )
        : { rows: [] as PasskeyRow[] };
    const key = found.rows[0];
    if (!key) throw new AuthHttpError(422, 'webauthn_credential_not_found', 'Passkey not found');
    // A discoverable credential names its user; it must be the one the credential was made for.
    if (assertionUserHandle(body.credential) !== key.user_id) {
      throw new AuthHttpError(
        422,
        'webauthn_verification_failed',
        'WebAuthn verification failed: the user handle does not match the credential',
      );
    }
    const counter = await verifyAssertion(rp, body.credential, ch.challenge, storedOf(key));
    const user = await findUserById(db, key.user_id);
    if (!user) throw new AuthHttpError(422, 'user_not_found', 'User not found for passkey');
    if (user.banned_until && new Date(user.banned_until).getTime() > Date.now()) {
      throw new AuthHttpError(403, 'user_banned', 'User is banned');
    }
    const base = authBase(c);
    const tokens = await db.transaction(async (tx) => {
      await tx.query(
        `update auth.webauthn_credentials set sign_count = $2, last_used_at = now(), updated_at = now()
          where id = $1`,
        [key.id, counter],
      );
      const session = await createSession(tx, user.id, 'passkey');
      return issueTokens(svc, tx, base, (await findUserById(tx, user.id))!, session);
    });
    return c.json(tokens);
  });

  app.get('/passkeys', async (c) => {
    const { user } = await requireUser(svc, c);
    return c.json((await userPasskeys(db, user.id)).map(passkeyJson));
  });

  app.patch('/passkeys/:id', async (c) => {
    const { user } = await requireUser(svc, c);
    const key = await ownPasskey(db, user.id, c.req.param('id'));
    const name = str(await readJson(c), 'friendly_name')?.trim() ?? '';
    if (name === '') throw validationFailed('friendly_name is required');
    if ([...name].length > MAX_NAME) {
      throw validationFailed(`friendly_name must be at most ${MAX_NAME} characters`);
    }
    const r = await db.query<PasskeyRow>(
      `update auth.webauthn_credentials set friendly_name = $2, updated_at = now()
        where id = $1 returning *`,
      [key.id, name],
    );
    return c.json(passkeyJson(r.rows[0]));
  });

  app.delete('/passkeys/:id', async (c) => {
    const { user } = await requireUser(svc, c);
    const key = await ownPasskey(db, user.id, c.req.param('id'));
    await db.query('delete from auth.webauthn_credentials where id = $1', [key.id]);
    return c.body(null, 204);
  });

  const adminUser = async (c: Context) => {
    await requireAdmin(svc, c);
    const id = c.req.param('uid') ?? '';
    const user = UUID_RE.test(id) ? await findUserById(db, id) : undefined;
    if (!user) throw new AuthHttpError(404, 'user_not_found', 'User not found');
    return user;
  };
  app.get('/admin/users/:uid/passkeys', async (c) => {
    const user = await adminUser(c);
    return c.json((await userPasskeys(db, user.id)).map(passkeyJson));
  });
  app.delete('/admin/users/:uid/passkeys/:id', async (c) => {
    const user = await adminUser(c);
    const key = await ownPasskey(db, user.id, c.req.param('id'));
    await db.query('delete from auth.webauthn_credentials where id = $1', [key.id]);
    return c.body(null, 204);
  });
  return app;
}
