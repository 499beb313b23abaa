import { Hono, type Context } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { codeRedirect, errorRedirect, implicitRedirect, resolveRedirect } from './redirects.js';
import { tokenHash } from './secrets.js';
import { authBase, readJson, str, type AuthService } from './service.js';
import { checkVerifyType, expiredOtp, flowMethodFor, verifyTokenHash } from './verify.js';

/**
 * `POST /verify` (a code with its e-mail or phone, or a `token_hash`) and `GET /verify` (the
 * e-mailed link, answered with a 303 to `redirect_to`).
 *
 * @example
 * app.route('/', verifyRoutes(svc));
 */
export function verifyRoutes(svc: AuthService): Hono {
  const app = new Hono();
  app.post('/verify', async (c) => {
    const body = await readJson(c);
    const type = str(body, 'type');
    if (!type) throw validationFailed('Verify requires a verification type');
    const hash = verifyPostHash(svc, type, body);
    const out = await verifyTokenHash(svc, authBase(c), type, hash);
    if (out.kind === 'session') return c.json(out.tokens);
    return c.json({ msg: out.kind === 'pending' ? out.message : 'Verified', code: 200 });
  });

  app.get('/verify', async (c) => verifyLink(svc, c));

  return app;
}

// Types a code sent by e-mail or by SMS verifies; GoTrue looks the user up by the identifier the
// type implies, so a code with the other identifier (or an unknown type) finds nobody.
const EMAIL_TYPES = new Set(['signup', 'invite', 'magiclink', 'email', 'recovery', 'email_change']);
const PHONE_TYPES = new Set(['sms', 'phone_change']);

/**
 * The token hash a `POST /verify` names, checked as GoTrue's `VerifyParams.Validate` and
 * `verifyUserAndToken` do: exactly one of `token` and `token_hash`; a code needs exactly one of
 * `email` (422 `Invalid email format` when malformed) and `phone`; a `token_hash` comes alone
 * and only for the e-mail link types.
 */
function verifyPostHash(svc: AuthService, type: string, body: Record<string, unknown>): string {
  const token = str(body, 'token');
  const hashed = str(body, 'token_hash');
  const email = str(body, 'email');
  const phone = str(body, 'phone');
  if (!token === !hashed) throw validationFailed('Verify requires either a token or a token hash');
  if (hashed) {
    if (email || phone || str(body, 'redirect_to')) {
      throw validationFailed('Only the token_hash and type should be provided');
    }
    if (!EMAIL_TYPES.has(type)) throw validationFailed('Invalid email verification type');
    return hashed.replace(/^pkce_/, '');
  }
  let identifier: string;
  if (phone && !email) {
    identifier = normalizePhone(phone);
    if (!PHONE_TYPES.has(type)) throw noSuchUser(svc);
  } else if (email && !phone) {
    try {
      identifier = normalizeEmail(email);
    } catch {
      throw new AuthHttpError(422, 'validation_failed', 'Invalid email format');
    }
    if (!EMAIL_TYPES.has(type)) throw noSuchUser(svc);
  } else {
    throw validationFailed('Only an email address or phone number should be provided on verify');
  }
  return tokenHash(identifier, token!);
}

// Counted like any verification attempt, then GoTrue's 403 for a user it cannot find.
function noSuchUser(svc: AuthService): AuthHttpError {
  svc.limiter.hit('tokenVerifications');
  return expiredOtp();
}

/** `GET /verify?token=…&type=…&redirect_to=…`: the e-mailed link, answered with a 303 redirect. */
async function verifyLink(svc: AuthService, c: Context): Promise<Response> {
  const redirectTo = resolveRedirect(svc.settings, c.req.query('redirect_to'));
  const token = c.req.query('token') ?? '';
  const pkce = token.startsWith('pkce_');
  const flow = pkce ? 'pkce' : 'implicit';
  const type = checkVerifyType(c.req.query('type'));
  try {
    const out = await verifyTokenHash(svc, authBase(c), type, token.replace(/^pkce_/, ''), {
      session: !pkce,
    });
    if (out.kind === 'pending') {
      return c.redirect(
        `${redirectTo.split('#')[0]}#${new URLSearchParams({ message: out.message })}`,
        303,
      );
    }
    if (out.kind === 'session') {
      const t = out.tokens;
      return c.redirect(
        implicitRedirect(redirectTo, {
          access_token: t.access_token,
          expires_at: t.expires_at as number,
          expires_in: t.expires_in as number,
          refresh_token: t.refresh_token,
          token_type: 'bearer',
          type,
        }),
        303,
      );
    }
    const r = await svc.ctx.engine.query<{ auth_code: string }>(
      `update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
        where id = (select id from auth.flow_state where user_id = $1 and authentication_method = $2
                     order by created_at desc limit 1)
        returning auth_code`,
      [out.user.id, flowMethodFor(type)],
    );
    if (!r.rows[0]) throw expiredOtp();
    return c.redirect(codeRedirect(redirectTo, r.rows[0].auth_code), 303);
  } catch (e) {
    if (!(e instanceof AuthHttpError) || e.code !== 'otp_expired') throw e;
    return c.redirect(
      errorRedirect(
        redirectTo,
        'access_denied',
        'otp_expired',
        'Email link is invalid or has expired',
        flow,
      ),
      303,
    );
  }
}
