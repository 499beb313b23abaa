import type { Context } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { resolveExternalUser } from './external-identity.js';
import { requireUser } from './request-user.js';
import { sha256Hex } from './secrets.js';
import { authBase, str, type AuthService } from './service.js';
import { addAmr, createSession, issueTokens, type TokenResponse } from './sessions.js';

/**
 * `grant_type=id_token`: signs in (or, with `link_identity` and a user's bearer, links) the
 * identity in an OpenID id token from the emulator's test issuer. The provider must be enabled;
 * a `nonce` claim must match the SHA-256 of the `nonce` sent (or the nonce itself).
 *
 * @example
 * return c.json(await idTokenGrant(svc, c, body));
 */
export async function idTokenGrant(
  svc: AuthService,
  c: Context,
  body: Record<string, unknown>,
): Promise<TokenResponse> {
  const provider = str(body, 'provider');
  const idToken = str(body, 'id_token');
  const nonce = str(body, 'nonce');
  if (!provider) throw validationFailed('provider or client_id and issuer required');
  if (!idToken) throw validationFailed('id_token required');
  if (!svc.settings.externalProviders.has(provider)) {
    throw new AuthHttpError(
      400,
      'provider_disabled',
      `Provider (issuer "${provider}") is not enabled`,
    );
  }
  const claims = await svc.issuer.verify(idToken, provider);
  const tokenNonce = typeof claims.nonce === 'string' ? claims.nonce : undefined;
  if (Boolean(tokenNonce) !== Boolean(nonce)) {
    throw validationFailed('Passed nonce and nonce in id_token should either both exist or not.');
  }
  if (tokenNonce && nonce && tokenNonce !== sha256Hex(nonce) && tokenNonce !== nonce) {
    throw validationFailed('Nonces mismatch');
  }
  const linking = body.link_identity === true ? await requireUser(svc, c) : undefined;
  if (linking && !svc.settings.enableManualLinking) {
    throw new AuthHttpError(404, 'manual_linking_disabled', 'Manual linking is disabled');
  }
  const base = authBase(c);
  return svc.ctx.engine.transaction(async (tx) => {
    const user = await resolveExternalUser(
      svc,
      tx,
      {
        provider,
        sub: String(claims.sub),
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: claims.email_verified !== false,
        name: typeof claims.name === 'string' ? claims.name : undefined,
        claims: { iss: claims.iss },
      },
      linking?.user,
    );
    if (linking) {
      await addAmr(tx, linking.session.id, 'oauth');
      return issueTokens(svc, tx, base, user, linking.session);
    }
    const session = await createSession(tx, user.id, 'oauth');
    return issueTokens(svc, tx, base, user, session);
  });
}
