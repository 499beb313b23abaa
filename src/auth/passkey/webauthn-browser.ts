import { Observable } from 'rxjs';
import { base64Url, base64UrlBytes } from '../base64url.js';
import { AuthUnknownError } from '../errors.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './types.js';
import { WebAuthnError, ceremonyError } from './webauthn-errors.js';

/** The part of `navigator.credentials` the ceremonies use; injectable for tests and hybrids. */
export interface WebAuthnCredentials {
  create(options: CredentialCreationOptions): Promise<Credential | null>;
  get(options: CredentialRequestOptions): Promise<Credential | null>;
}

type Json = Record<string, unknown>;
interface PublicKeyCredentialStatics {
  parseCreationOptionsFromJSON?: (o: unknown) => PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON?: (o: unknown) => PublicKeyCredentialRequestOptions;
}

const g = globalThis as {
  navigator?: { credentials?: WebAuthnCredentials };
  PublicKeyCredential?: PublicKeyCredentialStatics;
  window?: unknown;
  document?: unknown;
};

/**
 * The browser's `navigator.credentials` where WebAuthn is there (as auth-js's
 * `browserSupportsWebAuthn()`: a page, `PublicKeyCredential`, `create` and `get`), else `undefined`.
 *
 * @example
 * ```ts
 * const credentials = browserCredentials(); // undefined in Node
 * ```
 */
export function browserCredentials(): WebAuthnCredentials | undefined {
  const c = g.navigator?.credentials;
  const page = g.window !== undefined && g.document !== undefined;
  if (!page || !g.PublicKeyCredential || typeof c?.create !== 'function') return undefined;
  return typeof c.get === 'function' ? c : undefined;
}

const bytes = (s: string): ArrayBuffer => base64UrlBytes(s).buffer as ArrayBuffer;
const b64url = (buf: ArrayBuffer | ArrayBufferView): string =>
  base64Url(
    buf instanceof ArrayBuffer
      ? new Uint8Array(buf)
      : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
  );
const descriptors = (list: PublicKeyCredentialDescriptorJSON[] | undefined) =>
  list?.map((d) => ({ ...d, id: bytes(d.id), type: d.type ?? 'public-key' })) as
    PublicKeyCredentialDescriptor[] | undefined;

/**
 * The server's creation options as `navigator.credentials.create()` takes them: the browser's
 * own `PublicKeyCredential.parseCreationOptionsFromJSON` where it has one, else the binary
 * fields decoded from base64url.
 *
 * @example
 * ```ts
 * credentials.create({ publicKey: toCreationOptions(options) });
 * ```
 */
export function toCreationOptions(
  o: PublicKeyCredentialCreationOptionsJSON,
): PublicKeyCredentialCreationOptions {
  const native = g.PublicKeyCredential?.parseCreationOptionsFromJSON;
  if (typeof native === 'function') return native(o);
  return {
    ...(o as unknown as PublicKeyCredentialCreationOptions),
    challenge: bytes(o.challenge),
    user: { ...o.user, id: bytes(o.user.id) },
    excludeCredentials: descriptors(o.excludeCredentials),
  };
}

/**
 * The server's request options as `navigator.credentials.get()` takes them.
 *
 * @example
 * ```ts
 * credentials.get({ publicKey: toRequestOptions(options) });
 * ```
 */
export function toRequestOptions(
  o: PublicKeyCredentialRequestOptionsJSON,
): PublicKeyCredentialRequestOptions {
  const native = g.PublicKeyCredential?.parseRequestOptionsFromJSON;
  if (typeof native === 'function') return native(o);
  return {
    ...(o as unknown as PublicKeyCredentialRequestOptions),
    challenge: bytes(o.challenge),
    allowCredentials: descriptors(o.allowCredentials),
  };
}

/**
 * A credential as the server reads it: `toJSON()` where the browser has it (WebAuthn Level 3),
 * else the response's binary fields encoded by hand, as auth-js does.
 *
 * @example
 * ```ts
 * const json = credentialJson(await navigator.credentials.get({ publicKey }));
 * ```
 */
export function credentialJson(
  credential: Credential,
): RegistrationResponseJSON | AuthenticationResponseJSON {
  const c = credential as Credential & {
    toJSON?: () => unknown;
    rawId?: ArrayBuffer;
    response?: Record<string, unknown>;
    authenticatorAttachment?: string | null;
    getClientExtensionResults?: () => Json;
  };
  if (typeof c.toJSON === 'function') return c.toJSON() as RegistrationResponseJSON;
  const response: Json = {};
  for (const field of [
    'clientDataJSON',
    'attestationObject',
    'authenticatorData',
    'signature',
    'userHandle',
  ]) {
    const v = c.response?.[field];
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) response[field] = b64url(v);
  }
  return {
    id: c.id,
    rawId: c.id,
    type: 'public-key',
    response,
    clientExtensionResults: c.getClientExtensionResults?.() ?? {},
    authenticatorAttachment: c.authenticatorAttachment ?? undefined,
  } as unknown as RegistrationResponseJSON;
}

/** What a ceremony needs besides its options. */
export interface CeremonyOptions {
  /** An extra signal; unsubscribing aborts the ceremony anyway. */
  signal?: AbortSignal;
  mediation?: CredentialMediationRequirement;
}

/**
 * One WebAuthn ceremony as a cold Observable: subscribing calls `create` or `get`, unsubscribing
 * aborts it (its own AbortController, linked to `options.signal`). Emits the credential's JSON.
 * No credentials container is `AuthUnknownError('Browser does not support WebAuthn')`.
 *
 * @example
 * ```ts
 * ceremony$(browserCredentials(), 'get', { publicKey }).subscribe((json) => verify(json));
 * ```
 */
export function ceremony$(
  credentials: WebAuthnCredentials | undefined,
  kind: 'create' | 'get',
  publicKey: PublicKeyCredentialCreationOptions | PublicKeyCredentialRequestOptions,
  options: CeremonyOptions = {},
): Observable<RegistrationResponseJSON | AuthenticationResponseJSON> {
  return new Observable((subscriber) => {
    if (!credentials) {
      subscriber.error(new AuthUnknownError('Browser does not support WebAuthn', null));
      return;
    }
    const controller = new AbortController();
    const outer = options.signal;
    const relay = () => controller.abort(outer?.reason);
    if (outer?.aborted) relay();
    else outer?.addEventListener('abort', relay, { once: true });
    const call =
      kind === 'create'
        ? credentials.create({
            publicKey: publicKey as PublicKeyCredentialCreationOptions,
            signal: controller.signal,
          })
        : credentials.get({
            publicKey: publicKey as PublicKeyCredentialRequestOptions,
            signal: controller.signal,
            ...(options.mediation ? { mediation: options.mediation } : {}),
          });
    let settled = false;
    call.then(
      (credential) => {
        settled = true;
        if (!credential) {
          subscriber.error(new WebAuthnError('Empty credential response', 'ERROR_UNKNOWN'));
          return;
        }
        subscriber.next(credentialJson(credential));
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(ceremonyError(error));
      },
    );
    return () => {
      outer?.removeEventListener('abort', relay);
      // An unsubscribe before the browser answers ends the ceremony (its prompt closes).
      if (!settled) controller.abort();
    };
  });
}
