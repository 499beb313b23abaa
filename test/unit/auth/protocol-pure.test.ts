import { describe, expect, it } from 'vitest';
import {
  AuthApiError,
  AuthRetryableFetchError,
  AuthSessionMissingError,
  AuthUnknownError,
  AuthWeakPasswordError,
  parsePagination,
  siweMessage,
  siwsMessage,
  isAuthError,
} from 'supabase-rx/auth';
import { SupabaseRxError } from '../../../src/http/supabase-rx-error.js';
import { authErrorFromResponse } from '../../../src/auth/handle-error.js';
import { providerUrl } from '../../../src/auth/flows/oauth.js';
import { callbackKind, urlParameters } from '../../../src/auth/url-session.js';
import type { HttpResponse } from '../../../src/http/types.js';

function res(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    statusText: 'Status',
    headers: new Headers(headers),
    body,
    url: 'http://x/auth/v1/token',
  };
}
const V = { 'x-supabase-api-version': '2024-01-01' };

describe('error mapping (protocol.md §3.2, §3.14)', () => {
  const cases: Array<
    [
      string,
      HttpResponse,
      new (...a: never[]) => Error,
      Partial<{ status: number; code: string; message: string }>,
    ]
  > = [
    [
      'modern code when the version is echoed',
      res(400, '{"code":"invalid_credentials","message":"Invalid login credentials"}', V),
      AuthApiError,
      { status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' },
    ],
    [
      'code ignored without the echoed version, error_code used',
      res(400, '{"code":400,"error_code":"otp_expired","msg":"Token has expired or is invalid"}'),
      AuthApiError,
      { code: 'otp_expired', message: 'Token has expired or is invalid' },
    ],
    [
      'an older echoed version does not count',
      res(400, '{"code":"x","message":"m"}', { 'x-supabase-api-version': '2023-12-31' }),
      AuthApiError,
      { code: '' },
    ],
    [
      'weak password with reasons',
      res(
        422,
        '{"code":"weak_password","message":"Password is too weak","weak_password":{"reasons":["length"]}}',
        V,
      ),
      AuthWeakPasswordError,
      { status: 422, code: 'weak_password' },
    ],
    [
      'legacy weak password without code',
      res(422, '{"msg":"weak","weak_password":{"reasons":["characters"]}}'),
      AuthWeakPasswordError,
      { code: 'weak_password' },
    ],
    [
      'session_not_found',
      res(
        403,
        '{"code":"session_not_found","message":"Session from session_id claim in JWT does not exist"}',
        V,
      ),
      AuthSessionMissingError,
      { status: 400 },
    ],
    [
      '5xx JSON is retryable',
      res(503, '{"message":"down"}'),
      AuthRetryableFetchError,
      { status: 503, message: 'down' },
    ],
    [
      '52x non-JSON is retryable with statusText',
      res(522, '<html>'),
      AuthRetryableFetchError,
      { status: 522, message: 'Status' },
    ],
    ['non-JSON 4xx is unknown', res(418, 'teapot'), AuthUnknownError, { status: 418 }],
    [
      'OAuth-style error_description',
      res(400, '{"error":"invalid_grant","error_description":"Invalid Refresh Token"}'),
      AuthApiError,
      { message: 'Invalid Refresh Token' },
    ],
  ];
  for (const [name, response, cls, fields] of cases) {
    it(name, () => {
      const error = authErrorFromResponse(response);
      expect(error).toBeInstanceOf(cls);
      expect(error).toBeInstanceOf(SupabaseRxError);
      expect(isAuthError(error)).toBe(true);
      expect(error).toMatchObject(fields);
    });
  }
  it('keeps weak-password reasons', () => {
    const e = authErrorFromResponse(
      res(
        422,
        '{"code":"weak_password","message":"m","weak_password":{"reasons":["length","pwned"]}}',
        V,
      ),
    );
    expect((e as AuthWeakPasswordError).reasons).toEqual(['length', 'pwned']);
  });
});

describe('admin pagination', () => {
  it('reads whole page numbers (supabase-js keeps only the first digit)', () => {
    const link =
      '<http://x/admin/users?page=12&per_page=5>; rel="next", <http://x/admin/users?page=20&per_page=5>; rel="last"';
    expect(parsePagination(link, '100')).toEqual({ nextPage: 12, lastPage: 20, total: 100 });
  });
  it('no headers: no next page, zero total', () => {
    expect(parsePagination(null, null)).toEqual({ nextPage: null, lastPage: 0, total: 0 });
  });
});

describe('OAuth URL', () => {
  it('encodes like supabase-js: redirect_to and scopes with encodeURIComponent, the rest with URLSearchParams', () => {
    const url = providerUrl(
      'https://x/auth/v1/authorize',
      'github',
      {
        redirectTo: 'https://app/cb?a=1',
        scopes: 'repo user',
        queryParams: { prompt: 'select account' },
      },
      { code_challenge: 'abc', code_challenge_method: 's256' },
    );
    expect(url).toBe(
      'https://x/auth/v1/authorize?provider=github&redirect_to=https%3A%2F%2Fapp%2Fcb%3Fa%3D1&scopes=repo%20user&code_challenge=abc&code_challenge_method=s256&prompt=select+account',
    );
  });
});

describe('callback URLs (protocol.md §3.12)', () => {
  it('reads the fragment then the query, the query winning', () => {
    expect(urlParameters('https://app/cb?type=q&code=c#type=h&access_token=t')).toEqual({
      type: 'q',
      code: 'c',
      access_token: 't',
    });
  });
  const kinds: Array<[string, boolean, string]> = [
    [
      'https://app/#access_token=t&refresh_token=r&expires_in=3600&token_type=bearer',
      false,
      'implicit',
    ],
    ['https://app/?code=abc', true, 'pkce'],
    ['https://app/?code=abc', false, 'none'],
    ['https://app/?error=access_denied&error_code=x&error_description=no', false, 'error'],
    ['https://app/', false, 'none'],
  ];
  for (const [href, verifier, kind] of kinds) {
    it(`${href} → ${kind}`, () => {
      expect(callbackKind(urlParameters(href), new URL(href), true, verifier)).toBe(kind);
    });
  }
});

describe('web3 sign-in messages', () => {
  it('SIWE (EIP-4361) as supabase-js writes it', () => {
    const msg = siweMessage({
      domain: 'app.io',
      address: '0xAbCdEf0123456789abcdef0123456789ABCDEF01',
      uri: 'https://app.io/login',
      chainId: 1,
      statement: 'Sign in',
      nonce: '12345678',
      issuedAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(msg).toBe(
      'app.io wants you to sign in with your Ethereum account:\n0xabcdef0123456789abcdef0123456789abcdef01\n\nSign in\n\nURI: https://app.io/login\nVersion: 1\nChain ID: 1\nNonce: 12345678\nIssued At: 2026-01-01T00:00:00.000Z',
    );
  });
  it('SIWE rejects an invalid address', () => {
    expect(() =>
      siweMessage({
        domain: 'a',
        address: '0x12',
        uri: 'https://a',
        chainId: 1,
        issuedAt: new Date(),
      }),
    ).toThrow(/address/);
  });
  it('SIWS as supabase-js writes it', () => {
    expect(
      siwsMessage({
        domain: 'app.io',
        address: 'B58',
        uri: 'https://app.io/',
        issuedAt: '2026-01-01T00:00:00Z',
        nonce: 'n1',
      }),
    ).toBe(
      'app.io wants you to sign in with your Solana account:\nB58\n\nVersion: 1\nURI: https://app.io/\nIssued At: 2026-01-01T00:00:00Z\nNonce: n1',
    );
  });
});
