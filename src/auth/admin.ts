import { concat, ignoreElements, map, switchMap, type Observable } from 'rxjs';
import type { AuthApi } from './auth-api.js';
import { AuthValidationError } from './errors.js';
import { requireUuid } from './input-checks.js';
import { coldWith } from './flows/session-result.js';
import { parseUserResponse } from './session-codec.js';
import { parsePagination } from './admin-pagination.js';
import type {
  AdminUserAttributes,
  GenerateLinkParams,
  GenerateLinkResult,
  UserPage,
} from './admin-types.js';
import type { Factor, User } from './types.js';
import { AdminOAuthApi } from './oauth-server/admin-oauth-api.js';
import { AdminPasskeyApi } from './passkey/admin-passkey-api.js';

export type { AdminUserAttributes, GenerateLinkParams, GenerateLinkResult, UserPage };

export { parsePagination };

/**
 * The admin API (`auth.admin`): needs a client built with the service role key. Never use it in
 * a browser.
 *
 * @example
 * ```ts
 * admin.listUsers({ page: 2, perPage: 50 }).subscribe(({ users, total }) => …);
 * ```
 */
export class AdminApi {
  /** Factors of any user. */
  readonly mfa = {
    /** `GET /admin/users/<userId>/factors`. */
    listFactors: (params: { userId: string }): Observable<{ factors: Factor[] }> =>
      coldWith(() =>
        this.api.request('GET', `/admin/users/${requireUuid(params?.userId)}/factors`).pipe(
          map(({ data }) => ({
            factors: (Array.isArray(data) ? data : (data as { factors?: Factor[] })?.factors) ?? [],
          })),
        ),
      ),
    /** `DELETE /admin/users/<userId>/factors/<id>`. */
    deleteFactor: (params: { userId: string; id: string }): Observable<{ id: string }> =>
      coldWith(() =>
        this.api
          .request(
            'DELETE',
            `/admin/users/${requireUuid(params?.userId)}/factors/${requireUuid(params?.id, 'factor id')}`,
          )
          .pipe(map(({ data }) => (data ?? { id: params.id }) as { id: string })),
      ),
  };

  /** The OAuth 2.1 server's client registry (`/admin/oauth/clients`). */
  readonly oauth: AdminOAuthApi;
  /** Passkeys of any user. */
  readonly passkey: AdminPasskeyApi;

  constructor(private readonly api: AuthApi) {
    this.oauth = new AdminOAuthApi(api);
    this.passkey = new AdminPasskeyApi(api);
  }

  /**
   * `GET /admin/users/<uid>`.
   *
   * @example
   * ```ts
   * admin.getUserById(uid).subscribe(({ user }) => …);
   * ```
   */
  getUserById(uid: string): Observable<{ user: User }> {
    return coldWith(() =>
      this.api
        .request('GET', `/admin/users/${requireUuid(uid)}`)
        .pipe(map(({ data }) => ({ user: parseUserResponse(data) }))),
    );
  }

