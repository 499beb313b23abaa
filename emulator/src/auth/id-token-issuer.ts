import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import { AuthHttpError } from './errors.js';

/** Claims of an id token the test issuer signs. */
export interface IdTokenRequest {
  provider: string;
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  nonce?: string;
  /** Lifetime in seconds (default 3600; negative for an already expired token). */
  expiresIn?: number;
}

/**
 * The emulator's test OpenID issuer: an RS256 key made at start-up, so a test can get an id token
 * "from Google" (`GET /auth/v1/_emulator/id-token?provider=google&sub=…&email=…`) and sign in with
 * `signInWithIdToken`. Only tokens it signed are accepted by `grant_type=id_token`.
 *
 * @example
 * const token = await issuer.issue('http://127.0.0.1:54321/auth/v1', { provider: 'google', sub: '42' });
 */
export class IdTokenIssuer {
  #keys?: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>;
  readonly kid = 'emulator-test-issuer';

  #pair() {
    this.#keys ??= generateKeyPair('RS256');
    return this.#keys;
  }

  /** The issuer URL for a given auth base URL. */
  static issuerUrl(base: string): string {
    return `${base}/_emulator/issuer`;
  }

  /** Signs an id token for `provider` with `aud` = the provider name. */
  async issue(base: string, r: IdTokenRequest): Promise<string> {
    const { privateKey } = await this.#pair();
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = { email_verified: r.emailVerified ?? true };
    if (r.email) claims.email = r.email;
    if (r.name) claims.name = r.name;
    if (r.nonce) claims.nonce = r.nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(IdTokenIssuer.issuerUrl(base))
      .setSubject(r.sub)
      .setAudience(r.provider)
      .setIssuedAt(now)
      .setExpirationTime(now + (r.expiresIn ?? 3600))
      .sign(privateKey);
  }

  /** Verifies a token it issued for `provider`; 400 `validation_failed` "Bad ID token" otherwise. */
  async verify(token: string, provider: string): Promise<JWTPayload> {
    const { publicKey } = await this.#pair();
    try {
      const { payload } = await jwtVerify(token, publicKey, { audience: provider });
      return payload;
    } catch (e) {
      throw new AuthHttpError(400, 'validation_failed', `Bad ID token: ${(e as Error).message}`);
    }
  }

  /** The public key set, served at `/auth/v1/_emulator/issuer/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    const { publicKey } = await this.#pair();
    return { keys: [{ ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }
}
