import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type AuthChangeEvent, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { Secret, TOTP } from 'otpauth';
import type { EmulatorHandle } from '../../src/index.js';
import { newEmail, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth]
site_url = "http://localhost:3000"
additional_redirect_urls = ["https://app.example.com/**"]
enable_anonymous_sign_ins = true
enable_manual_linking = true
refresh_token_reuse_interval = 0
[auth.external.github]
enabled = true
[auth.external.google]
enabled = true
`;

/** A Storage that keeps the session in memory, as supabase-js uses outside browsers. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('the official @supabase/supabase-js auth client against the emulator', () => {
  let emu: EmulatorHandle;
  let admin: SupabaseClient;
  const client = (flowType: 'implicit' | 'pkce' = 'implicit') =>
    createClient(emu.url, emu.anonKey, {
      auth: {
        storage: memoryStorage(),
        autoRefreshToken: false,
        persistSession: true,
        detectSessionInUrl: false,
        flowType,
      },
      realtime: { transport: ws as never },
    });

  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
    admin = createClient(emu.url, emu.serviceRoleKey, {
      auth: { autoRefreshToken: false, persistSession: false },
      realtime: { transport: ws as never },
    });
  });
  beforeEach(() => emu.mailbox.clear());
  afterAll(() => emu?.stop());

  it('signUp, signInWithPassword, getUser, updateUser, signOut with events', async () => {
    const sb = client();
    const events: AuthChangeEvent[] = [];
    sb.auth.onAuthStateChange((e) => void events.push(e));
    const email = newEmail('js');
    const up = await sb.auth.signUp({
      email,
      password: 'secret-pw',
      options: { data: { name: 'Ann' } },
    });
    expect(up.error).toBeNull();
    expect(up.data.session?.user.email).toBe(email);
    await sb.auth.signOut();
    const wrong = await sb.auth.signInWithPassword({ email, password: 'bad-password' });
    expect(wrong.error?.code).toBe('invalid_credentials');
    expect(wrong.error?.message).toBe('Invalid login credentials');
    expect(wrong.error?.status).toBe(400);
    const inn = await sb.auth.signInWithPassword({ email, password: 'secret-pw' });
    expect(inn.error).toBeNull();
    const user = await sb.auth.getUser();
    expect(user.data.user?.user_metadata).toEqual({ name: 'Ann' });
    const upd = await sb.auth.updateUser({ data: { name: 'Bob' } });
    expect(upd.data.user?.user_metadata.name).toBe('Bob');
    const out = await sb.auth.signOut();
    expect(out.error).toBeNull();
    expect((await sb.auth.getSession()).data.session).toBeNull();
    expect(events).toEqual([
      'INITIAL_SESSION',
      'SIGNED_IN',
      'SIGNED_OUT',
      'SIGNED_IN',
      'USER_UPDATED',
      'SIGNED_OUT',
    ]);
  });

  it('duplicate sign-up and weak passwords come back as typed errors', async () => {
    const sb = client();
    const email = newEmail('dup');
    await sb.auth.signUp({ email, password: 'secret-pw' });
    const dup = await sb.auth.signUp({ email, password: 'secret-pw' });
    expect(dup.error?.code).toBe('user_already_exists');
    expect(dup.error?.message).toBe('User already registered');
    const weak = await sb.auth.signUp({ email: newEmail(), password: '1' });
    expect(weak.error?.name).toBe('AuthWeakPasswordError');
    expect((weak.error as unknown as { reasons: string[] }).reasons).toEqual(['length']);
  });

  it('signInWithOtp + verifyOtp with the code from the mailbox', async () => {
    const sb = client();
    const email = newEmail('otp');
    const sent = await sb.auth.signInWithOtp({ email });
    expect(sent.error).toBeNull();
    const code = emu.mailbox.latest(email)!.token!;
    const wrong = await sb.auth.verifyOtp({
      email,
      token: '000000' === code ? '111111' : '000000',
      type: 'email',
    });
    expect(wrong.error?.code).toBe('otp_expired');
    expect(wrong.error?.message).toBe('Token has expired or is invalid');
    const ok = await sb.auth.verifyOtp({ email, token: code, type: 'email' });
    expect(ok.error).toBeNull();
    expect(ok.data.session?.user.email).toBe(email);
  });

  it('magic link: following the e-mailed link gives a fragment that setSession accepts', async () => {
    const sb = client();
    const email = newEmail('link');
    await sb.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: 'https://app.example.com/cb' },
    });
    const res = await fetch(emu.mailbox.latest(email)!.link!, { redirect: 'manual' });
    const hash = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1));
    expect(hash.get('type')).toBe('magiclink');
    const set = await sb.auth.setSession({
      access_token: hash.get('access_token')!,
      refresh_token: hash.get('refresh_token')!,
    });
    expect(set.error).toBeNull();
    expect(set.data.user?.email).toBe(email);
  });

  it('password recovery: resetPasswordForEmail, verifyOtp type recovery (PASSWORD_RECOVERY), new password', async () => {
    const sb = client();
    const email = newEmail('rec');
    await sb.auth.signUp({ email, password: 'secret-pw' });
    await sb.auth.signOut();
    emu.mailbox.clear();
    const events: AuthChangeEvent[] = [];
    sb.auth.onAuthStateChange((e) => void events.push(e));
    expect((await sb.auth.resetPasswordForEmail(email)).error).toBeNull();
    const code = emu.mailbox.latest(email)!.token!;
    const v = await sb.auth.verifyOtp({ email, token: code, type: 'recovery' });
    expect(v.error).toBeNull();
    expect(events).toContain('PASSWORD_RECOVERY');
    expect((await sb.auth.updateUser({ password: 'brand-new-pw' })).error).toBeNull();
    await sb.auth.signOut();
    expect(
      (await sb.auth.signInWithPassword({ email, password: 'brand-new-pw' })).error,
    ).toBeNull();
  });

  it('PKCE magic link: ?code= from the link, exchangeCodeForSession with the stored verifier', async () => {
    const sb = client('pkce');
    const email = newEmail('pkce');
    await sb.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: 'https://app.example.com/cb' },
    });
    const res = await fetch(emu.mailbox.latest(email)!.link!, { redirect: 'manual' });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const ex = await sb.auth.exchangeCodeForSession(code);
    expect(ex.error).toBeNull();
    expect(ex.data.session?.user.email).toBe(email);
  });

  it('OAuth (PKCE): follow the emulated provider, then exchangeCodeForSession', async () => {
    const sb = client('pkce');
    const { data, error } = await sb.auth.signInWithOAuth({
      provider: 'github',
      options: {
        redirectTo: 'https://app.example.com/cb',
        skipBrowserRedirect: true,
        scopes: 'repo user',
      },
    });
    expect(error).toBeNull();
    const toIdp = await fetch(data.url!, { redirect: 'manual' });
    const html = await (await fetch(toIdp.headers.get('location')!)).text();
    const state = /name="state" value="([^"]+)"/.exec(html)![1];
    const email = newEmail('oauth');
    const approve = await fetch(
      `${emu.url}/auth/v1/_emulator/idp/approve?state=${state}&sub=js-gh-1&email=${encodeURIComponent(email)}`,
      { redirect: 'manual' },
    );
    const back = await fetch(approve.headers.get('location')!, { redirect: 'manual' });
    const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
    const ex = await sb.auth.exchangeCodeForSession(code);
    expect(ex.error).toBeNull();
    expect(ex.data.session?.user.app_metadata.provider).toBe('github');
    expect(ex.data.session?.provider_token).toMatch(/^emulated-/);
    const ids = await sb.auth.getUserIdentities();
    expect(ids.data?.identities.map((i) => i.provider)).toEqual(['github']);
  });

  it('signInWithIdToken with a token from the test issuer', async () => {
    const sb = client();
    const email = newEmail('idt');
    const res = await fetch(
      `${emu.url}/auth/v1/_emulator/id-token?provider=google&sub=js-g-1&email=${encodeURIComponent(email)}`,
    );
    const { id_token } = (await res.json()) as { id_token: string };
    const { data, error } = await sb.auth.signInWithIdToken({
      provider: 'google',
      token: id_token,
    });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });

  it('signInAnonymously, then linking an e-mail makes the user permanent', async () => {
    const sb = client();
    const { data, error } = await sb.auth.signInAnonymously({ options: { data: { guest: 1 } } });
    expect(error).toBeNull();
    expect(data.user?.is_anonymous).toBe(true);
    const upd = await sb.auth.updateUser({ email: newEmail('perm') });
    expect(upd.data.user?.is_anonymous).toBe(false);
  });

  it('MFA: enroll TOTP, challengeAndVerify with an otpauth code, aal2, listFactors, unenroll', async () => {
    const sb = client();
    await sb.auth.signUp({ email: newEmail('mfa'), password: 'secret-pw' });
    const enrolled = await sb.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'app' });
    expect(enrolled.error).toBeNull();
    const totp = enrolled.data as { id: string; totp: { secret: string; qr_code: string } };
    expect(totp.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    const code = new TOTP({ secret: Secret.fromBase32(totp.totp.secret) }).generate();
    const events: AuthChangeEvent[] = [];
    sb.auth.onAuthStateChange((e) => void events.push(e));
    const v = await sb.auth.mfa.challengeAndVerify({ factorId: totp.id, code });
    expect(v.error).toBeNull();
    expect(events).toContain('MFA_CHALLENGE_VERIFIED');
    const aal = await sb.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(aal.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
    expect(
      aal.data?.currentAuthenticationMethods
        .map((m) => (typeof m === 'string' ? m : m.method))
        .sort(),
    ).toEqual(['password', 'totp']);
    const list = await sb.auth.mfa.listFactors();
    expect(list.data?.totp.map((f) => f.id)).toEqual([totp.id]);
    expect((await sb.auth.mfa.unenroll({ factorId: totp.id })).error).toBeNull();
    expect((await sb.auth.mfa.listFactors()).data?.all).toEqual([]);
  });

  it('refreshSession rotates; another client reusing an old refresh token is refused', async () => {
    const sb = client();
    const up = await sb.auth.signUp({ email: newEmail('rot'), password: 'secret-pw' });
    const first = up.data.session!.refresh_token;
    const r1 = await sb.auth.refreshSession();
    const r2 = await sb.auth.refreshSession();
    expect(r2.error).toBeNull();
    expect(
      new Set([first, r1.data.session!.refresh_token, r2.data.session!.refresh_token]).size,
    ).toBe(3);
    const thief = client();
    const stolen = await thief.auth.refreshSession({ refresh_token: first });
    expect(stolen.error?.code).toBe('refresh_token_already_used');
    expect(stolen.error?.message).toBe('Invalid Refresh Token: Already Used');
  });

  it('getClaims with the HS256 project secret (verified through getUser)', async () => {
    const sb = client();
    await sb.auth.signUp({ email: newEmail('claims'), password: 'secret-pw' });
    const { data, error } = await sb.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.claims).toMatchObject({ role: 'authenticated', aal: 'aal1' });
  });

  it('admin API: createUser, getUserById, updateUserById, listUsers, generateLink, inviteUserByEmail, deleteUser', async () => {
    const email = newEmail('adm');
    const created = await admin.auth.admin.createUser({
      email,
      password: 'secret-pw',
      email_confirm: true,
    });
    expect(created.error).toBeNull();
    const id = created.data.user!.id;
    expect((await admin.auth.admin.getUserById(id)).data.user?.email).toBe(email);
    const upd = await admin.auth.admin.updateUserById(id, { user_metadata: { x: 1 } });
    expect(upd.data.user?.user_metadata).toEqual({ x: 1 });
    const page = await admin.auth.admin.listUsers({ page: 1, perPage: 1 });
    expect(page.error).toBeNull();
    expect(page.data.users).toHaveLength(1);
    expect((page.data as unknown as { total: number }).total).toBeGreaterThanOrEqual(1);
    const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    expect(link.data.properties?.verification_type).toBe('magiclink');
    expect(link.data.properties?.email_otp).toMatch(/^\d{6}$/);
    const invited = await admin.auth.admin.inviteUserByEmail(newEmail('inv'));
    expect(invited.error).toBeNull();
    const factors = await admin.auth.admin.mfa.listFactors({ userId: id });
    expect(factors.data?.factors).toEqual([]);
    expect((await admin.auth.admin.deleteUser(id)).error).toBeNull();
    const gone = await admin.auth.admin.getUserById(id);
    expect(gone.error?.status).toBe(404);
    const anonAdmin = await client().auth.admin.listUsers();
    expect(anonAdmin.error?.code).toBe('not_admin');
  });
});
