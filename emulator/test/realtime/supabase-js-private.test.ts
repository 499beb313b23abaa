import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import {
  ALICE,
  BOB,
  bounded,
  closeAll,
  Inbox,
  jsClient,
  joined,
  subscribe,
  userToken,
} from './supabase-js-helpers.js';

/**
 * The official supabase-js 2.119 realtime client against the emulator: private channels
 * authorised by RLS policies on realtime.messages with realtime.topic(), as on Supabase.
 */

// Alice may read and write the topics `team-*`; Bob may only read `team-read`.
const SQL = `
create policy team_read on realtime.messages for select to authenticated
  using ((realtime.topic() like 'team-%' and auth.uid() = '${ALICE}'::uuid)
      or (realtime.topic() = 'team-read' and auth.uid() = '${BOB}'::uuid));
create policy team_write on realtime.messages for insert to authenticated
  with check (realtime.topic() like 'team-%' and auth.uid() = '${ALICE}'::uuid);
`;

describe.each(testEngines())('supabase-js private channels against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterEach(() => closeAll());
  afterAll(() => emu?.stop());

  it('joins a private channel the policies allow, and broadcasts on it', async () => {
    const a1 = await jsClient(emu, { token: await userToken(emu, ALICE) });
    const a2 = await jsClient(emu, { token: await userToken(emu, ALICE) });
    const inbox = new Inbox();
    const ch = await joined(a1.channel('team-1', { config: { private: true } }));
    await joined(
      a2
        .channel('team-1', { config: { private: true } })
        .on('broadcast', { event: 'm' }, inbox.push),
    );
    await ch.send({ type: 'broadcast', event: 'm', payload: { hi: 1 } });
    expect(await inbox.until(1, 'the private broadcast')).toEqual([
      { type: 'broadcast', event: 'm', payload: { hi: 1 } },
    ]);
  });

  it('refuses a private channel the policies do not allow, and the anon key', async () => {
    const bob = await jsClient(emu, { token: await userToken(emu, BOB) });
    const refused = await subscribe(bob.channel('team-1', { config: { private: true } }));
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error).toMatch(/Unauthorized/);
    const anon = await jsClient(emu);
    const anonRefused = await subscribe(anon.channel('team-2', { config: { private: true } }));
    expect(anonRefused.status).toBe('CHANNEL_ERROR');
    expect(anonRefused.error).toMatch(/Unauthorized/);
    // The same topic as a public channel is a different channel, open to anyone.
    const open = await subscribe(anon.channel('team-3'));
    expect(open.status).toBe('SUBSCRIBED');
  });

  it('REST broadcast to a private topic: delivered for the service role, and for a writer', async () => {
    const alice = await jsClient(emu, { token: await userToken(emu, ALICE) });
    const bob = await jsClient(emu, { token: await userToken(emu, BOB) });
    const inbox = new Inbox();
    await joined(
      bob
        .channel('team-read', { config: { private: true } })
        .on('broadcast', { event: '*' }, inbox.push),
    );
    const res = await fetch(`${emu.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: emu.serviceRoleKey,
        authorization: `Bearer ${emu.serviceRoleKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        messages: [{ topic: 'team-read', event: 'from-service', payload: { s: 1 }, private: true }],
      }),
    });
    expect(res.status).toBe(202);
    await inbox.find((m) => m.event === 'from-service', 'service role broadcast');
    // Alice is not joined: send() falls back to REST, with her token, allowed by team_write.
    const unjoined = alice.channel('team-read', { config: { private: true } });
    expect(
      await bounded(
        'REST send',
        unjoined.send({ type: 'broadcast', event: 'from-alice', payload: { a: 1 } }),
      ),
    ).toBe('ok');
    const got = await inbox.find((m) => m.event === 'from-alice', 'alice’s REST broadcast');
    expect(got).toMatchObject({ type: 'broadcast', event: 'from-alice', payload: { a: 1 } });
  });
});
