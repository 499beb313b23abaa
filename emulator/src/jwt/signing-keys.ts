import { readFile } from 'node:fs/promises';

/** A JWK as the Supabase CLI writes it in its signing keys file (private parts included). */
export type Jwk = Record<string, unknown> & { kty: string; kid?: string; alg?: string };

/**
 * A signing keys file the emulator cannot use; the message names the file and the problem.
 *
 * @example
 * ```ts
 * await loadSigningKeys('keys.json').catch((e) => e instanceof SigningKeysError && console.error(e.message));
 * ```
 */
export class SigningKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeysError';
  }
}

const ASYMMETRIC = new Set(['RSA', 'EC', 'OKP']);
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/**
 * Reads `[auth] signing_keys_path`: a JSON array of JWKs (RSA or EC, each with a `kid`), as
 * `supabase gen signing-key` writes it. The first key signs; all of them verify.
 *
 * @example
 * ```ts
 * const keys = await loadSigningKeys('supabase/signing_keys.json');
 * ```
 */
export async function loadSigningKeys(path: string): Promise<Jwk[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SigningKeysError(`Cannot read signing keys ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SigningKeysError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((key, i) => {
    if (!key || typeof key !== 'object' || typeof (key as Jwk).kty !== 'string') {
      throw new SigningKeysError(`${path}: key ${i} is not a JWK (no "kty")`);
    }
    const jwk = key as Jwk;
    if (!ASYMMETRIC.has(jwk.kty)) {
      throw new SigningKeysError(`${path}: key ${i} has kty "${jwk.kty}"; expected RSA or EC`);
    }
    if (typeof jwk.kid !== 'string' || !jwk.kid) {
      throw new SigningKeysError(`${path}: key ${i} has no "kid"`);
    }
    return jwk;
  });
}

/**
 * The public half of a JWK, as served at `/.well-known/jwks.json`.
 *
 * @example
 * ```ts
 * publicPart({ kty: 'EC', kid: 'k1', crv: 'P-256', x: '…', y: '…', d: '…' }); // no `d`, key_ops ['verify']
 * ```
 */
export function publicPart(jwk: Jwk): Jwk {
  const out: Jwk = { kty: jwk.kty };
  for (const [name, value] of Object.entries(jwk)) {
    if (!PRIVATE_MEMBERS.has(name) && name !== 'key_ops') out[name] = value;
  }
  out.key_ops = ['verify'];
  return out;
}

/**
 * The JWS algorithm a key signs with: its `alg`, else the usual one for its type.
 *
 * @example
 * ```ts
 * algorithmOf({ kty: 'RSA', kid: 'k1' }); // 'RS256'
 * ```
 */
export function algorithmOf(jwk: Jwk): string {
  if (typeof jwk.alg === 'string') return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP') return 'EdDSA';
  return jwk.crv === 'P-384' ? 'ES384' : jwk.crv === 'P-521' ? 'ES512' : 'ES256';
}
