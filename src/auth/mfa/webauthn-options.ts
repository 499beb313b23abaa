import { credentialJson } from '../passkey/webauthn-browser.js';
import type { ServerCredentialResponse } from '../passkey/types.js';

type Plain = Record<string, unknown>;

/**
 * What auth-js 2.119 lays under the server's creation options before `navigator.credentials
 * .create()` for an MFA factor: a roaming security key, no resident key, direct attestation.
 */
export const MFA_CREATION_DEFAULTS = {
  hints: ['security-key'],
  authenticatorSelection: {
    authenticatorAttachment: 'cross-platform',
    requireResidentKey: false,
    userVerification: 'preferred',
    residentKey: 'discouraged',
  },
  attestation: 'direct',
} as const;

/** The same for `navigator.credentials.get()`. */
export const MFA_REQUEST_DEFAULTS = {
  userVerification: 'preferred',
  hints: ['security-key'],
  attestation: 'direct',
} as const;

const isPlain = (v: unknown): v is Plain =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof ArrayBuffer) &&
  !ArrayBuffer.isView(v);

/**
 * Plain objects merged key by key, later layers winning; arrays and binary values are taken
 * whole, `undefined` never overrides. Pure: the layers are not changed.
 *
 * @example
 * ```ts
 * layered({ a: { b: 1, c: 2 } }, { a: { c: 3 } }); // { a: { b: 1, c: 3 } }
 * ```
 */
export function layered<T>(...layers: readonly (object | undefined)[]): T {
  const out: Plain = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      out[key] = isPlain(value) ? layered(isPlain(out[key]) ? out[key] : undefined, value) : value;
    }
  }
  return out as T;
}

/**
 * A credential as the MFA verify body carries it: a browser's `PublicKeyCredential` serialized
 * (its `toJSON()`, else by hand), an already serialized one as it is.
 *
 * @example
 * ```ts
 * serializedCredential(await navigator.credentials.get({ publicKey })); // { id, rawId, response: {…} }
 * ```
 */
export function serializedCredential(credential: Credential | ServerCredentialResponse): unknown {
  const response = (credential as { response?: { clientDataJSON?: unknown } }).response;
  if (typeof response?.clientDataJSON === 'string') return credential;
  return credentialJson(credential as Credential);
}
