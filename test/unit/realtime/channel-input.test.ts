import { describe, expect, it } from 'vitest';
import { rig, scheduler } from './realtime-helpers.js';

const errorOf = (o: { subscribe(obs: object): unknown }) => {
  let error: any;
  o.subscribe({ error: (e: unknown) => (error = e) });
  return error;
};

describe('bad input → a typed RealtimeError on the stream, never a throw, nothing sent', () => {
  it('an empty channel name: streams error topic_required, status$ says CHANNEL_ERROR, no socket', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake } = rig(ts);
      const ch = client.channel('');
      expect(errorOf(ch.on('broadcast', { event: 'x' }))).toMatchObject({
        name: 'RealtimeError',
        code: 'topic_required',
      });
      expect(errorOf(ch.presence$)?.code).toBe('topic_required');
      const statuses: unknown[] = [];
      ch.status$.subscribe((s) => statuses.push(s.status));
      expect(statuses).toEqual(['CHANNEL_ERROR']);
      ts.flush();
      expect(fake.sockets).toHaveLength(0);
    });
  });

  it('replay on a public channel is refused (invalid_config)', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client } = rig(ts);
      const ch = client.channel('r', { config: { broadcast: { replay: { since: 1 } } } });
      expect(errorOf(ch.on('system'))?.code).toBe('invalid_config');
    });
  });

  it.each([
    ['presence', { event: 'bogus' }, 'invalid_binding'],
    ['broadcast', {}, 'invalid_binding'],
    ['nope', {}, 'invalid_binding'],
    ['postgres_changes', { event: 'INSERT' }, 'invalid_filter'],
    ['postgres_changes', { event: 'MERGE', schema: 'public' }, 'invalid_filter'],
  ])('on(%j, %j) errors with %s', (type, filter, code) => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake } = rig(ts);
      const error = errorOf(client.channel('r').on(type as never, filter as never));
      expect(error).toMatchObject({ name: 'RealtimeError', code });
      ts.flush();
      expect(fake.sockets).toHaveLength(0);
    });
  });

  it('a malformed postgres change becomes CHANNEL_ERROR on status$, the stream lives on', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, serverPush } = rig(ts, { graceMs: 0 });
      const ch = client.channel('r');
      const statuses: string[] = [];
      ch.status$.subscribe(({ status, error }) =>
        statuses.push(`${status}${error ? ' ' + error.code : ''}`),
      );
      const got: unknown[] = [];
      ch.on('postgres_changes', { event: '*', schema: 'public' }).subscribe((p) =>
        got.push(p.eventType),
      );
      ts.schedule(() => {
        reply(lastFrame('phx_join'), 'ok', {
          postgres_changes: [{ id: 5, event: '*', schema: 'public' }],
        });
        serverPush('realtime:r', 'postgres_changes', { ids: [5], data: 'garbage' });
        serverPush('realtime:r', 'postgres_changes', {
          ids: [5],
          data: {
            schema: 'public',
            table: 't',
            commit_timestamp: 'x',
            type: 'DELETE',
            columns: [],
            old_record: {},
            errors: null,
          },
        });
      }, 1);
      ts.schedule(() => client.disconnect(), 2);
      ts.flush();
      expect(statuses.slice(0, 3)).toEqual(['CLOSED', 'SUBSCRIBED', 'CHANNEL_ERROR invalid_frame']);
      expect(got).toEqual(['DELETE']);
    });
  });

  it('a binary field over 255 bytes: send errors with field_too_long', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame } = rig(ts, { graceMs: 0 });
      const ch = client.channel('r');
      ch.on('system').subscribe();
      let error: any;
      ts.schedule(() => reply(lastFrame('phx_join'), 'ok'), 1);
      ts.schedule(() => {
        ch.send({ type: 'broadcast', event: 'e'.repeat(300), payload: {} }).subscribe({
          error: (e) => (error = e),
        });
      }, 2);
      ts.schedule(() => client.disconnect(), 3);
      ts.flush();
      expect(error).toMatchObject({ name: 'RealtimeError', code: 'field_too_long' });
    });
  });
});
