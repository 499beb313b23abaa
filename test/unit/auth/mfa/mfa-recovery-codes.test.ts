import { jsonResponse } from 'supabase-rx/testing';
import { lastValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  AuthExperimentalDisabledError,
  AuthSessionMissingError,
  AuthValidationError,
  type AuthClient,
} from 'supabase-rx/auth';
import { createClient } from 'supabase-rx';
import { tokenBody } from '../helpers.js';
import { mfaClient } from './fixtures.js';

const STATUS = { id: 'rc', type: 'recovery_code', total: 10, remaining: 9 };
const CODES = { id: 'rc', type: 'recovery_code', total: 2, codes: ['a', 'b'] };

function answer(path: string, req: { method: string }) {
  if (path === '/factors/recovery-codes' && req.method === 'GET') return jsonResponse(STATUS);
  if (path === '/factors/recovery-codes' && req.method === 'DELETE')
    return jsonResponse({ id: 'rc' });
  if (path === '/factors/recovery-codes/verify')
    return jsonResponse({ ...tokenBody(Date.now(), 3600, 'rc'), expires_at: 4_000_000_000 });
  if (path.startsWith('/factors/recovery-codes')) return jsonResponse(CODES);
  return undefined;
}

const calls: [string, (a: AuthClient) => Observable<unknown>][] = [
  ['getStatus', (a) => a.mfa.recoveryCodes.getStatus()],
  ['generate', (a) => a.mfa.recoveryCodes.generate()],
  ['verify', (a) => a.mfa.recoveryCodes.verify({ code: 'a' })],
  ['regenerate', (a) => a.mfa.recoveryCodes.regenerate()],
  ['unenroll', (a) => a.mfa.recoveryCodes.unenroll()],
];

describe('mfa.recoveryCodes', () => {
  it.each(calls)(
    '%s without experimental.recoveryCodes: auth-js’s error, typed, nothing sent',
    async (_, call) => {
      for (const flag of [undefined, false]) {
        const { auth, sent } = mfaClient(answer, { recoveryCodes: flag });
        const e = await lastValueFrom(call(auth)).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(AuthExperimentalDisabledError);
        expect((e as Error).message).toMatch(
          /^@supabase\/auth-js: the MFA recovery codes API is experimental and disabled by default\./,
        );
        expect(sent()).toEqual([]);
      }
    },
  );

  it('getStatus, generate, regenerate, unenroll: auth-js’s requests; emit the answers', async () => {
    const { auth, sent, fetch } = mfaClient(answer, { recoveryCodes: true });
    expect(await lastValueFrom(auth.mfa.recoveryCodes.getStatus())).toEqual(STATUS);
    expect(await lastValueFrom(auth.mfa.recoveryCodes.generate())).toEqual(CODES);
    await lastValueFrom(auth.mfa.recoveryCodes.generate({ friendlyName: 'Backup' }));
    expect(await lastValueFrom(auth.mfa.recoveryCodes.regenerate())).toEqual(CODES);
    expect(await lastValueFrom(auth.mfa.recoveryCodes.unenroll())).toEqual({ id: 'rc' });
    expect(sent()).toEqual([
      { method: 'GET', path: '/factors/recovery-codes', body: undefined },
      { method: 'POST', path: '/factors/recovery-codes', body: undefined },
      { method: 'POST', path: '/factors/recovery-codes', body: { friendly_name: 'Backup' } },
      { method: 'POST', path: '/factors/recovery-codes/regenerate', body: undefined },
      { method: 'DELETE', path: '/factors/recovery-codes', body: undefined },
    ]);
    for (const r of fetch.requests) expect(r.headers.authorization).toMatch(/^Bearer ey/);
  });

  it('verify sends the code, saves the session (the server’s expires_at kept), MFA_CHALLENGE_VERIFIED', async () => {
    const { auth, sent } = mfaClient(answer, { recoveryCodes: true });
    const events: string[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    const session = await lastValueFrom(auth.mfa.recoveryCodes.verify({ code: 'abcd' }));
    expect(sent()).toEqual([
      { method: 'POST', path: '/factors/recovery-codes/verify', body: { code: 'abcd' } },
    ]);
    expect(session.expires_at).toBe(4_000_000_000);
    expect(auth.session?.access_token).toBe(session.access_token);
    expect(events).toContain('MFA_CHALLENGE_VERIFIED');
  });

  it('signed out: AuthSessionMissingError; a missing code: AuthValidationError', async () => {
    const out = mfaClient(answer, { recoveryCodes: true, signedIn: false });
    await expect(lastValueFrom(out.auth.mfa.recoveryCodes.getStatus())).rejects.toBeInstanceOf(
      AuthSessionMissingError,
    );
    const { auth, sent } = mfaClient(answer, { recoveryCodes: true });
    await expect(lastValueFrom(auth.mfa.recoveryCodes.verify({} as never))).rejects.toBeInstanceOf(
      AuthValidationError,
    );
    expect(sent()).toEqual([]);
  });

  it('createClient passes auth.experimental through', async () => {
    const seen: string[] = [];
    const client = createClient('http://proj.test', 'anon', {
      auth: {
        experimental: { recoveryCodes: true },
        persistSession: false,
        autoRefreshToken: false,
      },
      global: {
        fetch: (async (url: string) => (seen.push(String(url)), Response.json({}))) as typeof fetch,
      },
    });
    // Enabled: the call gets as far as needing a session (it would error on the flag first).
    await expect(lastValueFrom(client.auth.mfa.recoveryCodes.getStatus())).rejects.toBeInstanceOf(
      AuthSessionMissingError,
    );
    const off = createClient('http://proj.test', 'anon', { auth: { persistSession: false } });
    await expect(lastValueFrom(off.auth.mfa.recoveryCodes.getStatus())).rejects.toBeInstanceOf(
      AuthExperimentalDisabledError,
    );
  });
});
