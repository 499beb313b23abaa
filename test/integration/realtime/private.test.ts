import { expect, it } from 'vitest';
import { realtimeSuite, USERS } from './helpers.js';

/** Private channels through the emulator, authorised by RLS on realtime.messages. */

// Alice may read and write `team-*`; Bob may only read `team-read`.
const SQL = `
create policy team_read on realtime.messages for select to authenticated
  using ((realtime.topic() like 'team-%' and auth.uid() = '${USERS.alice}'::uuid)
      or (realtime.topic() = 'team-read' and auth.uid() = '${USERS.bob}'::uuid));
create policy team_write on realtime.messages for insert to authenticated
  with check (realtime.topic() like 'team-%' and auth.uid() = '${USERS.alice}'::uuid);
`;

const PRIVATE = { config: { private: true } };

realtimeSuite('realtime private channels', SQL, ({ connect, client }) => {
  // Both clients run on one emulator: topics per client keep their messages apart.
  const t = (name: string) => `team-${name}-${client}`;

  it('joins when the policies allow, and broadcasts', async () => {
    const a1 = await connect({ user: USERS.alice });
    const a2 = await connect({ user: USERS.alice });
    const ch1 = a1.channel(t('1'), PRIVATE);
    const ch2 = a2.channel(t('1'), PRIVATE).on('m', { type: 'broadcast', filter: { event: 'm' } });
    expect(await ch1.subscribe()).toBe('SUBSCRIBED');
    expect(await ch2.subscribe()).toBe('SUBSCRIBED');
    expect(await ch1.send({ type: 'broadcast', event: 'm', payload: { hi: 1 } })).toBe('ok');
    expect(await ch2.waitFor('m', 'the private broadcast')).toEqual({
      type: 'broadcast',
      event: 'm',
      payload: { hi: 1 },
    });
  });

  it('refuses a user the policies do not allow, and the anon key', async () => {
    const bob = await connect({ user: USERS.bob });
    expect(await bob.channel(t('2'), PRIVATE).subscribe()).toBe('CHANNEL_ERROR');
    const anon = await connect();
    expect(await anon.channel(t('3'), PRIVATE).subscribe()).toBe('CHANNEL_ERROR');
    expect(await anon.channel(t('4')).subscribe()).toBe('SUBSCRIBED');
  });

  it('REST broadcast to a private topic from a writer reaches a reader', async () => {
    const alice = await connect({ user: USERS.alice });
    const bob = await connect({ user: USERS.bob });
    const ch = bob.channel('team-read', PRIVATE).on('all', {
      type: 'broadcast',
      filter: { event: '*' },
    });
    expect(await ch.subscribe()).toBe('SUBSCRIBED');
    const event = `from-alice-${client}`;
    const unjoined = alice.channel('team-read', PRIVATE);
    expect(await unjoined.send({ type: 'broadcast', event, payload: { a: 1 } })).toBe('ok');
    expect(
      await ch.waitFor('all', 'alice’s REST broadcast', (p) => p.event === event),
    ).toMatchObject({ type: 'broadcast', event, payload: { a: 1 } });
  });
});
