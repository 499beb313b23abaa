import { JwtError, type EmulatorContext, type RequestAuth } from '../context.js';
import { quoteIdent } from '../core/run-as.js';
import { UnknownRoleError } from '../core/unknown-role-error.js';
import type { Queryable } from '../db/engine.js';
import { StorageErrors, StorageHttpError, fromPgError } from './errors.js';

/** Who a request is, verified; a bad JWT is Storage's 403 `InvalidJWT`. */
export async function callerOf(ctx: EmulatorContext, request: Request): Promise<RequestAuth> {
  try {
    return await ctx.authenticate(request);
  } catch (error) {
    if (error instanceof JwtError) {
      throw new StorageHttpError('403', 'InvalidJWT', 'Unauthorized', error.message);
    }
    throw error;
  }
}

/** The service role's identity, for work Storage does as its superuser (signed URLs). */
export const SERVICE_AUTH: RequestAuth = { role: 'service_role', claims: { role: 'service_role' } };

/**
 * Runs `fn` in one transaction as `auth`'s role with its claims (so storage RLS policies apply
 * as on Supabase); permission errors become Storage's `AccessDenied`.
 *
 * @example
 * ```ts
 * const rows = await asCaller(ctx, request, auth, (tx) => tx.query('select name from storage.objects'));
 * ```
 */
export async function asCaller<T>(
  ctx: EmulatorContext,
  request: Request,
  auth: RequestAuth,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  try {
    return await ctx.runAs(
      { auth, method: request.method, path: new URL(request.url).pathname, headers },
      fn,
    );
  } catch (error) {
    if (error instanceof StorageHttpError) throw error;
    if (error instanceof UnknownRoleError) {
      throw new StorageHttpError('403', 'InvalidJWT', 'Unauthorized', error.message);
    }
    return fromPgError(error);
  }
}

/**
 * Runs `fn` inside the caller's transaction as the session's own (owner) role, then returns to
 * `role`: Storage's own bookkeeping reads (the version an upsert replaces) see every row, and
 * still lock them in the same transaction.
 *
 * @example
 * ```ts
 * const old = await privileged(tx, auth.role, () => tx.query('select version from storage.objects …'));
 * ```
 */
export async function privileged<T>(tx: Queryable, role: string, fn: () => Promise<T>): Promise<T> {
  await tx.query('set local role none');
  try {
    return await fn();
  } finally {
    await tx.query(`set local role ${quoteIdent(role)}`);
  }
}

/** The caller's user id (`sub`), when it is a UUID (the `owner` column). */
export function ownerOf(auth: RequestAuth): { owner: string | null; ownerId: string | null } {
  const sub = typeof auth.claims.sub === 'string' ? auth.claims.sub : null;
  const uuid = sub && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub);
  return { owner: uuid ? sub : null, ownerId: sub };
}

/** Throws `NoSuchBucket` unless a bucket row was found. */
export function mustExist<T>(row: T | undefined): T {
  if (!row) throw StorageErrors.noSuchBucket();
  return row;
}
