import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnknownRoleError, type EmulatorHandle, type RequestAuth } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

const SCHEMA = `
create table notes (id serial primary key, owner uuid not null, body text not null);
alter table notes enable row level security;
create policy "own notes" on notes for select to authenticated using (owner = auth.uid());
insert into notes (owner, body) values ('${ALICE}', 'alice 1'), ('${ALICE}', 'alice 2'), ('${BOB}', 'bob 1');
`;

describe.each(testEngines())('bootstrap and requests on %s', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SCHEMA });
  });
  afterAll(() => emu?.stop());

  const as = (role: string, claims: Record<string, unknown> = {}): RequestAuth => ({
    role,
    claims: { role, ...claims },
  });
  const run = <T>(auth: RequestAuth, sql: string, headers: Record<string, string> = {}) =>
    emu.context.runAs(
      { auth, method: 'GET', path: '/rest/v1/notes', headers },
      async (tx) => (await tx.query<T>(sql)).rows,
    );

  it("creates Supabase's roles with their attributes", async () => {
    const { rows } = await emu.db.query<{
      rolname: string;
      rolbypassrls: boolean;
      rolinherit: boolean;
      rolcanlogin: boolean;
    }>(
      `select rolname, rolbypassrls, rolinherit, rolcanlogin from pg_roles
       where rolname in ('anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin') order by rolname`,
    );
    expect(rows.map((r) => r.rolname)).toEqual([
      'anon',
      'authenticated',
      'authenticator',
      'service_role',
      'supabase_admin',
    ]);
    const byName = Object.fromEntries(rows.map((r) => [r.rolname, r]));
    expect(byName.service_role.rolbypassrls).toBe(true);
    expect(byName.anon.rolbypassrls).toBe(false);
    expect(byName.authenticator).toMatchObject({ rolinherit: false, rolcanlogin: true });
    const members = await emu.db.query<{ r: string }>(
      `select r from unnest(array['anon','authenticated','service_role']) r where pg_has_role('authenticator', r, 'member')`,
    );
    expect(members.rows.map((m) => m.r)).toEqual(['anon', 'authenticated', 'service_role']);
  });

  it('has the extensions and auth schemas, and gen_random_uuid / pgcrypto', async () => {
    const { rows } = await emu.db.query<{ ok: boolean; hashed: boolean }>(
      `select gen_random_uuid() is not null as ok, extensions.crypt('pw', extensions.gen_salt('bf')) like '$2%' as hashed`,
    );
    expect(rows).toEqual([{ ok: true, hashed: true }]);
    const schemas = await emu.db.query<{ n: string }>(
      `select nspname as n from pg_namespace where nspname in ('auth', 'extensions') order by 1`,
    );
    expect(schemas.rows.map((r) => r.n)).toEqual(['auth', 'extensions']);
  });

  it('exposes only the configured schemas that exist', () => {
    // The default list is ["public", "graphql_public"]; there is no graphql_public here.
    expect(emu.config.api.schemas).toEqual(['public']);
  });

  it('sets the role, the claims and the request details in the transaction', async () => {
    const [row] = await run<Record<string, unknown>>(
      as('authenticated', { sub: ALICE, email: 'alice@example.com' }),
      `select current_user as role, auth.uid() as uid, auth.role() as arole, auth.email() as email,
              auth.jwt() ->> 'sub' as jwt_sub, current_setting('request.jwt.claim.sub') as legacy_sub,
              current_setting('request.method') as method, current_setting('request.path') as path,
              current_setting('request.headers')::json ->> 'x-custom' as header,
              current_setting('search_path') as search_path`,
      { 'X-Custom': 'yes' },
    );
    expect(row).toEqual({
      role: 'authenticated',
      uid: ALICE,
      arole: 'authenticated',
      email: 'alice@example.com',
      jwt_sub: ALICE,
      legacy_sub: ALICE,
      method: 'GET',
      path: '/rest/v1/notes',
      header: 'yes',
      search_path: '"public", "extensions"',
    });
  });

  it('leaves no request setting behind after the transaction', async () => {
    await run(as('authenticated', { sub: ALICE }), 'select 1');
    const { rows } = await emu.db.query<{ role: string; claims: string | null }>(
      `select current_user as role, nullif(current_setting('request.jwt.claims', true), '') as claims`,
    );
    expect(rows).toEqual([{ role: 'postgres', claims: null }]);
  });

  it('applies row level security: anon, two users and service_role each see what they should', async () => {
    const bodies = (rows: { body: string }[]) => rows.map((r) => r.body);
    const q = 'select body from notes order by id';
    expect(bodies(await run(as('anon'), q))).toEqual([]);
    expect(bodies(await run(as('authenticated', { sub: ALICE }), q))).toEqual([
      'alice 1',
      'alice 2',
    ]);
    expect(bodies(await run(as('authenticated', { sub: BOB }), q))).toEqual(['bob 1']);
    expect(bodies(await run(as('service_role'), q))).toEqual(['alice 1', 'alice 2', 'bob 1']);
  });

  it("gives anon and authenticated Supabase's default privileges on a new public table", async () => {
    await emu.db.exec(`create table later (id int primary key); insert into later values (1);`);
    expect(await run(as('anon'), 'select id from later')).toEqual([{ id: 1 }]);
    await emu.context.runAs(
      {
        auth: as('authenticated', { sub: ALICE }),
        method: 'POST',
        path: '/rest/v1/later',
        headers: {},
      },
      (tx) => tx.query('insert into later values (2)'),
    );
    expect((await emu.db.query('select id from later order by id')).rows).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
  });

  it('refuses a role claim naming a role that does not exist, with the Postgres error', async () => {
    const error = await run(as('nobody_here'), 'select 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownRoleError);
    expect(error).toMatchObject({
      code: '22023',
      status: 401,
      message: 'role "nobody_here" does not exist',
    });
  });

  it('quotes the role, so a role claim cannot inject SQL', async () => {
    const error = await run(as('anon; drop table notes; --'), 'select 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownRoleError);
    expect((await emu.db.query('select count(*)::int as n from notes')).rows).toEqual([{ n: 3 }]);
  });

  it('rolls back the request transaction when the work fails', async () => {
    await expect(
      emu.context.runAs(
        { auth: as('service_role'), method: 'POST', path: '/', headers: {} },
        async (tx) => {
          await tx.query(`insert into notes (owner, body) values ('${BOB}', 'never')`);
          await tx.query('select 1/0');
        },
      ),
    ).rejects.toMatchObject({ code: '22012' });
    expect(
      (await emu.db.query(`select count(*)::int as n from notes where body = 'never'`)).rows,
    ).toEqual([{ n: 0 }]);
  });

  it('bumps the schema generation on DDL and on NOTIFY pgrst', async () => {
    const before = emu.context.schemaGeneration();
    await emu.db.exec('create table gen_probe (id int)');
    const afterDdl = emu.context.schemaGeneration();
    expect(afterDdl).toBeGreaterThan(before);
    // A reload asked for from elsewhere arrives asynchronously, as a notification.
    await emu.db.query(`select pg_notify('pgrst', 'reload schema')`);
    await vi.waitFor(() => expect(emu.context.schemaGeneration()).toBeGreaterThan(afterDdl));
    const manual = emu.context.schemaGeneration();
    emu.context.invalidateSchema();
    expect(emu.context.schemaGeneration()).toBe(manual + 1);
  });

  describe('over HTTP', () => {
    it('listens on the free port it was given (port: 0)', () => {
      expect(emu.port).toBeGreaterThan(0);
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
      expect(emu.config.port).toBe(emu.port);
    });

    it("answers a CORS preflight like Supabase's gateway", async () => {
      const res = await fetch(`${emu.url}/rest/v1/notes`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers':
            'authorization, apikey, x-client-info, prefer, content-profile',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
      expect(res.headers.get('access-control-allow-headers')).toBe(
        'authorization,apikey,x-client-info,prefer,content-profile',
      );
    });

    it('exposes the API headers on every response', async () => {
      const res = await fetch(`${emu.url}/nowhere`, {
        headers: { origin: 'http://localhost:5173' },
      });
      const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(',');
      expect(exposed).toEqual(
        expect.arrayContaining(['Content-Range', 'Content-Profile', 'Range', 'X-Total-Count']),
      );
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('answers an unknown path with a JSON 404', async () => {
      const res = await fetch(`${emu.url}/nowhere/at/all`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({ message: 'no Route matched with those values' });
    });

    it('mounts the REST and auth services under their Supabase paths', async () => {
      for (const path of ['/rest/v1/', '/auth/v1/settings']) {
        const res = await fetch(`${emu.url}${path}`, { headers: { apikey: emu.anonKey } });
        expect(res.status, path).not.toBe(404);
      }
    });
  });
});
