import {
  EMPTY,
  catchError,
  concat,
  ignoreElements,
  map,
  of,
  switchMap,
  throwError,
  type Observable,
} from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { removePkceVerifier, startPkceFlow } from '../pkce.js';

// The flows' PKCE steps, apart from AuthCore: only flows that may redirect need them, and they load
// on first use, so the verifier and challenge code stays out of an app that never calls them.

/** The PKCE fields of a request body: real in PKCE mode, `null` in implicit mode (§3.1). */
export interface PkceBodyFields {
  code_challenge: string | null;
  code_challenge_method: string | null;
  /** The flow id (not sent; returned to callers such as signInWithOAuth). */
  flowId?: string;
}

/**
 * The PKCE body fields for a request that may redirect (§3.1); stores the verifier.
 *
 * @example
 * ```ts
 * pkceFields(core).subscribe(({ code_challenge }) => …);
 * ```
 */
export function pkceFields(core: AuthCore, isRecovery = false): Observable<PkceBodyFields> {
  const { flowType, storage, storageKey } = core.options;
  if (flowType !== 'pkce') return of({ code_challenge: null, code_challenge_method: null });
  return startPkceFlow(storage, storageKey, isRecovery).pipe(
    map((c) => ({
      code_challenge: c.codeChallenge,
      code_challenge_method: c.codeChallengeMethod,
      flowId: c.flowId,
    })),
  );
}

/**
 * Sends a request that may redirect with the PKCE body fields of a new flow; when the request
 * fails, that flow's verifier is removed again, as supabase-js does, so none is left behind.
 *
 * @example
 * ```ts
 * withPkce(core, (pkce) => core.api.request('POST', '/otp', { body: { email, ...pkce } }));
 * ```
 */
export function withPkce<T>(
  core: AuthCore,
  send: (fields: PkceBodyFields) => Observable<T>,
  isRecovery = false,
): Observable<T> {
  const { storage, storageKey } = core.options;
  return pkceFields(core, isRecovery).pipe(
    switchMap((fields) =>
      send(fields).pipe(
        catchError((error: unknown) =>
          concat(
            fields.flowId
              ? removePkceVerifier(storage, storageKey, fields.flowId).pipe(ignoreElements())
              : EMPTY,
            throwError(() => error),
          ),
        ),
      ),
    ),
  );
}
