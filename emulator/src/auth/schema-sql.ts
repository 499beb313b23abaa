/**
 * PLACEHOLDER (owned by the auth work): the `auth` schema's tables, run by the core bootstrap
 * after roles and `auth.uid()`/`auth.role()`/`auth.jwt()` exist and before user migrations, so
 * that migrations can reference `auth.users(id)`. Must be idempotent (`IF NOT EXISTS`).
 */
export const AUTH_SCHEMA_SQL = `
create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text,
  created_at timestamptz default now()
);
`;
