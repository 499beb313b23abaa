import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { joinPayload, PhoenixClient } from './helpers/phoenix-client.js';

const SQL = /* sql */ `
create table msgs (id serial primary key, room int, body text);
alter publication supabase_realtime add table msgs;
`;

describe.each(testEngines())('change feed behind the channel server on %s', (engine) => {
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterAll(() => emu?.stop());

  it('delivers a filtered insert as a postgres_changes frame with the binding id', async () => {
    const client = await PhoenixClient.connect(emu.url, { apikey: emu.anonKey });
    const binding = { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room=eq.1' };
    const { reply, topic } = await client.join('db', joinPayload({ postgres_changes: [binding] }));
    const [{ id }] = (reply.payload as { response: { postgres_changes: { id: number }[] } })
      .response.postgres_changes;
    await client.next((f) => f.event === 'system');
    await emu.db.query(`insert into msgs (room, body) values (2, 'no'), (1, 'yes')`);
    const frame = await client.next((f) => f.event === 'postgres_changes');
    expect(frame.topic).toBe(topic);
    expect(frame.payload).toMatchObject({
      ids: [id],
      data: {
        schema: 'public',
        table: 'msgs',
        type: 'INSERT',
        record: { id: 2, room: 1, body: 'yes' },
        errors: null,
      },
    });
  });

  it('answers a bad filter with a join or system error carrying Realtime’s reason', async () => {
    const client = await PhoenixClient.connect(emu.url, { apikey: emu.anonKey });
    const binding = { event: '*', schema: 'public', table: 'msgs', filter: 'room=like.1' };
    const { reply } = await client.join('bad', joinPayload({ postgres_changes: [binding] }));
    const text =
      JSON.stringify(reply.payload) + JSON.stringify(client.frames.map((f) => f.payload));
    expect(text).toContain('Error parsing `filter` params');
  });
});
