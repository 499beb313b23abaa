/**
 * The tables of passkeys and WebAuthn MFA, run inside {@link AUTH_SCHEMA_SQL}. `mfa_factors`
 * and `mfa_challenges` get Supabase's own WebAuthn columns (`web_authn_credential`,
 * `web_authn_aaguid`, `web_authn_session_data`); passkeys live in the emulator's
 * `auth.webauthn_credentials` and their ceremonies in `auth.webauthn_challenges`. Idempotent.
 *
 * @example
 * const sql = `${AUTH_TABLES}${WEBAUTHN_SCHEMA_SQL}`;
 */
export const WEBAUTHN_SCHEMA_SQL = `
alter table auth.mfa_factors
  add column if not exists web_authn_credential jsonb,
  add column if not exists web_authn_aaguid uuid;
alter table auth.mfa_challenges add column if not exists web_authn_session_data jsonb;

create table if not exists auth.webauthn_credentials (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  credential_id text not null unique,
  public_key text not null,
  sign_count bigint not null default 0,
  transports jsonb not null default '[]'::jsonb,
  aaguid uuid,
  friendly_name text,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists webauthn_credentials_user_id_idx on auth.webauthn_credentials (user_id);

create table if not exists auth.webauthn_challenges (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references auth.users (id) on delete cascade,
  challenge_type text not null check (challenge_type in ('registration', 'authentication')),
  challenge text not null,
  ip_address text,
  created_at timestamptz not null default now()
);
`;
