import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/engine.js';
import { AuthHttpError, validationFailed } from './errors.js';
import { pkceMatches } from './secrets.js';
import type { AuthService } from './service.js';
import { createSession, issueTokens, type TokenResponse } from './sessions.js';
import { findUserById } from './users.js';

/** How long an auth code may wait for its exchange (GoTrue: 5 minutes). */
const FLOW_STATE_TTL_MS = 5 * 60_000;

/** A PKCE challenge sent with a request that will end in a redirect. */
export interface PkceChallenge {
  challenge: string;
  method: 's256' | 'plain';
}

/**
 * Reads `code_challenge` / `code_challenge_method` (body or query); `null` for the implicit flow.
 * One without the other, or a method other than `s256`/`plain`, is 400 `validation_failed`.
 *
 * @example
 * const pkce = readPkce(body.code_challenge, body.code_challenge_method);
 */
export function readPkce(challenge: unknown, method: unknown): PkceChallenge | null {
  const hasChallenge = typeof challenge === 'string' && challenge !== '';
  const hasMethod = typeof method === 'string' && method !== '';
  if (!hasChallenge && !hasMethod) return null;
  if (!hasChallenge || !hasMethod) {
    throw validationFailed('PKCE flow requires code_challenge_method and code_challenge');
  }
  const m = (method as string).toLowerCase();
  if (m !== 's256' && m !== 'plain') {
    throw validationFailed(`code challenge method not supported: ${String(method)}`);
  }
  if ((challenge as string).length < 43 || (challenge as string).length > 128) {
    throw validationFailed('code challenge has to be between 43 and 128 characters');
  }
  return { challenge: challenge as string, method: m };
}

/**
 * Stores a PKCE flow and returns its auth code (sent back as `?code=`).
 *
 * @example
 * const code = await createFlowState(tx, { userId, pkce, providerType: 'email', authMethod: 'magiclink' });
 */
export async function createFlowState(
  db: Queryable,
  f: {
    userId: string | null;
    pkce: PkceChallenge;
    providerType: string;
    authMethod: string;
    providerToken?: string;
  },
): Promise<string> {
  const code = randomUUID();
  await db.query(
    `insert into auth.flow_state (user_id, auth_code, code_challenge_method, code_challenge,
       provider_type, authentication_method, provider_access_token, auth_code_issued_at)
     values ($1, $2, $3, $4, $5, $6, $7, now())`,
    [
      f.userId,
      code,
      f.pkce.method,
      f.pkce.challenge,
      f.providerType,
      f.authMethod,
      f.providerToken ?? null,
    ],
  );
  return code;
}

/**
 * `grant_type=pkce`: checks the verifier against the stored challenge and starts the session.
 * Unknown code → 404 `flow_state_not_found`; stale → 400 `flow_state_expired`; wrong verifier →
 * 400 `bad_code_verifier`. A code works once.
 *
 * @example
 * return c.json(await exchangePkce(svc, authBase(c), body.auth_code, body.code_verifier));
 */
export async function exchangePkce(
  svc: AuthService,
  iss: string,
  authCode: string | undefined,
  verifier: string | undefined,
): Promise<TokenResponse> {
  if (!authCode || !verifier) {
    throw validationFailed('invalid request: both auth code and code verifier should be non-empty');
  }
  return svc.ctx.engine.transaction(async (tx) => {
    const r = await tx.query<{
      id: string;
      user_id: string | null;
      code_challenge: string;
      code_challenge_method: string;
      authentication_method: string;
      provider_access_token: string | null;
      auth_code_issued_at: Date | null;
      created_at: Date;
    }>('select * from auth.flow_state where auth_code = $1', [authCode]);
    const flow = r.rows[0];
    if (!flow) {
      throw new AuthHttpError(
        404,
        'flow_state_not_found',
        'invalid flow state, no valid flow state found',
      );
    }
    const issued = new Date(flow.auth_code_issued_at ?? flow.created_at).getTime();
    if (Date.now() - issued > FLOW_STATE_TTL_MS) {
      await tx.query('delete from auth.flow_state where id = $1', [flow.id]);
      throw new AuthHttpError(400, 'flow_state_expired', 'flow state has expired');
    }
    if (!pkceMatches(flow.code_challenge_method, flow.code_challenge, verifier)) {
      throw new AuthHttpError(
        400,
        'bad_code_verifier',
        'code challenge does not match previously saved code verifier',
      );
    }
    const user = flow.user_id ? await findUserById(tx, flow.user_id) : undefined;
    if (!user) throw new AuthHttpError(404, 'user_not_found', 'User not found');
    await tx.query('delete from auth.flow_state where id = $1', [flow.id]);
    const session = await createSession(tx, user.id, flow.authentication_method);
    const extra: Record<string, unknown> = {};
    if (flow.provider_access_token) extra.provider_token = flow.provider_access_token;
    return issueTokens(svc, tx, iss, user, session, { extra });
  });
}
