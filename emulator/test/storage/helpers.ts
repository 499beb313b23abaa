import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EmulatorHandle } from '../../src/index.js';

/** A user's access token signed with the emulator's secret (role `authenticated`). */
export async function userToken(emu: EmulatorHandle, sub: string = randomUUID()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: 'authenticated', aud: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(emu.jwtSecret));
}

/** A small fetch wrapper for `/storage/v1` with a bearer token (default: the service role). */
export function storageApi(emu: EmulatorHandle, token: string = emu.serviceRoleKey) {
  return async (
    method: string,
    path: string,
    init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: any; headers: Headers; bytes: Uint8Array }> => {
    const headers: Record<string, string> = {
      apikey: emu.anonKey,
      authorization: `Bearer ${token}`,
      ...init.headers,
    };
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(`${emu.url}/storage/v1${path}`, { method, headers, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json'))
      parsed = text ? JSON.parse(text) : null;
    return { status: res.status, body: parsed, headers: res.headers, bytes };
  };
}

/** The policies of Supabase's "user folders" template on the `avatars` bucket (re-runnable). */
export const USER_FOLDER_POLICIES = `
drop policy if exists "own folder read" on storage.objects;
drop policy if exists "own folder write" on storage.objects;
drop policy if exists "own folder update" on storage.objects;
drop policy if exists "own folder delete" on storage.objects;
drop policy if exists "buckets readable" on storage.buckets;
create policy "own folder read" on storage.objects for select to authenticated
  using (bucket_id = 'avatars' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "own folder write" on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "own folder update" on storage.objects for update to authenticated
  using (bucket_id = 'avatars' and auth.uid()::text = (storage.foldername(name))[1])
  with check (bucket_id = 'avatars' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "own folder delete" on storage.objects for delete to authenticated
  using (bucket_id = 'avatars' and auth.uid()::text = (storage.foldername(name))[1]);
create policy "buckets readable" on storage.buckets for select to authenticated using (true);
insert into storage.buckets (id, name) values ('avatars', 'avatars') on conflict do nothing;
`;
