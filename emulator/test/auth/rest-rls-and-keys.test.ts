import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { exportJWK, generateKeyPair } from 'jose';
import ws from 'ws';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail } from './helpers.js';

const MIGRATION = `
create table public.notes (
  id bigint generated always as identity primary key,
  owner uuid not null default auth.uid() references auth.users(id) on delete cascade,
  body text not null
);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for all to authenticated
  using (owner = auth.uid()) with check (owner = auth.uid());
grant all on public.notes to authenticated;
`;

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('a user token flows into the REST API: RLS with auth.uid()', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-rls-'));
    await writeFile(join(dir, 'config.toml'), '');
    emu = await startTestEmulator({ projectDir: dir, sql: MIGRATION });
  });
  afterAll(() => emu?.stop());

  it('each signed-in user sees and writes only their own rows', async () => {
    const make = () =>
      createClient(emu.url, emu.anonKey, {
        auth: { storage: memoryStorage(), autoRefreshToken: false, detectSessionInUrl: false },
        realtime: { transport: ws as never },
      });
    const ann = make();
    const bob = make();
    const a = await ann.auth.signUp({ email: newEmail('ann'), password: 'secret-pw' });
    await bob.auth.signUp({ email: newEmail('bob'), password: 'secret-pw' });
    const ins = await ann.from('notes').insert({ body: 'ann note' }).select();
    expect(ins.error).toBeNull();
    expect(ins.data?.[0]).toMatchObject({ body: 'ann note', owner: a.data.user!.id });
    await bob.from('notes').insert({ body: 'bob note' });
    const annSees = await ann.from('notes').select('body');
    expect(annSees.data).toEqual([{ body: 'ann note' }]);
    const bobSees = await bob.from('notes').select('body');
    expect(bobSees.data).toEqual([{ body: 'bob note' }]);
    const forged = await bob.from('notes').insert({ body: 'x', owner: a.data.user!.id });
    expect(forged.error?.code).toBe('42501');
  });
});

describe('asymmetric signing keys ([auth] signing_keys_path)', () => {
  let emu: EmulatorHandle;
  let kid: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-keys-'));
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    kid = 'test-es256';
    const jwk = {
      ...(await exportJWK(privateKey)),
      kid,
      alg: 'ES256',
      use: 'sig',
      key_ops: ['sign', 'verify'],
    };
    await writeFile(join(dir, 'signing_keys.json'), JSON.stringify([jwk]));
    await writeFile(
      join(dir, 'config.toml'),
      '[auth]\nsigning_keys_path = "./signing_keys.json"\n',
    );
    emu = await startTestEmulator({ projectDir: dir });
  });
  afterAll(() => emu?.stop());

  it('access tokens are ES256 with the kid; the JWKS serves the public half; supabase-js getClaims verifies', async () => {
    const api = authApi(emu);
    const s = (await api.post('/signup', { email: newEmail('es'), password: 'secret-pw' })).body;
    const header = JSON.parse(Buffer.from(s.access_token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid });
    const jwks = await api.get('/.well-known/jwks.json');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kid, kty: 'EC' })]);
    expect(jwks.body.keys[0].d).toBeUndefined();
    const sb = createClient(emu.url, emu.anonKey, {
      auth: { storage: memoryStorage(), autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as never },
    });
    await sb.auth.setSession({ access_token: s.access_token, refresh_token: s.refresh_token });
    const claims = await sb.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data?.header).toMatchObject({ alg: 'ES256', kid });
    expect(claims.data?.claims.sub).toBe(jwtPayload(s.access_token).sub);
    expect((await api.get('/user', { token: s.access_token })).status).toBe(200);
  });
});
