import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { joinPayload, PhoenixClient } from './helpers/phoenix-client.js';

// A channel every role may read, one custom role granted to authenticator by the migration and
// one not. Roles are cluster-wide on the server engine, hence the guards.
const MIGRATION = /* sql */ `
create policy "hall is open" on realtime.messages for select using (realtime.topic() = 'hall');
create policy "hall is writable" on realtime.messages for insert
  with check (realtime.topic() = 'hall');
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'rx_rt_granted') then
    create role rx_rt_granted nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'rx_rt_ungranted') then
    create role rx_rt_ungranted nologin;
  end if;
end
$$;
grant usage on schema realtime to rx_rt_granted, rx_rt_ungranted;
grant select, insert on realtime.messages to rx_rt_granted, rx_rt_ungranted;
grant rx_rt_granted to authenticator;
`;

const REFUSAL = 'You do not have permissions to read from this Channel topic: hall';

// The roles authenticator may become join; the others are refused like a caller the policies
// refuse (Realtime answers a failing policy probe with that Unauthorized reason).
const CASES: { role: string; joins: boolean }[] = [
  { role: 'anon', joins: true },
  { role: 'authenticated', joins: true },
  { role: 'service_role', joins: true },
  { role: 'rx_rt_granted', joins: true },
  { role: 'postgres', joins: false },
  { role: 'supabase_admin', joins: false },
  { role: 'rx_rt_ungranted', joins: false },
  { role: 'rx_rt_no_such_role', joins: false },
];

describe.each(testEngines())('realtime private channels and token roles on %s', (engine) => {
  let emu: EmulatorHandle;
  const token = (role: string) =>
    emu.context.jwt.sign({ role, sub: 'u1', exp: Math.floor(Date.now() / 1000) + 600 });
  const connect = () => PhoenixClient.connect(emu.url, { apikey: emu.anonKey }, '2.0.0');
  const joinHall = (client: PhoenixClient, jwt: string) =>
    client.join('hall', joinPayload({ private: true, broadcast: { self: false, ack: true } }, jwt));

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: MIGRATION });
  });
  afterAll(() => emu.stop());

  it.each(CASES)('a private join with role $role: joins $joins', async ({ role, joins }) => {
    const client = await connect();
    const { reply } = await joinHall(client, await token(role));
    expect(reply.payload).toEqual(
      joins
        ? { status: 'ok', response: { postgres_changes: [] } }
        : { status: 'error', response: { reason: `Unauthorized: ${REFUSAL}` } },
    );
    await client.close();
  });

  it.each(CASES.filter((c) => c.joins))(
    'the public channel of the same name still takes role $role',
    async ({ role }) => {
      const client = await connect();
      const { reply } = await client.join('hall', joinPayload({}, await token(role)));
      expect(reply.payload.status).toBe('ok');
      await client.close();
    },
  );

  it.each(['postgres', 'supabase_admin', 'rx_rt_ungranted', 'rx_rt_no_such_role'])(
    'closes a private channel when a refreshed token claims %s',
    async (role) => {
      const client = await connect();
      const { topic, joinRef } = await joinHall(client, await token('authenticated'));
      client.push(topic, 'access_token', { access_token: await token(role) }, joinRef);
      expect((await client.next((f) => f.event === 'system')).payload).toEqual({
        extension: 'system',
        status: 'error',
        message: REFUSAL,
        channel: 'hall',
      });
      await client.next((f) => f.event === 'phx_close');
      await client.close();
    },
  );

  it('keeps a private channel when a refreshed token claims a granted custom role', async () => {
    const client = await connect();
    const { topic, joinRef } = await joinHall(client, await token('authenticated'));
    client.push(topic, 'access_token', { access_token: await token('rx_rt_granted') }, joinRef);
    // Pushes are handled in order: the acknowledged broadcast comes after the refresh.
    const payload = { type: 'broadcast', event: 'hi', payload: {} };
    const ref = client.push(topic, 'broadcast', payload, joinRef);
    expect((await client.reply(ref)).payload).toEqual({ status: 'ok', response: {} });
    expect(client.frames.some((f) => f.event === 'system' || f.event === 'phx_close')).toBe(false);
    await client.close();
  });
});
