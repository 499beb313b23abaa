import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthUnknownError } from '../../../../src/auth/errors.js';
import {
  browserCredentials,
  ceremony$,
  credentialJson,
  toCreationOptions,
  toRequestOptions,
  WebAuthnError,
  type WebAuthnCredentials,
} from '../../../../src/auth/passkey/index.js';
import { CREATION, REGISTRATION_JSON, REQUEST } from './fixtures.js';

afterEach(() => vi.unstubAllGlobals());

const bytesOf = (b: BufferSource | undefined) =>
  Array.from(new Uint8Array(b instanceof ArrayBuffer ? b : (b as ArrayBufferView).buffer));

/** A credentials container whose calls the test settles by hand. */
function pendingCredentials() {
  const calls: {
    options: CredentialCreationOptions & CredentialRequestOptions;
    resolve: (c: unknown) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const take = (options: never) =>
    new Promise<Credential | null>((resolve, reject) =>
      calls.push({ options, resolve: resolve as never, reject }),
    );
  const credentials: WebAuthnCredentials = { create: take, get: take };
  return { credentials, calls };
}

describe('WebAuthn options and credentials', () => {
  it('toCreationOptions decodes the base64url fields when the browser has no JSON parser', () => {
    const o = toCreationOptions(CREATION.options);
    expect(bytesOf(o.challenge)).toEqual([1, 2, 3]);
    expect(bytesOf(o.user.id)).toEqual([...Buffer.from('user')]);
    expect(o.user.name).toBe('a@b.c');
    expect(bytesOf(o.excludeCredentials![0].id)).toEqual([4, 5, 6]);
    expect(o.excludeCredentials![0].type).toBe('public-key');
    expect(o.rp).toEqual({ id: 'localhost', name: 'App' });
  });

  it('toRequestOptions decodes the challenge and keeps rpId', () => {
    const o = toRequestOptions(REQUEST.options);
    expect(bytesOf(o.challenge)).toEqual([7, 8, 9]);
    expect(o.rpId).toBe('localhost');
  });

  it("the browser's own parseCreationOptionsFromJSON / parseRequestOptionsFromJSON win", () => {
    const parseCreationOptionsFromJSON = vi.fn(() => ({ native: 'create' }));
    const parseRequestOptionsFromJSON = vi.fn(() => ({ native: 'get' }));
    vi.stubGlobal('PublicKeyCredential', {
      parseCreationOptionsFromJSON,
      parseRequestOptionsFromJSON,
    });
    expect(toCreationOptions(CREATION.options)).toEqual({ native: 'create' });
    expect(toRequestOptions(REQUEST.options)).toEqual({ native: 'get' });
    expect(parseCreationOptionsFromJSON).toHaveBeenCalledWith(CREATION.options);
  });

  it('credentialJson uses toJSON(), else encodes the response by hand', () => {
    expect(
      credentialJson({ id: 'x', type: 'public-key', toJSON: () => REGISTRATION_JSON } as never),
    ).toBe(REGISTRATION_JSON);
    const manual = credentialJson({
      id: 'cred',
      type: 'public-key',
      authenticatorAttachment: null,
      response: {
        clientDataJSON: new Uint8Array([123, 125]).buffer,
        authenticatorData: new Uint8Array([0]).buffer,
        signature: new Uint8Array([255, 254]),
        userHandle: null,
      },
      getClientExtensionResults: () => ({}),
    } as never);
    expect(manual).toEqual({
      id: 'cred',
      rawId: 'cred',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: '__4' },
      clientExtensionResults: {},
      authenticatorAttachment: undefined,
    });
  });

  it('browserCredentials is there only on a page with PublicKeyCredential and create/get', () => {
    expect(browserCredentials()).toBeUndefined();
    const credentials = { create: vi.fn(), get: vi.fn() };
    vi.stubGlobal('navigator', { credentials });
    expect(browserCredentials()).toBeUndefined();
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    vi.stubGlobal('PublicKeyCredential', class {});
    expect(browserCredentials()).toBe(credentials);
  });
});

describe('ceremony$', () => {
  it('calls create with the options and a signal; emits the credential JSON', async () => {
    const { credentials, calls } = pendingCredentials();
    const result = firstValueFrom(
      ceremony$(credentials, 'create', { challenge: new ArrayBuffer(1) } as never),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].options.signal).toBeInstanceOf(AbortSignal);
    calls[0].resolve({ toJSON: () => REGISTRATION_JSON });
    expect(await result).toBe(REGISTRATION_JSON);
    expect(calls[0].options.signal!.aborted).toBe(false);
  });

  it('passes mediation to get', () => {
    const { credentials, calls } = pendingCredentials();
    ceremony$(credentials, 'get', {} as never, { mediation: 'conditional' }).subscribe();
    expect(calls[0].options.mediation).toBe('conditional');
  });

  it('unsubscribing before the browser answers aborts the ceremony; an outer signal does too', () => {
    const { credentials, calls } = pendingCredentials();
    ceremony$(credentials, 'get', {} as never)
      .subscribe()
      .unsubscribe();
    expect(calls[0].options.signal!.aborted).toBe(true);

    const outer = new AbortController();
    ceremony$(credentials, 'get', {} as never, { signal: outer.signal }).subscribe({
      error: () => undefined,
    });
    expect(calls[1].options.signal!.aborted).toBe(false);
    outer.abort();
    expect(calls[1].options.signal!.aborted).toBe(true);
  });

  it('maps failures: AbortError, other DOMExceptions, an empty answer, no WebAuthn at all', async () => {
    const { credentials, calls } = pendingCredentials();
    const errorOf = async (settle: () => void) => {
      const p = lastValueFrom(ceremony$(credentials, 'get', {} as never)).catch((e: unknown) => e);
      settle();
      return p;
    };
    const aborted = await errorOf(() => calls.at(-1)!.reject(new DOMException('x', 'AbortError')));
    expect(aborted).toBeInstanceOf(WebAuthnError);
    expect(aborted).toMatchObject({ webAuthnCode: 'ERROR_CEREMONY_ABORTED' });
    const denied = new DOMException('The user said no', 'NotAllowedError');
    const other = await errorOf(() => calls.at(-1)!.reject(denied));
    expect(other).toMatchObject({
      webAuthnCode: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
      cause: denied,
    });
    const empty = await errorOf(() => calls.at(-1)!.resolve(null));
    expect(empty).toMatchObject({ webAuthnCode: 'ERROR_UNKNOWN' });

    const none = await lastValueFrom(ceremony$(undefined, 'create', {} as never)).catch(
      (e: unknown) => e,
    );
    expect(none).toBeInstanceOf(AuthUnknownError);
    expect((none as Error).message).toBe('Browser does not support WebAuthn');
  });
});
