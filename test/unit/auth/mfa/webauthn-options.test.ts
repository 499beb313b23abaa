import { describe, expect, it } from 'vitest';
import { layered, serializedCredential } from '../../../../src/auth/mfa/webauthn-options.js';
import { webAuthnVerifyBody } from '../../../../src/auth/mfa/webauthn-bodies.js';
import { AuthValidationError } from '../../../../src/auth/errors.js';
import { ASSERTION_JSON } from './fixtures.js';

describe('layered', () => {
  const buf = new Uint8Array([1]).buffer;
  it.each([
    ['later wins', [{ a: 1 }, { a: 2 }], { a: 2 }],
    ['undefined never overrides', [{ a: 1 }, { a: undefined }], { a: 1 }],
    ['objects merge key by key', [{ s: { x: 1, y: 1 } }, { s: { y: 2 } }], { s: { x: 1, y: 2 } }],
    ['arrays are taken whole', [{ h: ['a', 'b'] }, { h: ['c'] }], { h: ['c'] }],
    ['an object over a scalar', [{ s: 1 }, { s: { x: 1 } }], { s: { x: 1 } }],
    ['missing layers are skipped', [undefined, { a: 1 }, undefined], { a: 1 }],
  ])('%s', (_, layers, out) => {
    expect(layered(...(layers as object[]))).toEqual(out);
  });

  it('keeps binary values by reference and leaves the layers unchanged', () => {
    const base = { challenge: buf, s: { x: 1 } };
    const out = layered<{ challenge: ArrayBuffer; s: object }>(base, { s: { y: 2 } });
    expect(out.challenge).toBe(buf);
    expect(base).toEqual({ challenge: buf, s: { x: 1 } });
  });
});

describe('serializedCredential and the verify body', () => {
  it('a JSON credential as it is; a browser credential by toJSON, else by hand', () => {
    expect(serializedCredential(ASSERTION_JSON)).toBe(ASSERTION_JSON);
    const native = { id: 'x', toJSON: () => ASSERTION_JSON } as unknown as Credential;
    expect(serializedCredential(native)).toBe(ASSERTION_JSON);
    const old = {
      id: 'cred',
      response: {
        clientDataJSON: new Uint8Array([123, 125]).buffer,
        authenticatorData: new Uint8Array([0]).buffer,
        signature: new Uint8Array([0]).buffer,
      },
      getClientExtensionResults: () => ({}),
      authenticatorAttachment: null,
    } as unknown as Credential;
    expect(serializedCredential(old)).toMatchObject({
      id: 'cred',
      rawId: 'cred',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
    });
  });

  it('code or webauthn, as auth-js; a webauthn without a credential is refused', () => {
    expect(webAuthnVerifyBody({ factorId: 'f', challengeId: 'c', code: '1' })).toEqual({
      challenge_id: 'c',
      code: '1',
    });
    expect(
      webAuthnVerifyBody({
        factorId: 'f',
        challengeId: 'c',
        webauthn: { type: 'request', rpId: 'h', credential_response: ASSERTION_JSON },
      }),
    ).toEqual({
      challenge_id: 'c',
      webauthn: { type: 'request', rpId: 'h', credential_response: ASSERTION_JSON },
    });
    expect(() =>
      webAuthnVerifyBody({ factorId: 'f', challengeId: 'c', webauthn: null as never }),
    ).toThrow(AuthValidationError);
  });
});
