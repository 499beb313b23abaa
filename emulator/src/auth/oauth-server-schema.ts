/**
 * The tables of GoTrue's OAuth 2.1 server (clients, authorization requests, consents) and the
 * session columns that tie a session to the client it was issued to. Idempotent, spliced into
 * {@link AUTH_SCHEMA_SQL}.
 *
 * @example
 * await engine.exec(OAUTH_SERVER_SCHEMA_SQL);
 */
export const OAUTH_SERVER_SCHEMA_SQL = `
create table if not exists auth.oauth_clients (
  id uuid primary key default gen_random_uuid(),
  client_secret_hash text,
  registration_type text not null check (registration_type in ('dynamic', 'manual')),
  client_type text not null check (client_type in ('public', 'confidential')),
  token_endpoint_auth_method text not null,
  redirect_uris text[] not null default '{}',
  grant_types text[] not null default '{}',
  client_name text,
  client_uri text,
  logo_uri text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

create table if not exists auth.oauth_authorizations (
  id uuid primary key default gen_random_uuid(),
  authorization_id text not null unique,
  client_id uuid not null references auth.oauth_clients (id) on delete cascade,
  user_id uuid references auth.users (id) on delete cascade,
  redirect_uri text not null,
  scope text not null,
  state text,
  resource text,
  code_challenge text,
  code_challenge_method text,
  nonce text,
  status text not null default 'pending'
    check (status in ('pending', 'approved', 'denied', 'expired')),
  authorization_code text unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  approved_at timestamptz
);

create table if not exists auth.oauth_consents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  client_id uuid not null references auth.oauth_clients (id) on delete cascade,
  scopes text not null,
  granted_at timestamptz not null default now(),
  revoked_at timestamptz,
  unique (user_id, client_id)
);

alter table auth.sessions
  add column if not exists oauth_client_id uuid,
  add column if not exists scopes text;
`;
