import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { storageApi, USER_FOLDER_POLICIES, userToken } from './helpers.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each(testEngines())('storage RLS: user folders on %s', (engine) => {
  let emu: EmulatorHandle;
  const a = randomUUID();
  const b = randomUUID();
  let asA: ReturnType<typeof storageApi>;
  let asB: ReturnType<typeof storageApi>;
  let anon: ReturnType<typeof storageApi>;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: USER_FOLDER_POLICIES });
    asA = storageApi(emu, await userToken(emu, a));
    asB = storageApi(emu, await userToken(emu, b));
    anon = storageApi(emu, emu.anonKey);
    const up = await asB('POST', `/object/avatars/${b}/secret.txt`, {
      body: 'b only',
      headers: { 'content-type': 'text/plain' },
    });
    expect(up.status).toBe(200);
  });
  afterAll(() => emu?.stop());

  it('lets a user write, read, list and sign in their own folder, and records them as owner', async () => {
    const up = await asA('POST', `/object/avatars/${a}/me.txt`, {
      body: 'mine',
      headers: { 'content-type': 'text/plain' },
    });
    expect(up.status).toBe(200);
    expect(text((await asA('GET', `/object/avatars/${a}/me.txt`)).bytes)).toBe('mine');
    const list = await asA('POST', '/object/list/avatars', { json: { prefix: a } });
    expect(list.body.map((e: { name: string }) => e.name)).toEqual(['me.txt']);
    const { rows } = await emu.db.query<{ owner: string }>(
      `select owner::text from storage.objects where name = $1`,
      [`${a}/me.txt`],
    );
    expect(rows[0]!.owner).toBe(a);
    expect(
      (await asA('POST', `/object/sign/avatars/${a}/me.txt`, { json: { expiresIn: 60 } })).status,
    ).toBe(200);
  });

  it("keeps user A out of user B's folder for every method", async () => {
    const target = `${b}/secret.txt`;
    expect((await asA('GET', `/object/avatars/${target}`)).body).toMatchObject({
      statusCode: '404',
      code: 'NoSuchKey',
    });
    expect((await asA('GET', `/object/info/avatars/${target}`)).body).toMatchObject({
      code: 'NoSuchKey',
    });
    expect((await asA('POST', '/object/list/avatars', { json: { prefix: b } })).body).toEqual([]);
    expect(
      (await asA('POST', '/object/list/avatars', { json: { prefix: '' } })).body.map(
        (e: { name: string }) => e.name,
      ),
    ).not.toContain(b);
    expect(
      (await asA('POST', '/object/list-v2/avatars', { json: { prefix: `${b}/` } })).body.objects,
    ).toEqual([]);
    const write = await asA('POST', `/object/avatars/${b}/evil.txt`, {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(write.body).toMatchObject({ statusCode: '403', error: 'Unauthorized' });
    const overwrite = await asA('POST', `/object/avatars/${target}`, {
      body: 'x',
      headers: { 'content-type': 'text/plain', 'x-upsert': 'true' },
    });
    expect(overwrite.body).toMatchObject({ statusCode: '403' });
    expect((await asA('PUT', `/object/avatars/${target}`, { body: 'x' })).body).toMatchObject({
      statusCode: '403',
    });
    const move = await asA('POST', '/object/move', {
      json: { bucketId: 'avatars', sourceKey: target, destinationKey: `${a}/stolen.txt` },
    });
    expect(move.body).toMatchObject({ code: 'NoSuchKey' });
    const copy = await asA('POST', '/object/copy', {
      json: { bucketId: 'avatars', sourceKey: target, destinationKey: `${a}/stolen.txt` },
    });
    expect(copy.body).toMatchObject({ code: 'NoSuchKey' });
    expect((await asA('DELETE', '/object/avatars', { json: { prefixes: [target] } })).body).toEqual(
      [],
    );
    expect(
      (await asA('POST', `/object/sign/avatars/${target}`, { json: { expiresIn: 60 } })).body,
    ).toMatchObject({ code: 'NoSuchKey' });
    expect(
      (await asA('POST', '/object/sign/avatars', { json: { expiresIn: 60, paths: [target] } }))
        .body[0].signedURL,
    ).toBeNull();
    expect(
      (await asA('POST', `/object/upload/sign/avatars/${b}/planted.txt`, { json: {} })).body,
    ).toMatchObject({ statusCode: '403' });
    // Nor can A move their own file into B's folder.
    const plant = await asA('POST', '/object/move', {
      json: { bucketId: 'avatars', sourceKey: `${a}/me.txt`, destinationKey: `${b}/planted.txt` },
    });
    expect(plant.body).toMatchObject({ statusCode: '403' });
    // B's object is untouched.
    expect(text((await asB('GET', `/object/avatars/${target}`)).bytes)).toBe('b only');
    const { rows } = await emu.db.query(`select name from storage.objects where name like $1`, [
      `${b}/%`,
    ]);
    expect(rows).toEqual([{ name: target }]);
  });

  it('gives anon nothing without policies, and service_role everything', async () => {
    expect((await anon('GET', `/object/avatars/${b}/secret.txt`)).body).toMatchObject({
      code: 'NoSuchKey',
    });
    expect((await anon('POST', '/object/avatars/x.txt', { body: 'x' })).body).toMatchObject({
      statusCode: '403',
    });
    expect(
      (await anon('POST', '/bucket', { json: { id: 'mine', name: 'mine' } })).body,
    ).toMatchObject({ statusCode: '403' });
    const service = storageApi(emu);
    expect(text((await service('GET', `/object/avatars/${b}/secret.txt`)).bytes)).toBe('b only');
  });

  it('answers a bad JWT with 403 InvalidJWT', async () => {
    const bad = storageApi(emu, 'not.a.jwt');
    expect((await bad('GET', '/bucket')).body).toMatchObject({
      statusCode: '403',
      code: 'InvalidJWT',
    });
  });
});
