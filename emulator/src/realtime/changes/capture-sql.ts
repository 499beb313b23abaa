/**
 * How the emulator captures row changes without logical replication (PGlite has none): the
 * `supabase_realtime` publication Supabase creates, a queue table, and one row trigger function.
 * The trigger is installed on a table when a channel first subscribes to it, and only on tables
 * in the publication, so `alter publication supabase_realtime add table …` decides what streams,
 * as on Supabase. Each captured row is announced by NOTIFY with its queue id: notifications are
 * delivered in commit order, which a sequence value is not. Idempotent.
 */
export const CAPTURE_CHANNEL = 'supabase_rx_realtime_changes';

export const CAPTURE_SQL = /* sql */ `
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

create schema if not exists realtime;

create table if not exists realtime.emulator_changes (
  id bigserial primary key,
  relid oid not null,
  schema_name text not null,
  table_name text not null,
  type text not null,
  record jsonb,
  old_record jsonb,
  commit_timestamp timestamptz not null default now()
);
revoke all on realtime.emulator_changes from public;

-- security definer: the writer's role (anon, authenticated) may not write the queue itself.
create or replace function realtime.emulator_capture() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  change_id bigint;
begin
  insert into realtime.emulator_changes (relid, schema_name, table_name, type, record, old_record)
  values (
    tg_relid, tg_table_schema, tg_table_name, tg_op,
    case when tg_op = 'DELETE' then null else to_jsonb(new) end,
    case when tg_op = 'INSERT' then null else to_jsonb(old) end
  )
  returning id into change_id;
  perform pg_notify('${CAPTURE_CHANNEL}', change_id::text);
  return null;
end
$$;
`;

/** The trigger that captures one table's changes (idempotent through `create or replace`). */
export function captureTriggerSql(qualifiedTable: string): string {
  return `create or replace trigger supabase_rx_realtime_capture
    after insert or update or delete on ${qualifiedTable}
    for each row execute function realtime.emulator_capture()`;
}
