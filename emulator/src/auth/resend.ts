import type { Context } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { createFlowState, readPkce } from './flow-state.js';
import { normalizeEmail, normalizePhone } from './identifiers.js';
import { sendEmailToken, sendSmsToken } from './one-time-tokens.js';
import { resolveRedirect } from './redirects.js';
import { authBase, readJson, str, type AuthService } from './service.js';
import { findUserByEmail, findUserByPhone } from './users.js';

const TYPES = ['signup', 'email_change', 'sms', 'phone_change'];

/** The identifier a resend names, validated as GoTrue's `ResendConfirmationParams.Validate`. */
function identifier(
  svc: AuthService,
  type: string,
  body: Record<string, unknown>,
): { email: string } | { phone: string } {
  const email = str(body, 'email');
  const phone = str(body, 'phone');
  if (!email && type === 'signup')
    throw validationFailed('Type provided requires an email address');
  if (!phone && type === 'sms') throw validationFailed('Type provided requires a phone number');
  if (email && phone) {
    throw validationFailed('Only an email address or phone number should be provided.');
  }
  if (email) {
    if (!svc.settings.email.enableSignup) {
      throw new AuthHttpError(400, 'email_provider_disabled', 'Email logins are disabled');
    }
    return { email: normalizeEmail(email) };
  }
  if (phone) {
    if (!svc.settings.sms.enableSignup) {
      throw new AuthHttpError(400, 'phone_provider_disabled', 'Phone logins are disabled');
    }
    return { phone: normalizePhone(phone) };
  }
  throw validationFailed('Missing email address or phone number');
}

/**
 * `POST /resend`, as GoTrue's `Resend`: the user is the one whose current e-mail or phone is
 * given (either may name the user for any type: an e-mail change of a phone user, a phone change
 * of an e-mail user); nothing is sent, and `{}` answered, when there is no such user or nothing
 * left to confirm. An e-mail change goes again to the new address, and to the current one too
 * with double confirmation; a phone change to the new number.
 *
 * @example
 * app.post('/resend', (c) => resend(svc, c));
 */
export async function resend(svc: AuthService, c: Context): Promise<Response> {
  const s = svc.settings;
  const body = await readJson(c);
  const type = str(body, 'type');
  if (!type || !TYPES.includes(type)) {
    throw validationFailed('Missing one of these types: signup, email_change, sms, phone_change');
  }
  // GoTrue checks the PKCE pair only for the e-mail types.
  const emailType = type === 'signup' || type === 'email_change';
  const pkce = emailType ? readPkce(body.code_challenge, body.code_challenge_method) : null;
  const who = identifier(svc, type, body);
  const redirectTo = resolveRedirect(s, c.req.query('redirect_to') ?? str(body, 'redirect_to'));
  const base = authBase(c);
  const messageId = await svc.ctx.engine.transaction(async (tx) => {
    const user =
      'email' in who ? await findUserByEmail(tx, who.email) : await findUserByPhone(tx, who.phone);
    if (!user) return undefined;
    const flow = async (authMethod: string) => {
      if (pkce)
        await createFlowState(tx, { userId: user.id, pkce, providerType: 'email', authMethod });
    };
    const mail = { base, userId: user.id, redirectTo, pkce: Boolean(pkce) };
    switch (type) {
      case 'signup':
        if (user.email_confirmed_at || !user.email) return undefined;
        await flow('email/signup');
        await sendEmailToken(svc, tx, {
          ...mail,
          email: user.email,
          ott: 'confirmation_token',
          type,
        });
        return undefined;
      case 'email_change':
        if (!user.email_change) return undefined;
        await flow('email_change');
        await sendEmailToken(svc, tx, {
          ...mail,
          email: user.email_change,
          ott: 'email_change_token_new',
          type,
        });
        if (s.email.doubleConfirmChanges && user.email) {
          await sendEmailToken(svc, tx, {
            ...mail,
            email: user.email,
            ott: 'email_change_token_current',
            type,
          });
        }
        await tx.query('update auth.users set email_change_sent_at = now() where id = $1', [
          user.id,
        ]);
        return undefined;
      case 'sms':
        if (user.phone_confirmed_at || !user.phone) return undefined;
        return sendSmsToken(svc, tx, {
          userId: user.id,
          phone: user.phone,
          ott: 'confirmation_token',
          type,
          channel: 'sms',
        });
      default:
        if (!user.phone_change) return undefined;
        return sendSmsToken(svc, tx, {
          userId: user.id,
          phone: user.phone_change,
          ott: 'phone_change_token',
          type: 'phone_change',
          channel: 'sms',
        });
    }
  });
  return c.json(messageId ? { message_id: messageId } : {});
}
