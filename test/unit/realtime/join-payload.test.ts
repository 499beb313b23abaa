import type { RealtimeClient } from '@supabase/realtime-js';
import { describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import {
  JOIN_PAYLOAD_VERSION,
  channelConfig,
  joinPayload,
  joinTimeoutMs,
  type ChannelConfig,
} from '../../../src/realtime/join-payload.js';
import {
  postgresBinding,
  type PostgresChangesFilter,
} from '../../../src/realtime/postgres-filter.js';
import { realtimeJs, takeFrames } from './realtime-js-oracle.js';

interface Case {
  config?: ChannelConfig;
  presenceListener?: boolean;
  postgres?: PostgresChangesFilter[];
  /** setAuth before the channel exists (token, no version) or after (token and version). */
  tokenBefore?: string;
  tokenAfter?: string;
}

/** The join payload text a realtime-js 2.119 channel sends. */
async function theirJoin(c: Case): Promise<string> {
  const { client, socket } = realtimeJs();
  if (c.tokenBefore) await client.setAuth(c.tokenBefore);
  const ch = client.channel('room1', c.config ? { config: c.config as never } : undefined);
  if (c.tokenAfter) await (client as RealtimeClient).setAuth(c.tokenAfter);
  if (c.presenceListener) ch.on('presence', { event: 'sync' }, () => {});
  for (const f of c.postgres ?? []) ch.on('postgres_changes', f as never, () => {});
  ch.subscribe();
  const frames = takeFrames(socket);
  await client.disconnect();
  const join = JSON.parse(frames.at(-1) as string) as unknown[];
  expect(join[3]).toBe('phx_join');
  return JSON.stringify(join[4]);
}

function ourJoin(c: Case): string {
  const token = c.tokenAfter ?? c.tokenBefore;
  const version = c.tokenAfter ? JOIN_PAYLOAD_VERSION : undefined;
  const bindings = {
    postgres_changes: (c.postgres ?? []).map(postgresBinding),
    presence: c.presenceListener ?? false,
  };
  return JSON.stringify(joinPayload(c.config, bindings, token, version));
}

describe('joinPayload, byte-equal to the realtime-js 2.119 phx_join payload', () => {
  it.each<[string, Case]>([
    ['defaults', {}],
    ['empty config', { config: {} }],
    ['broadcast self drops ack (shallow merge)', { config: { broadcast: { self: true } } }],
    ['broadcast ack and self, in user order', { config: { broadcast: { ack: true, self: true } } }],
    ['presence listener forces enabled', { presenceListener: true }],
    [
      'presence key with a listener',
      { config: { presence: { key: 'me' } }, presenceListener: true },
    ],
    ['presence enabled by config', { config: { presence: { enabled: true } } }],
    [
      'presence enabled false with a listener',
      { config: { presence: { key: 'k', enabled: false } }, presenceListener: true },
    ],
    ['private', { config: { private: true } }],
    [
      'private replay',
      { config: { private: true, broadcast: { replay: { since: 1700000000000, limit: 5 } } } },
    ],
    ['replication_ready', { config: { broadcast: { replication_ready: true } } }],
    [
      'postgres bindings',
      {
        postgres: [
          { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
          { event: '*', schema: 'public' },
        ],
      },
    ],
    [
      'postgres_changes_options',
      {
        config: { postgres_changes_options: { wait: true, timeout: 5000 } },
        postgres: [{ event: '*', schema: 'public' }],
      },
    ],
    ['unknown config keys are not sent', { config: { foo: 1 } as never }],
    ['explicit undefined broadcast', { config: { broadcast: undefined } }],
    ['token set before the channel: no version', { tokenBefore: 'jwt-1' }],
    ['token changed after the channel: version', { tokenAfter: 'jwt-2' }],
    ['token before and after', { tokenBefore: 'jwt-1', tokenAfter: 'jwt-2' }],
    [
      '§4.14 channel',
      {
        config: { broadcast: { self: true, ack: true }, presence: { key: 'me' } },
        presenceListener: true,
        postgres: [
          { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
          { event: '*', schema: 'public' },
        ],
      },
    ],
  ])('%s', async (_name, c) => {
    expect(ourJoin(c)).toBe(await theirJoin(c));
  });

  it('a token that changed to null is sent as null with the version', () => {
    expect(joinPayload({}, [], null, JOIN_PAYLOAD_VERSION)).toMatchObject({
      access_token: null,
      version: JOIN_PAYLOAD_VERSION,
    });
    expect(joinPayload({}, [], null)).not.toHaveProperty('access_token');
    expect(joinPayload({}, [], '')).not.toHaveProperty('access_token');
  });

  it('takes the postgres bindings alone as an array', () => {
    const b = [postgresBinding({ event: '*', schema: 'public' })];
    expect(joinPayload(undefined, b).config).toEqual({
      broadcast: { ack: false, self: false },
      presence: { key: '', enabled: false },
      postgres_changes: b,
      private: false,
    });
  });

  it('rejects replay on a public channel', () => {
    const config = { broadcast: { replay: { since: 1 } } };
    expect(() => joinPayload(config, [])).toThrow(RealtimeError);
    expect(() => joinPayload(config, [])).toThrow(
      'tried to use replay on a public channel. It must be a private channel.',
    );
  });
});

describe('channelConfig', () => {
  it('throws realtime-js message for replay on a public channel', async () => {
    const config = { broadcast: { replay: { since: 1 } } };
    const { client } = realtimeJs();
    expect(() => client.channel('room1', { config })).toThrow(
      "tried to use replay on public channel 'realtime:room1'. It must be a private channel.",
    );
    await client.disconnect();
    expect(() => channelConfig('realtime:room1', config)).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message:
          "tried to use replay on public channel 'realtime:room1'. It must be a private channel.",
      }),
    );
  });

  it('merges over the defaults without touching the input', () => {
    const config = Object.freeze({ broadcast: Object.freeze({ self: true }) });
    expect(channelConfig('realtime:x', config)).toEqual({
      broadcast: { self: true },
      presence: { key: '', enabled: false },
      private: false,
    });
  });
});

describe('joinTimeoutMs (realtime-js 2.119 subscribe)', () => {
  it.each<[ChannelConfig | undefined, number, number, number]>([
    [undefined, 0, 10_000, 10_000],
    [{ postgres_changes_options: { wait: true } }, 0, 10_000, 10_000],
    [{ postgres_changes_options: { wait: true } }, 1, 10_000, 25_000],
    [{ postgres_changes_options: { wait: true, timeout: 5000 } }, 2, 10_000, 15_000],
    [{ postgres_changes_options: { wait: true, timeout: 1000 } }, 1, 30_000, 30_000],
    [{ postgres_changes_options: { wait: false, timeout: 50_000 } }, 1, 10_000, 10_000],
  ])('%j with %i bindings, timeout %i → %i', (config, n, timeout, expected) => {
    expect(joinTimeoutMs(config, n, timeout)).toBe(expected);
  });
});
