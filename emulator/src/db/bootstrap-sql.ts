/**
 * The SQL that makes a bare Postgres database look like a Supabase project's: its roles, the
 * `extensions` and `auth` schemas, the `auth.*()` helpers that RLS policies call, and the
 * grants PostgREST relies on. Every statement is idempotent, so it runs at every start.
 */

/**
 * Cluster-wide roles, as supabase/postgres makes them: the API roles granted to `authenticator`
 * (the only roles a request's JWT may name), `supabase_admin`, and the auth and storage service
 * accounts. Created only when missing, since on a shared server another database (or another
 * emulator) may have made them already.
 */
export const ROLES_SQL = /* sql */ `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_admin') then
    begin
      create role supabase_admin login superuser createdb createrole replication bypassrls;
    exception when insufficient_privilege then
      -- Connected as a non-superuser (a managed server): the role exists, without superpowers.
      create role supabase_admin login;
    end;
  end if;
  -- The service accounts of Supabase's auth and storage servers (supabase/postgres's roles).
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    begin
      create role supabase_auth_admin login noinherit createrole noreplication;
    exception when insufficient_privilege then
      create role supabase_auth_admin login noinherit;
    end;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_storage_admin') then
    begin
      create role supabase_storage_admin login noinherit createrole noreplication;
    exception when insufficient_privilege then
      create role supabase_storage_admin login noinherit;
    end;
  end if;
  if not pg_has_role('authenticator', 'anon', 'member') then
    grant anon to authenticator;
  end if;
  if not pg_has_role('authenticator', 'authenticated', 'member') then
    grant authenticated to authenticator;
  end if;
  if not pg_has_role('authenticator', 'service_role', 'member') then
    grant service_role to authenticator;
  end if;
  -- Storage switches to the request's role through authenticator, as on Supabase.
  begin
    if not pg_has_role('supabase_storage_admin', 'authenticator', 'member') then
      grant authenticator to supabase_storage_admin;
    end if;
    -- Supabase revoked this early grant: a token claiming supabase_admin is refused.
    if exists (
      select 1 from pg_auth_members m
      where m.roleid = 'supabase_admin'::regrole and m.member = 'authenticator'::regrole
    ) then
      revoke supabase_admin from authenticator;
    end if;
  exception when insufficient_privilege then
    raise notice 'service role grants skipped (not a superuser): %', sqlerrm;
  end;
end
$$;
`;

/** Schemas, extensions, `auth.*()` helpers, grants and the schema-reload triggers of one database. */
export const DATABASE_SQL = /* sql */ `
create schema if not exists extensions;
create schema if not exists auth;
grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;

-- Supabase installs these in every project; a server without the contrib package still starts.
do $$
begin
  create extension if not exists pgcrypto with schema extensions;
exception when others then
  raise notice 'pgcrypto is not available: %', sqlerrm;
end
$$;
do $$
begin
  create extension if not exists "uuid-ossp" with schema extensions;
exception when others then
  raise notice 'uuid-ossp is not available: %', sqlerrm;
end
$$;

-- The request's claims, as PostgREST sets them (request.jwt.claims), with the legacy
-- per-claim settings (request.jwt.claim.sub, …) taking precedence as in Supabase.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email()
  to anon, authenticated, service_role;

-- Supabase's privileges on public: the API roles may use everything there, and RLS policies
-- (not grants) decide which rows each caller sees.
grant usage on schema public to anon, authenticated, service_role;
grant all on all tables in schema public to anon, authenticated, service_role;
grant all on all sequences in schema public to anon, authenticated, service_role;
grant all on all functions in schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

-- As in Supabase, any DDL asks the API to reload its schema cache.
create or replace function extensions.pgrst_ddl_watch() returns event_trigger
language plpgsql
as $$
begin
  notify pgrst, 'reload schema';
end
$$;
-- Event triggers need a superuser; without one, DDL through the emulator still refreshes the cache.
do $$
begin
  if not exists (select 1 from pg_event_trigger where evtname = 'pgrst_ddl_watch') then
    create event trigger pgrst_ddl_watch on ddl_command_end
      execute procedure extensions.pgrst_ddl_watch();
  end if;
  if not exists (select 1 from pg_event_trigger where evtname = 'pgrst_drop_watch') then
    create event trigger pgrst_drop_watch on sql_drop
      execute procedure extensions.pgrst_ddl_watch();
  end if;
exception when insufficient_privilege then
  raise notice 'no event triggers (not a superuser): %', sqlerrm;
end
$$;

-- Where the Supabase CLI records applied migrations; the emulator reads and writes it the same way.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
`;
