import { compactVerify, importJWK, type JWK } from 'jose';
import { defer, from, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { base64UrlBytes } from '../base64url.js';
import { AuthInvalidJwtError } from '../errors.js';
import { decodeToken } from '../jwt-decode.js';
import type { JwtHeader, JwtPayload } from '../types.js';
import { coldWith } from './session-result.js';
import { getUser } from './user.js';

/** How long a fetched JWKS is trusted (supabase-js: 10 minutes). */
export const JWKS_TTL_MS = 10 * 60 * 1000;

/** What `getClaims` emits: the verified claims, the header and the raw signature. */
export interface ClaimsResult {
  claims: JwtPayload;
  header: JwtHeader;
  signature: Uint8Array;
}

/** Options of `getClaims`. */
export interface GetClaimsOptions {
  /** Verification keys to use before fetching the JWKS. */
  keys?: JWK[];
  jwks?: { keys: JWK[] };
  /** Accept an expired token (signature still checked). */
  allowExpired?: boolean;
}

const ALGORITHMS: Record<string, true> = { RS256: true, ES256: true };

/**
 * Verifies JWTs against the auth server's JWKS, fetched from `/.well-known/jwks.json` and cached
 * for {@link JWKS_TTL_MS} on the client's scheduler; imported keys are cached too, so repeated
 * verifications cost one signature check each.
 *
 * @example
 * ```ts
 * const verifier = new ClaimsVerifier(core);
 * verifier.getClaims().subscribe((result) => console.log(result?.claims.sub));
 * ```
 */
export class ClaimsVerifier {
  #jwks: { keys: JWK[]; fetchedAt: number } | null = null;
  readonly #imported = new Map<string, Promise<CryptoKey | Uint8Array>>();

  constructor(private readonly core: AuthCore) {}

  /**
   * The claims of `jwt` (default: the session's access token; `null` when signed out), verified
   * locally for RS256/ES256 or by `GET /user` for HS256 and tokens without a `kid`.
   */
  getClaims(jwt?: string, options: GetClaimsOptions = {}): Observable<ClaimsResult | null> {
    return coldWith(() => {
      const token$ =
        jwt !== undefined
          ? of(jwt)
          : this.core.currentSession().pipe(map((s) => s?.access_token ?? null));
      return token$.pipe(
        switchMap((token) => (token === null ? of(null) : this.#verify(token, options))),
      );
    });
  }

  #verify(token: string, options: GetClaimsOptions): Observable<ClaimsResult> {
    return defer(() => {
      const { header, payload } = decodeToken(token);
      if (
        !options.allowExpired &&
        (typeof payload.exp !== 'number' || payload.exp * 1000 <= this.core.now())
      ) {
        throw new AuthInvalidJwtError('JWT has expired');
      }
      const signature = base64UrlBytes(token.split('.')[2]);
      const result: ClaimsResult = { claims: payload, header, signature };
      const asymmetric = ALGORITHMS[header.alg] && header.kid && globalThis.crypto?.subtle;
      if (!asymmetric) return getUser(this.core, token).pipe(map(() => result));
      return this.#key(header.kid as string, header.alg, options).pipe(
        switchMap((key) =>
          from(
            compactVerify(token, key).then(
              () => result,
              () => {
                throw new AuthInvalidJwtError('Invalid JWT signature');
              },
            ),
          ),
        ),
      );
    });
  }

  #key(kid: string, alg: string, options: GetClaimsOptions): Observable<CryptoKey | Uint8Array> {
    return defer(() => {
      const given = [...(options.keys ?? []), ...(options.jwks?.keys ?? [])].find(
        (k) => k.kid === kid,
      );
      if (given) return from(this.#import(given, alg));
      const fresh =
        this.#jwks && this.core.now() - this.#jwks.fetchedAt < JWKS_TTL_MS ? this.#jwks : null;
      const cachedKey = fresh?.keys.find((k) => k.kid === kid);
      const keys$ = cachedKey ? of(fresh!.keys) : this.#fetchJwks();
      return keys$.pipe(
        switchMap((keys) => {
          const jwk = keys.find((k) => k.kid === kid);
          if (!jwk) throw new AuthInvalidJwtError('No matching signing key found in JWKS');
          return from(this.#import(jwk, alg));
        }),
      );
    });
  }

  #fetchJwks(): Observable<JWK[]> {
    return this.core.api.request('GET', '/.well-known/jwks.json').pipe(
      map(({ data }) => {
        const keys = Array.isArray((data as { keys?: unknown })?.keys)
          ? (data as { keys: JWK[] }).keys
          : [];
        this.#jwks = { keys, fetchedAt: this.core.now() };
        this.#imported.clear();
        return keys;
      }),
    );
  }

  #import(jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
    const id = `${jwk.kid}:${alg}`;
    let key = this.#imported.get(id);
    if (!key) {
      key = importJWK(jwk, alg).catch((cause: unknown) => {
        this.#imported.delete(id);
        throw new AuthInvalidJwtError(
          `The signing key ${String(jwk.kid)} could not be used: ${(cause as Error).message}`,
        );
      });
      this.#imported.set(id, key);
    }
    return key;
  }
}
