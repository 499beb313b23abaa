import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';
import { AuthClient, memoryStorage, type AuthClientOptions } from 'supabase-rx/auth';

export const CONFIG = `
[auth]
site_url = "http://localhost:3000"
additional_redirect_urls = ["https://app.example.com/**"]
enable_anonymous_sign_ins = true
enable_manual_linking = true
refresh_token_reuse_interval = 0
[auth.sms]
enable_signup = true
[auth.sms.twilio]
enabled = true
[auth.external.github]
enabled = true
[auth.external.google]
enabled = true
`;

/** Starts the emulator on PGlite with a project folder holding `config.toml` (and extra files). */
export async function startAuthEmulator(
  config = CONFIG,
  files: Record<string, string> = {},
): Promise<EmulatorHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'rx-auth-'));
  await writeFile(join(dir, 'config.toml'), config);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  // SAML is off unless GoTrue's GOTRUE_SAML_ENABLED says otherwise; the SSO tests need it on.
  const saml = process.env.GOTRUE_SAML_ENABLED;
  process.env.GOTRUE_SAML_ENABLED = 'true';
  try {
    return await startEmulator({ port: 0, projectDir: dir });
  } finally {
    if (saml === undefined) delete process.env.GOTRUE_SAML_ENABLED;
    else process.env.GOTRUE_SAML_ENABLED = saml;
  }
}

/** A supabase-rx auth client against the emulator, with the anon key (or the service key). */
export function rxAuth(
  emu: EmulatorHandle,
  options: Partial<AuthClientOptions> & { key?: string } = {},
): AuthClient {
  const key = options.key ?? emu.anonKey;
  return new AuthClient({
    url: `${emu.url}/auth/v1`,
    headers: { apikey: key, Authorization: `Bearer ${key}` },
    storage: memoryStorage(),
    autoRefreshToken: false,
    ...options,
  });
}

let n = 0;
/** A fresh e-mail address per call. */
export function newEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${++n}@example.com`;
}

/** The claims of a JWT (unverified). */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** Follows the emulated identity provider: authorize URL → provider page → approve → redirect. */
export async function followIdp(
  emu: EmulatorHandle,
  authorizeUrl: string,
  sub: string,
  email: string,
): Promise<URL> {
  let url = authorizeUrl;
  let res = await fetch(url, { redirect: 'manual' });
  if (res.status >= 300 && res.status < 400) {
    url = res.headers.get('location')!;
    res = await fetch(url);
  }
  const html = await res.text();
  const state = /name="state" value="([^"]+)"/.exec(html)![1];
  const approve = await fetch(
    `${emu.url}/auth/v1/_emulator/idp/approve?state=${state}&sub=${sub}&email=${encodeURIComponent(email)}`,
    { redirect: 'manual' },
  );
  const back = await fetch(approve.headers.get('location')!, { redirect: 'manual' });
  return new URL(back.headers.get('location')!);
}
