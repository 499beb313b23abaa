/**
 * Supabase's `realtime` schema as far as Realtime Authorization needs it: `realtime.messages`
 * (the table whose RLS policies decide who may read and write a private channel) and
 * `realtime.topic()` (the channel being checked, for those policies to call). Idempotent.
 *
 * Supabase partitions `realtime.messages` by day; the emulator keeps one plain table, since it
 * only ever holds the rows of an authorisation check, rolled back straight after.
 */
export const REALTIME_SCHEMA_SQL = /* sql */ `
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;

create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;
grant execute on function realtime.topic() to anon, authenticated, service_role;
`;
