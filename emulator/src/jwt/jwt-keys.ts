import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyResult,
} from 'jose';
import { JwtError, type JwtKeys } from '../context.js';
import { algorithmOf, publicPart, type Jwk } from './signing-keys.js';

// PostgREST accepts tokens up to 30 s outside their validity window (clock skew).
const CLOCK_SKEW_SECONDS = 30;
const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];

/** Translates a `jose` failure into PostgREST's error code and message. */
function toJwtError(error: unknown): JwtError {
  if (error instanceof JwtError) return error;
  if (error instanceof errors.JWTExpired) return new JwtError('JWT expired', 'PGRST303');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new JwtError('JWT not yet valid', 'PGRST303');
    return new JwtError(`The JWT '${error.claim}' claim is invalid`, 'PGRST303');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new JwtError('JWSError JWSInvalidSignature', 'PGRST301');
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new JwtError('No suitable key or wrong key type', 'PGRST301');
  }
  if (error instanceof errors.JWTInvalid && /claim/.test(error.message)) {
    return new JwtError(`The JWT is invalid: ${error.message}`, 'PGRST303');
  }
  return new JwtError('JWT cryptographic operation failed', 'PGRST301');
}

/** What the project's JWTs are signed and verified with. */
export interface JwtKeyOptions {
  /** The HS256 secret (`[auth] jwt_secret`). */
  secret: string;
  /** Asymmetric keys (`[auth] signing_keys_path`); the first one signs. */
  signingKeys?: Jwk[];
}

/**
 * The project's JWT signer and verifier: HS256 with the secret, plus RS256/ES256 keys when a
 * signing keys file is configured (then the first of those signs new tokens). Verification
 * failures throw `JwtError` with PostgREST's code and message.
 *
 * @example
 * ```ts
 * const jwt = await createJwtKeys({ secret: 'super-secret-jwt-token-with-at-least-32-characters-long' });
 * const token = await jwt.sign({ sub: 'u1', role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 60 });
 * const claims = await jwt.verify(token); // { sub: 'u1', role: 'authenticated', exp: … }
 * ```
 */
export async function createJwtKeys(options: JwtKeyOptions): Promise<JwtKeys> {
  const secret = new TextEncoder().encode(options.secret);
  const asymmetric = options.signingKeys ?? [];
  const publicKeys = asymmetric.map(publicPart);
  const jwks = { keys: publicKeys };
  const keySet = publicKeys.length > 0 ? createLocalJWKSet(jwks as never) : undefined;
  const signer = asymmetric[0];
  const signerAlg = signer ? algorithmOf(signer) : 'HS256';
  // The CLI writes key_ops ["sign", "verify"], which WebCrypto refuses for a private key alone.
  const signerKey = signer
    ? await importJWK({ ...signer, key_ops: undefined, ext: undefined } as never, signerAlg)
    : secret;

  async function verify(token: string): Promise<Record<string, unknown>> {
    const parts = token.split('.').length;
    if (parts !== 3) throw new JwtError(`Expected 3 parts in JWT; got ${parts}`, 'PGRST301');
    try {
      const header = decodeProtectedHeader(token);
      const alg = typeof header.alg === 'string' ? header.alg : '';
      let result: JWTVerifyResult<JWTPayload>;
      if (HMAC_ALGORITHMS.includes(alg)) {
        result = await jwtVerify(token, secret, {
          algorithms: HMAC_ALGORITHMS,
          clockTolerance: CLOCK_SKEW_SECONDS,
        });
      } else if (keySet) {
        result = await jwtVerify(token, keySet, { clockTolerance: CLOCK_SKEW_SECONDS });
      } else {
        throw new JwtError('No suitable key or wrong key type', 'PGRST301');
      }
      const { iat } = result.payload;
      if (typeof iat === 'number' && iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
        throw new JwtError('JWT issued at future', 'PGRST303');
      }
      return result.payload as Record<string, unknown>;
    } catch (error) {
      throw toJwtError(error);
    }
  }

  return {
    async sign(claims) {
      const header: { alg: string; typ: string; kid?: string } = { alg: signerAlg, typ: 'JWT' };
      if (signer?.kid) header.kid = signer.kid;
      return new SignJWT(claims as JWTPayload).setProtectedHeader(header).sign(signerKey);
    },
    verify,
    publicJwks() {
      return { keys: publicKeys.map((k) => ({ ...k })) };
    },
  };
}