  /**
   * `GET /admin/users?page=&per_page=`, with the pagination headers read into the result.
   *
   * @example
   * ```ts
   * admin.listUsers({ page: 2, perPage: 50 }).subscribe(({ users, nextPage }) => …);
   * ```
   */
  listUsers(params: { page?: number; perPage?: number } = {}): Observable<UserPage> {
    return coldWith(() => {
      for (const [name, value] of Object.entries(params ?? {})) {
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1)) {
          throw new AuthValidationError(
            `listUsers: ${name} must be a positive integer, got ${String(value)}`,
          );
        }
      }
      return this.api
        .request('GET', '/admin/users', {
          query: {
            page: params?.page?.toString() ?? '',
            per_page: params?.perPage?.toString() ?? '',
          },
        })
        .pipe(
          map(({ data, headers }) => ({
            ...(data as { users: User[]; aud: string }),
            ...parsePagination(headers.get('link'), headers.get('x-total-count')),
          })),
        );
    });
  }

  /**
   * `POST /admin/users`.
   *
   * @example
   * ```ts
   * admin.createUser({ email: 'a@b.c', password: 'pw', email_confirm: true }).subscribe();
   * ```
   */
  createUser(attributes: AdminUserAttributes): Observable<{ user: User }> {
    return coldWith(() => {
      if (typeof attributes !== 'object' || attributes === null)
        throw new AuthValidationError('createUser needs attributes');
      return this.api
        .request('POST', '/admin/users', { body: attributes })
        .pipe(map(({ data }) => ({ user: parseUserResponse(data) })));
    });
  }

  /**
   * `PUT /admin/users/<uid>`.
   *
   * @example
   * ```ts
   * admin.updateUserById(uid, { app_metadata: { plan: 'pro' } }).subscribe();
   * ```
   */
  updateUserById(uid: string, attributes: AdminUserAttributes): Observable<{ user: User }> {
    return coldWith(() =>
      this.api
        .request('PUT', `/admin/users/${requireUuid(uid)}`, { body: attributes })
        .pipe(map(({ data }) => ({ user: parseUserResponse(data) }))),
    );
  }

  /**
   * Reads the user, then `DELETE /admin/users/<uid>` (`should_soft_delete`); emits the user.
   *
   * @example
   * ```ts
   * admin.deleteUser(uid, true).subscribe(); // soft delete
   * ```
   */
  deleteUser(uid: string, shouldSoftDelete = false): Observable<{ user: User }> {
    return coldWith(() => {
      requireUuid(uid);
      return this.getUserById(uid).pipe(
        switchMap((result) =>
          concat(
            this.api
              .request('DELETE', `/admin/users/${uid}`, {
                body: { should_soft_delete: shouldSoftDelete },
              })
              .pipe(ignoreElements()),
            [result],
          ),
        ),
      );
    });
  }

  /**
   * `POST /invite?redirect_to=…`.
   *
   * @example
   * ```ts
   * admin.inviteUserByEmail('a@b.c', { redirectTo: 'https://app/welcome' }).subscribe();
   * ```
   */
  inviteUserByEmail(
    email: string,
    options: { data?: object; redirectTo?: string } = {},
  ): Observable<{ user: User }> {
    return coldWith(() => {
      if (typeof email !== 'string' || !email)
        throw new AuthValidationError('An email is required');
      return this.api
        .request('POST', '/invite', {
          body: { email, data: options.data },
          redirectTo: options.redirectTo,
        })
        .pipe(map(({ data }) => ({ user: parseUserResponse(data) })));
    });
  }

  /**
   * `POST /admin/generate_link`: a signup/invite/magic-link/recovery/email-change link and OTP.
   *
   * @example
   * ```ts
   * admin.generateLink({ type: 'magiclink', email: 'a@b.c' }).subscribe(({ properties }) => …);
   * ```
   */
  generateLink(params: GenerateLinkParams): Observable<GenerateLinkResult> {
    return coldWith(() => {
      if (!params || typeof params.type !== 'string')
        throw new AuthValidationError('generateLink needs a type');
      const { options, ...rest } = params as GenerateLinkParams & { newEmail?: string };
      const body: Record<string, unknown> = { ...rest, ...options };
      if ('newEmail' in rest) {
        body.new_email = rest.newEmail;
        delete body.newEmail;
      }
      return this.api
        .request('POST', '/admin/generate_link', { body, redirectTo: options?.redirectTo })
        .pipe(
          map(({ data }) => {
            const {
              action_link,
              email_otp,
              hashed_token,
              redirect_to,
              verification_type,
              ...user
            } = (data ?? {}) as Record<string, unknown>;
            return {
              properties: { action_link, email_otp, hashed_token, redirect_to, verification_type },
              user,
            } as GenerateLinkResult;
          }),
        );
    });
  }

  /**
   * `POST /logout?scope=…` with a user's token (signs that user out).
   *
   * @example
   * ```ts
   * admin.signOut(userJwt, 'global').subscribe();
   * ```
   */
  signOut(jwt: string, scope: 'global' | 'local' | 'others' = 'global'): Observable<void> {
    return coldWith(() => {
      if (!['global', 'local', 'others'].includes(scope))
        throw new AuthValidationError(`Invalid sign-out scope "${scope}"`);
      return this.api
        .request('POST', '/logout', { query: { scope }, jwt })
        .pipe(map(() => undefined));
    });
  }
}
