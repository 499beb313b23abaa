import { randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import { StorageApiError } from 'supabase-rx/storage';
import {
  SUPABASE_TUS_CHUNK_SIZE,
  uploadResumable,
  uploadResumableToSignedUrl,
} from 'supabase-rx/storage/resumable';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator, testEngines } from '../../../emulator/test/helpers/index.js';

const SIZE = SUPABASE_TUS_CHUNK_SIZE + 5000;
const bytes = (): Buffer => {
  const b = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) b[i] = (i * 13) % 251;
  return b;
};

describe.each(testEngines())('resumable uploads to a signed upload URL on %s', (engine) => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof createClient>;
  let anon: ReturnType<typeof createClient>;
  const bucket = `tus-signed-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
    admin = createClient(emu.url, emu.serviceRoleKey);
    anon = createClient(emu.url, emu.anonKey);
    await firstValueFrom(admin.storage.createBucket(bucket));
  });
  afterAll(() => emu?.stop());

  it('anon (no write policy) uploads with the token through /upload/resumable/sign: identical bytes', async () => {
    const ticket = (
      await firstValueFrom(admin.storage.from(bucket).createSignedUploadUrl('in/big.bin'))
    ).data;
    const events = await lastValueFrom(
      uploadResumableToSignedUrl(anon.storage.from(bucket), 'in/big.bin', ticket.token, bytes(), {
        contentType: 'application/octet-stream',
        retryDelays: null,
      }).pipe(toArray()),
    );
    expect(events.at(-1)).toEqual({
      type: 'done',
      data: { path: 'in/big.bin', fullPath: `${bucket}/in/big.bin` },
    });
    expect(events.filter((e) => e.type === 'progress').at(-1)).toEqual({
      type: 'progress',
      loaded: SIZE,
      total: SIZE,
    });
    const { data } = await firstValueFrom(
      admin.storage.from(bucket).download('in/big.bin', { as: 'arrayBuffer' }),
    );
    expect(Buffer.from(data).equals(bytes())).toBe(true);
  });

  it('without a valid token, or to another path than signed, the upload fails with a StorageApiError', async () => {
    const bogus = await lastValueFrom(
      uploadResumableToSignedUrl(anon.storage.from(bucket), 'in/x.bin', 'not-a-token', bytes(), {
        retryDelays: null,
      }).pipe(toResult()),
    );
    expect(bogus.error).toBeInstanceOf(StorageApiError);
    const ticket = (
      await firstValueFrom(admin.storage.from(bucket).createSignedUploadUrl('in/one.bin'))
    ).data;
    const other = await lastValueFrom(
      uploadResumable(anon.storage.from(bucket), 'in/other.bin', bytes(), {
        signedToken: ticket.token,
        retryDelays: null,
      }).pipe(toResult()),
    );
    expect(other.error).toBeInstanceOf(StorageApiError);
    const exists = await firstValueFrom(admin.storage.from(bucket).exists('in/other.bin'));
    expect(exists.data).toBe(false);
  });

  it('an empty signedToken is refused before anything is sent', () => {
    expect(() =>
      uploadResumable(anon.storage.from(bucket), 'in/a.bin', bytes(), { signedToken: '' }),
    ).toThrow(/signedToken/);
  });
});
