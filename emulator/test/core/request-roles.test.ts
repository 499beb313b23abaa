import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';

// A project migration as a user writes it: one role granted to authenticator, one not.
// Roles are cluster-wide on the server engine, hence the guards.
const MIGRATION = `
create table public.items (id int primary key, name text);
insert into public.items values (1, 'one');
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'rx_roles_granted') then
    create role rx_roles_granted nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'rx_roles_ungranted') then
    create role rx_roles_ungranted nologin;
  end if;
end
$$;
grant usage on schema public to rx_roles_granted, rx_roles_ungranted;
grant select on public.items to rx_roles_granted, rx_roles_ungranted;
grant rx_roles_granted to authenticator;
`;

interface Case {
  role: string;
  status: number;
  body?: Record<string, unknown>;
}

const denied = (role: string): Case => ({
  role,
  status: 403,
  body: {
    code: '42501',
    details: null,
    hint: null,
    message: `permission denied to set role "${role}"`,
  },
});

const CASES: Case[] = [
  { role: 'anon', status: 200 },
  { role: 'authenticated', status: 200 },
  { role: 'service_role', status: 200 },
  { role: 'rx_roles_granted', status: 200 },
  // authenticator may be itself, but it holds no grant on the table.
  {
    role: 'authenticator',
    status: 403,
    body: { code: '42501', message: 'permission denied for table items' },
  },
  denied('postgres'),
  denied('supabase_admin'),
  denied('supabase_auth_admin'),
  denied('supabase_storage_admin'),
  denied('rx_roles_ungranted'),
  {
    role: 'rx_roles_missing',
    status: 401,
    body: {
      code: '22023',
      details: null,
      hint: null,
      message: 'role "rx_roles_missing" does not exist',
    },
  },
];

describe.each(testEngines())('request roles as behind PostgREST, on %s', (engine) => {
  let emu: EmulatorHandle;
  let dir: string;
  const token = (role: string, sub = '00000000-0000-4000-8000-000000000001') =>
    new SignJWT({ role, sub, aud: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(emu.jwtSecret));
  const get = async (jwt: string, path = 'items?select=id,name') => {
    const res = await fetch(`${emu.url}/rest/v1/${path}`, {
      headers: { apikey: emu.anonKey, authorization: `Bearer ${jwt}` },
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roles-'));
    await mkdir(join(dir, 'migrations'));
    await writeFile(join(dir, 'config.toml'), '');
    await writeFile(join(dir, 'migrations', '20240101000000_roles.sql'), MIGRATION);
    emu = await startTestEmulator({ engine, projectDir: dir });
  });
  afterAll(async () => {
    await emu?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(CASES)('a JWT with role $role → $status', async ({ role, status, body }) => {
    const res = await get(await token(role));
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body).toEqual([{ id: 1, name: 'one' }]);
    else expect(res.body).toMatchObject(body!);
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it("refuses the token of a user the admin API created with role 'postgres'", async () => {
    const auth = (path: string, init: RequestInit & { key?: string } = {}) =>
      fetch(`${emu.url}/auth/v1${path}`, {
        ...init,
        headers: {
          apikey: emu.anonKey,
          authorization: `Bearer ${init.key ?? emu.anonKey}`,
          'content-type': 'application/json',
        },
      });
    const email = `pg-role-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const created = await auth('/admin/users', {
      method: 'POST',
      key: emu.serviceRoleKey,
      body: JSON.stringify({ email, password: 'secret-pw', email_confirm: true, role: 'postgres' }),
    });
    expect(created.status).toBe(200);
    expect(((await created.json()) as { role: string }).role).toBe('postgres');
    const signIn = await auth('/token?grant_type=password', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'secret-pw' }),
    });
    const session = (await signIn.json()) as { access_token: string };
    expect(signIn.status).toBe(200);
    const res = await get(session.access_token);
    expect(res).toMatchObject({ status: 403, body: denied('postgres').body });
  });

  it('a role granted to authenticator outside the emulator counts at once', async () => {
    // A fresh name each run: roles are global to a PostgreSQL server, and a grant left by an
    // earlier run would already be in the emulator's membership cache.
    const role = `rx_roles_later_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    await emu.db.exec(`
      create role ${role} nologin;
      grant usage on schema public to ${role};
      grant select on public.items to ${role};`);
    try {
      const jwt = await token(role);
      expect((await get(jwt)).status).toBe(403);
      await emu.db.query(`grant ${role} to authenticator`);
      expect((await get(jwt)).status).toBe(200);
    } finally {
      await emu.db.exec(`drop owned by ${role}; drop role ${role};`).catch(() => undefined);
    }
  });

  it('storage and rpc still run under the API roles', async () => {
    const buckets = await fetch(`${emu.url}/storage/v1/bucket`, {
      headers: { apikey: emu.serviceRoleKey, authorization: `Bearer ${emu.serviceRoleKey}` },
    });
    expect(buckets.status).toBe(200);
    const denied = await fetch(`${emu.url}/storage/v1/bucket`, {
      headers: { apikey: emu.anonKey, authorization: `Bearer ${await token('postgres')}` },
    });
    expect(denied.status).toBeGreaterThanOrEqual(400);
  });
});
