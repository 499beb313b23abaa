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
    const type = checkVerifyType(str(body, 'type'));
    const token = str(body, 'token');
    const hashed = str(body, 'token_hash');
    const email = str(body, 'email');
    const phone = str(body, 'phone');
    let hash: string;
    if (hashed) hash = hashed.replace(/^pkce_/, '');
    else if (!token) throw validationFailed('Verify requires either a token or a token hash');
    else if (email && phone)
      throw validationFailed('Only an email address or phone number should be provided on verify');
    else if (email) hash = tokenHash(normalizeEmail(email), token);
    else if (phone) hash = tokenHash(normalizePhone(phone), token);
    else
      throw validationFailed('Only an email address or phone number should be provided on verify');
    const out = await verifyTokenHash(svc, authBase(c), type, hash);
    if (out.kind === 'session') return c.json(out.tokens);
    return c.json({ msg: out.kind === 'pending' ? out.message : 'Verified', code: 200 });
  });

  app.get('/verify', async (c) => verifyLink(svc, c));

  return app;
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
