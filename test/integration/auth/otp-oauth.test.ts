import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { AuthApiError, type AuthChangeEvent, type OAuthResult } from 'supabase-rx/auth';
import { followIdp, newEmail, rxAuth, startAuthEmulator } from './helpers.js';

describe('supabase-rx auth against the emulator: OTP, links, recovery, PKCE, OAuth, SSO, id tokens', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator();
  });
  beforeEach(() => emu.mailbox.clear());
  afterAll(() => emu?.stop());

  it('signInWithOtp (email code from the mailbox) then verifyOtp signs in', async () => {
    const auth = rxAuth(emu);
    const email = newEmail('otp');
    const sent = await lastValueFrom(auth.signInWithOtp({ email }));
    expect(sent).toEqual({ user: null, session: null });
    const code = emu.mailbox.latest(email)!.token!;
    const { session } = await lastValueFrom(auth.verifyOtp({ email, token: code, type: 'email' }));
    expect(session?.user.email).toBe(email);
    expect(auth.session?.access_token).toBe(session?.access_token);
  });

  it('shouldCreateUser: false refuses an unknown address', async () => {
    const error = await lastValueFrom(
      rxAuth(emu).signInWithOtp({
        email: newEmail('nouser'),
        options: { shouldCreateUser: false },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthApiError);
  });

  it('a wrong code is "Token has expired or is invalid"', async () => {
    const auth = rxAuth(emu);
    const email = newEmail('bad');
    await lastValueFrom(auth.signInWithOtp({ email }));
    const error = await lastValueFrom(
      auth.verifyOtp({ email, token: '000000', type: 'email' }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'otp_expired',
      message: 'Token has expired or is invalid',
    });
  });

  it('phone OTP by SMS: messageId, then verifyOtp with the SMS code', async () => {
    const auth = rxAuth(emu);
    const phone = `+1555${Math.floor(Math.random() * 1e7)
      .toString()
      .padStart(7, '0')}`;
    await lastValueFrom(auth.signInWithOtp({ phone }));
    const sms = emu.mailbox.latest(phone.replace('+', '')) ?? emu.mailbox.latest(phone);
    expect(sms?.token).toBeTruthy();
    const { session } = await lastValueFrom(
      auth.verifyOtp({ phone, token: sms!.token!, type: 'sms' }),
    );
    expect(session).not.toBeNull();
  });

  it('resetPasswordForEmail then verifyOtp(recovery) emits PASSWORD_RECOVERY; the new password works', async () => {
    const auth = rxAuth(emu);
    const email = newEmail('rec');
    await lastValueFrom(auth.signUp({ email, password: 'secret-pw' }));
    await lastValueFrom(auth.signOut());
    await lastValueFrom(
      auth.resetPasswordForEmail(email, { redirectTo: 'https://app.example.com/reset' }),
    );
    const events: AuthChangeEvent[] = [];
    auth.onAuthStateChange((e) => events.push(e));
    const code = emu.mailbox.latest(email)!.token!;
    await lastValueFrom(auth.verifyOtp({ email, token: code, type: 'recovery' }));
    expect(events).toContain('PASSWORD_RECOVERY');
    await lastValueFrom(auth.updateUser({ password: 'brand-new-pw' }));
    await lastValueFrom(auth.signOut());
    await lastValueFrom(auth.signInWithPassword({ email, password: 'brand-new-pw' }));
  });

  it('resend sends the signup message again', async () => {
    const emu2 = await startAuthEmulator('[auth]\n[auth.email]\nenable_confirmations = true\n');
    try {
      const auth = rxAuth(emu2);
      const email = newEmail('resend');
      const up = await lastValueFrom(auth.signUp({ email, password: 'secret-pw' }));
      expect(up.session).toBeNull();
      const before = emu2.mailbox.list(email).length;
      await lastValueFrom(auth.resend({ type: 'signup', email }));
      expect(emu2.mailbox.list(email).length).toBe(before + 1);
      const { session } = await lastValueFrom(
        auth.verifyOtp({ email, token: emu2.mailbox.latest(email)!.token!, type: 'signup' }),
      );
      expect(session?.user.email_confirmed_at).toBeTruthy();
    } finally {
      await emu2.stop();
    }
  });

  it('PKCE magic link: the link redirects with ?code=, exchangeCodeForSession signs in', async () => {
    const auth = rxAuth(emu, { flowType: 'pkce' });
    const email = newEmail('pkce');
    await lastValueFrom(
      auth.signInWithOtp({ email, options: { emailRedirectTo: 'https://app.example.com/cb' } }),
    );
    const link = emu.mailbox.latest(email)!.link!;
    const res = await fetch(link, { redirect: 'manual' });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    expect(code).toBeTruthy();
    const { session, redirectType } = await lastValueFrom(auth.exchangeCodeForSession(code));
    expect(session.user.email).toBe(email);
    expect(redirectType).toBeNull();
  });

  it('OAuth with PKCE: follow the emulated provider, exchange the code', async () => {
    const auth = rxAuth(emu, { flowType: 'pkce' });
    const { url } = await lastValueFrom(
      auth.signInWithOAuth({
        provider: 'github',
        options: { redirectTo: 'https://app.example.com/cb', skipBrowserRedirect: true },
      }),
    );
    const email = newEmail('gh');
    const back = await followIdp(emu, url, 'gh-rx-1', email);
    const { session } = await lastValueFrom(
      auth.exchangeCodeForSession(back.searchParams.get('code')!),
    );
    expect(session.user.app_metadata.provider).toBe('github');
    expect(
      (await lastValueFrom(auth.getUserIdentities())).identities.map((i) => i.provider),
    ).toEqual(['github']);
  });

  it('OAuth implicit: the fragment carries a session that setSession accepts', async () => {
    const auth = rxAuth(emu);
    const { url } = await lastValueFrom(
      auth.signInWithOAuth({
        provider: 'github',
        options: { redirectTo: 'https://app.example.com/cb', skipBrowserRedirect: true },
      }),
    );
    const back = await followIdp(emu, url, 'gh-rx-2', newEmail('gh2'));
    const f = new URLSearchParams(back.hash.slice(1));
    const { user } = await lastValueFrom(
      auth.setSession({
        access_token: f.get('access_token')!,
        refresh_token: f.get('refresh_token')!,
      }),
    );
    expect(user.app_metadata.provider).toBe('github');
  });

  it('signInWithSSO by domain: the provider URL, then the round trip', async () => {
    const auth = rxAuth(emu);
    const { url } = await lastValueFrom(
      auth.signInWithSSO({
        domain: 'acme.test',
        options: { redirectTo: 'https://app.example.com/sso', skipBrowserRedirect: true },
      }),
    );
    expect(url).toContain('/_emulator/idp/authorize?state=');
    const back = await followIdp(emu, url, 'ann', 'ann@acme.test');
    expect(new URLSearchParams(back.hash.slice(1)).get('access_token')).toBeTruthy();
  });

  it('signInWithIdToken with a token from the test issuer; linkIdentity(id token); unlinkIdentity', async () => {
    const auth = rxAuth(emu);
    const email = newEmail('idt');
    const idToken = async (sub: string, mail: string) =>
      (
        (await (
          await fetch(
            `${emu.url}/auth/v1/_emulator/id-token?provider=google&sub=${sub}&email=${encodeURIComponent(mail)}`,
          )
        ).json()) as {
          id_token: string;
        }
      ).id_token;
    const { user } = await lastValueFrom(
      auth.signInWithIdToken({ provider: 'google', token: await idToken('g-rx-1', email) }),
    );
    expect(user.email).toBe(email);

    const other = rxAuth(emu);
    await lastValueFrom(other.signUp({ email: newEmail('link'), password: 'secret-pw' }));
    const events: string[] = [];
    other.onAuthStateChange((e) => events.push(e));
    await lastValueFrom(
      other.linkIdentity({ provider: 'google', token: await idToken('g-rx-2', newEmail('g2')) }),
    );
    expect(events).toContain('USER_UPDATED');
    const { identities } = await lastValueFrom(other.getUserIdentities());
    expect(identities.map((i) => i.provider).sort()).toEqual(['email', 'google']);
    await lastValueFrom(other.unlinkIdentity(identities.find((i) => i.provider === 'google')!));
    expect(
      (await lastValueFrom(other.getUserIdentities())).identities.map((i) => i.provider),
    ).toEqual(['email']);
  });

  it('linkIdentity (OAuth) emits the provider URL for the signed-in user', async () => {
    const auth = rxAuth(emu);
    await lastValueFrom(auth.signUp({ email: newEmail('lo'), password: 'secret-pw' }));
    const result = (await lastValueFrom(
      auth.linkIdentity({ provider: 'github', options: { skipBrowserRedirect: true } }),
    )) as OAuthResult;
    expect(result.url).toContain('/_emulator/idp/authorize?state=');
  });
});
