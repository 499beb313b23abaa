import { CLI_OPAQUE_KEYS } from '../config/defaults.js';
import { JwtError, type EmulatorContext, type RequestAuth } from '../context.js';

/** Why Realtime refuses a token (its own checks: no clock skew, `role` and `exp` required). */
export type TokenProblem =
  | { kind: 'malformed' }
  | { kind: 'signature' }
  | { kind: 'missing_claims' }
  | { kind: 'expired'; secondsAgo: number };

/** A token Realtime accepts: who it is and when it expires (epoch seconds). */
export interface VerifiedToken {
  auth: RequestAuth;
  exp: number;
}

function peekClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The CLI's opaque keys stand for the anon and service_role JWTs, as its gateway makes them. */
export function resolveApiKey(token: string, ctx: EmulatorContext): string {
  if (token === CLI_OPAQUE_KEYS.publishable) return ctx.keys.anonKey;
  if (token === CLI_OPAQUE_KEYS.secret) return ctx.keys.serviceRoleKey;
  return token;
}

/**
 * Verifies a token as Realtime does: the project's signature, then `exp` (strictly in the
 * future, no skew), then the `role` and `exp` claims being present.
 *
 * @example
 * ```ts
 * const result = await verifyRealtimeToken(ctx, token);
 * if ('kind' in result) console.log(result.kind); // 'expired', …
 * ```
 */
export async function verifyRealtimeToken(
  ctx: EmulatorContext,
  rawToken: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<VerifiedToken | TokenProblem> {
  const token = resolveApiKey(rawToken.trim(), ctx);
  const peeked = token.split('.').length === 3 ? peekClaims(token) : undefined;
  if (!peeked) return { kind: 'malformed' };
  let claims: Record<string, unknown>;
  try {
    claims = await ctx.jwt.verify(token);
  } catch (error) {
    if (
      error instanceof JwtError &&
      error.message === 'JWT expired' &&
      typeof peeked.exp === 'number'
    ) {
      return { kind: 'expired', secondsAgo: Math.max(0, nowSeconds - Math.floor(peeked.exp)) };
    }
    return { kind: 'signature' };
  }
  const { exp, role } = claims;
  if (typeof exp === 'number' && exp <= nowSeconds) {
    return { kind: 'expired', secondsAgo: nowSeconds - Math.floor(exp) };
  }
  if (typeof exp !== 'number' || typeof role !== 'string' || !role)
    return { kind: 'missing_claims' };
  return { auth: { role, claims, token }, exp };
}

/** True when the result is a refusal. */
export function isTokenProblem(result: VerifiedToken | TokenProblem): result is TokenProblem {
  return 'kind' in result;
}

/** Realtime's message for a refused token, as pushed in a `system` error before a shutdown. */
export function tokenProblemMessage(problem: TokenProblem): string {
  switch (problem.kind) {
    case 'expired':
      return `Token has expired ${problem.secondsAgo} seconds ago`;
    case 'missing_claims':
      return 'Fields `role` and `exp` are required in JWT';
    case 'malformed':
      return 'The token provided is not a valid JWT';
    case 'signature':
      return 'Failed to validate JWT signature';
  }
}

/** Realtime's join error reason (`<Code>: <message>`) for a refused token. */
export function tokenProblemReason(problem: TokenProblem): string {
  switch (problem.kind) {
    case 'expired':
    case 'missing_claims':
      return `InvalidJWTToken: ${tokenProblemMessage(problem)}`;
    case 'malformed':
      return `MalformedJWT: ${tokenProblemMessage(problem)}`;
    case 'signature':
      return `JwtSignatureError: ${tokenProblemMessage(problem)}`;
  }
}

/** Realtime's refusal of the WebSocket upgrade for a refused token: status and `error` text. */
export function tokenProblemUpgradeError(problem: TokenProblem): { status: number; error: string } {
  if (problem.kind === 'expired') return { status: 401, error: 'Token has expired' };
  return { status: 401, error: tokenProblemMessage(problem) };
}
