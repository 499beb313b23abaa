import { firstValueFrom, isObservable, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import {
  AuthApiError,
  AuthSessionMissingError,
  AuthWeakPasswordError,
  type AuthChangeEvent,
} from 'supabase-rx/auth';
import { claimsOf, newEmail, rxAuth, startAuthEmulator } from './helpers.js';

describe('supabase-rx auth against the emulator: password, session, user', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator();
  });
  beforeEach(() => emu.mailbox.clear());
  afterAll(() => emu?.stop());

  it('signUp, wrong password, signInWithPassword, getUser, updateUser, signOut — with events in order', async () => {
    const auth = rxAuth(emu);
    const events: AuthChangeEvent[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    const email = newEmail('pw');
    const up = await lastValueFrom(
      auth.signUp({ email, password: 'secret-pw', options: { data: { name: 'Ann' } } }),
    );
    expect(up.session?.user.email).toBe(email);
    await lastValueFrom(auth.signOut());
    const wrong = await lastValueFrom(
      auth.signInWithPassword({ email, password: 'bad-password' }),
    ).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthApiError);
    expect(wrong).toMatchObject({
      status: 400,
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
    });
    const { session } = await lastValueFrom(
      auth.signInWithPassword({ email, password: 'secret-pw' }),
    );
    expect(claimsOf(session.access_token)).toMatchObject({
      email,
      role: 'authenticated',
      aal: 'aal1',
    });
    expect((await lastValueFrom(auth.getUser())).user.user_metadata).toEqual({ name: 'Ann' });
    const updated = await lastValueFrom(auth.updateUser({ data: { name: 'Bob' } }));
    expect(updated.user.user_metadata.name).toBe('Bob');
    expect(auth.user?.user_metadata.name).toBe('Bob');
    await lastValueFrom(auth.signOut());
    expect(auth.session).toBeNull();
    expect(events).toEqual([
      'INITIAL_SESSION',
      'SIGNED_IN',
      'SIGNED_OUT',
      'SIGNED_IN',
      'USER_UPDATED',
      'SIGNED_OUT',
    ]);
    await expect(lastValueFrom(auth.getUser())).rejects.toBeInstanceOf(AuthSessionMissingError);
  });

  it('a weak password is an AuthWeakPasswordError with reasons; a duplicate sign-up is refused', async () => {
    const auth = rxAuth(emu);
    const weak = await lastValueFrom(auth.signUp({ email: newEmail('weak'), password: '1' })).catch(
      (e: unknown) => e,
    );
    expect(weak).toBeInstanceOf(AuthWeakPasswordError);
    expect((weak as AuthWeakPasswordError).reasons.length).toBeGreaterThan(0);
    const email = newEmail('dup');
    await lastValueFrom(auth.signUp({ email, password: 'secret-pw' }));
    const dup = await lastValueFrom(rxAuth(emu).signUp({ email, password: 'secret-pw' })).catch(
      (e: unknown) => e,
    );
    expect(dup).toMatchObject({ code: 'user_already_exists', message: 'User already registered' });
  });

  it('refreshSession rotates the refresh token; a reused token is refused and signs out the client holding it', async () => {
    const auth = rxAuth(emu);
    const up = await lastValueFrom(auth.signUp({ email: newEmail('rot'), password: 'secret-pw' }));
    const first = up.session!.refresh_token;
    const r1 = await lastValueFrom(auth.refreshSession());
    const r2 = await lastValueFrom(auth.refreshSession());
    expect(new Set([first, r1.session.refresh_token, r2.session.refresh_token]).size).toBe(3);
    // Another client restores a stale copy: expired access token, refresh token two rotations old.
    const stale = {
      ...up.session!,
      access_token: expired(up.session!.access_token),
      expires_at: Math.floor(Date.now() / 1000) - 60,
    };
    const storage = new Map([['sb-127-auth-token', JSON.stringify(stale)]]);
    const other = rxAuth(emu, {
      autoRefreshToken: true,
      storage: {
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
        removeItem: (k) => void storage.delete(k),
      },
    });
    const events: string[] = [];
    other.onAuthStateChange((e) => events.push(e));
    await lastValueFrom(other.initialize(), { defaultValue: undefined });
    other.dispose();
    expect(events).toEqual(['SIGNED_OUT', 'INITIAL_SESSION']);
    expect(other.session).toBeNull();
    expect(storage.has('sb-127-auth-token')).toBe(false);
    const reused = await lastValueFrom(rxAuth(emu).refreshSession({ refresh_token: first })).catch(
      (e: unknown) => e,
    );
    expect(reused).toBeInstanceOf(AuthApiError);
    expect(reused).toMatchObject({
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    });
    // The rotated session is untouched.
    expect((await lastValueFrom(auth.getUser())).user.id).toBe(up.user!.id);
  });

  it('setSession with an unexpired token checks it with GET /user and emits SIGNED_IN', async () => {
    const a = rxAuth(emu);
    const { session } = await lastValueFrom(
      a.signUp({ email: newEmail('set'), password: 'secret-pw' }),
    );
    const b = rxAuth(emu);
    const events: string[] = [];
    b.onAuthStateChange((e) => events.push(e));
    const result = await lastValueFrom(
      b.setSession({ access_token: session!.access_token, refresh_token: session!.refresh_token }),
    );
    expect(result.user.id).toBe(session!.user.id);
    expect(events).toEqual(['INITIAL_SESSION', 'SIGNED_IN']);
    expect((await lastValueFrom(b.getSession())).session?.access_token).toBe(session!.access_token);
  });

  it('signOut scopes: others keeps this session, global ends every session', async () => {
    const email = newEmail('scope');
    const a = rxAuth(emu);
    const b = rxAuth(emu);
    await lastValueFrom(a.signUp({ email, password: 'secret-pw' }));
    await lastValueFrom(b.signInWithPassword({ email, password: 'secret-pw' }));
    await lastValueFrom(a.signOut({ scope: 'others' }));
    expect(a.session).not.toBeNull();
    const refreshB = await lastValueFrom(b.refreshSession()).catch((e: unknown) => e);
    expect(refreshB).toBeInstanceOf(AuthApiError);
    await lastValueFrom(a.signOut({ scope: 'global' }));
    expect(a.session).toBeNull();
  });

  it('signInAnonymously, then updateUser with an email makes the user permanent', async () => {
    const auth = rxAuth(emu);
    const { user } = await lastValueFrom(
      auth.signInAnonymously({ options: { data: { guest: 1 } } }),
    );
    expect(user?.is_anonymous).toBe(true);
    const { user: after } = await lastValueFrom(auth.updateUser({ email: newEmail('perm') }));
    expect(after.is_anonymous).toBe(false);
  });

  it('reauthenticate sends a nonce to the mailbox; updateUser accepts the password change with it', async () => {
    const auth = rxAuth(emu);
    const email = newEmail('reauth');
    await lastValueFrom(auth.signUp({ email, password: 'secret-pw' }));
    await lastValueFrom(auth.reauthenticate());
    const nonce = emu.mailbox.latest(email)?.token;
    expect(nonce).toMatch(/^\d{6}$/);
    await lastValueFrom(auth.updateUser({ password: 'another-pw', nonce }));
    await lastValueFrom(auth.signOut());
    await lastValueFrom(auth.signInWithPassword({ email, password: 'another-pw' }));
    expect(auth.session).not.toBeNull();
  });

  it('getClaims falls back to GET /user for HS256 tokens; tokenSource serves the session token', async () => {
    const auth = rxAuth(emu);
    const { session } = await lastValueFrom(
      auth.signUp({ email: newEmail('claims'), password: 'secret-pw' }),
    );
    const claims = await lastValueFrom(auth.getClaims());
    expect(claims?.claims.sub).toBe(session!.user.id);
    expect(claims?.header.alg).toBe('HS256');
    const token = auth.tokenSource.token();
    // A fresh session's token is served synchronously; a stale one through an Observable.
    expect(isObservable(token) ? await firstValueFrom(token) : token).toBe(session!.access_token);
    const tampered = session!.access_token.slice(0, -4) + 'AAAA';
    await expect(lastValueFrom(auth.getClaims(tampered))).rejects.toBeInstanceOf(AuthApiError);
  });
});

/** The same token with its `exp` in the past (unsigned — only the client reads it). */
function expired(jwt: string): string {
  const [h, , s] = jwt.split('.');
  const payload = { ...claimsOf(jwt), exp: Math.floor(Date.now() / 1000) - 60 };
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}
