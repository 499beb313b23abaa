import { Presence as PhoenixPresence } from '@supabase/phoenix';
import PresenceAdapter from '@supabase/realtime-js/dist/main/phoenix/presenceAdapter.js';
import { describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import {
  EMPTY_PRESENCE_STATE,
  presenceEvents,
  presenceStateView,
  syncDiff,
  syncState,
  type PresenceDiff,
  type PresenceState,
} from '../../../src/realtime/presence-sync.js';
import { realtimeJs, takeFrames } from './realtime-js-oracle.js';

type Step = { state: PresenceState } | { diff: PresenceDiff };
const m = (phx_ref: string, fields: Record<string, unknown> = {}) => ({ phx_ref, ...fields });
const e = (...metas: ReturnType<typeof m>[]) => ({ metas });

/** Phoenix 0.4.5's static sync with realtime-js 2.119's event payloads: the oracle. */
function theirs(steps: Step[]) {
  let state: object = {};
  const events: unknown[] = [];
  const onJoin = (key: string, cur: never, joined: never): void => {
    events.push(PresenceAdapter.onJoinPayload(key, cur, joined));
  };
  const onLeave = (key: string, cur: never, left: never): void => {
    events.push(PresenceAdapter.onLeavePayload(key, cur, left));
  };
  const views: unknown[] = [];
  for (const step of steps) {
    const input = JSON.parse(JSON.stringify('state' in step ? step.state : step.diff));
    state =
      'state' in step
        ? PhoenixPresence.syncState(state as never, input, onJoin as never, onLeave as never)
        : PhoenixPresence.syncDiff(state as never, input, onJoin as never, onLeave as never);
    events.push({ event: 'sync' });
    views.push(PresenceAdapter.transformState(state as never));
  }
  return { events, views, keys: Object.keys(state) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k of Object.getOwnPropertyNames(value))
      deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
}

function ours(steps: Step[]) {
  let state = EMPTY_PRESENCE_STATE;
  const events: unknown[] = [];
  const views: unknown[] = [];
  for (const step of steps) {
    // Frozen inputs: any mutation throws (ES modules are strict).
    const input = deepFreeze(JSON.parse(JSON.stringify('state' in step ? step.state : step.diff)));
    const before = JSON.stringify(state);
    const result = 'state' in step ? syncState(state, input) : syncDiff(state, input);
    expect(JSON.stringify(state)).toBe(before);
    state = deepFreeze(result.state);
    events.push(...presenceEvents(result), { event: 'sync' });
    views.push(presenceStateView(state));
  }
  return { events, views, keys: Object.keys(state) };
}

const capture: Step[] = [
  { state: { me: e(m('F1', { name: 'a' })), other: e(m('F2', { name: 'b' })) } },
  {
    diff: { joins: { x: e(m('F3', { name: 'c' })) }, leaves: { other: e(m('F2', { name: 'b' })) } },
  },
];

const scenarios: [string, Step[]][] = [
  ['§4.9 capture', capture],
  [
    'track update: old meta leaves, new one joins with phx_ref_prev',
    [
      { state: { me: e(m('F1', { online_at: '1' })) } },
      {
        diff: {
          joins: { me: e(m('F2', { online_at: '2', phx_ref_prev: 'F1' })) },
          leaves: { me: e(m('F1', { online_at: '1' })) },
        },
      },
    ],
  ],
  [
    'two devices on one key',
    [
      { state: { u: e(m('A')) } },
      { diff: { joins: { u: e(m('B')) }, leaves: {} } },
      { diff: { joins: {}, leaves: { u: e(m('A')) } } },
      { diff: { joins: {}, leaves: { u: e(m('B')) } } },
    ],
  ],
  [
    'leave of an unknown key is ignored',
    [{ state: { a: e(m('1')) } }, { diff: { joins: {}, leaves: { zz: e(m('9')) } } }],
  ],
  [
    'leave of an unknown ref on a known key',
    [{ state: { a: e(m('1')) } }, { diff: { joins: {}, leaves: { a: e(m('9')) } } }],
  ],
  [
    're-sent ref replaces, never duplicates',
    [
      { state: { a: e(m('1', { v: 1 }), m('2')) } },
      { diff: { joins: { a: e(m('1', { v: 2 })) }, leaves: {} } },
    ],
  ],
  [
    'join and leave of the same meta in one diff',
    [{ diff: { joins: { a: e(m('1')) }, leaves: { a: e(m('1')) } } }],
  ],
  [
    'state after a reconnect',
    [
      { state: { a: e(m('1')), b: e(m('2')), c: e(m('3'), m('4')) } },
      { state: { a: e(m('1')), c: e(m('4'), m('5')), d: e(m('6')) } },
    ],
  ],
  ['same state twice is quiet', [{ state: { a: e(m('1')) } }, { state: { a: e(m('1')) } }]],
  [
    'integer-like keys come first, as in Phoenix',
    [
      { state: { b: e(m('1')), 2: e(m('2')), a: e(m('3')), 1: e(m('4')) } },
      { diff: { joins: { 10: e(m('5')), c: e(m('6')) }, leaves: { 2: e(m('2')) } } },
    ],
  ],
  [
    'keys shadowing Object.prototype',
    [
      { state: { constructor: e(m('1')), toString: e(m('2')) } },
      { diff: { joins: { hasOwnProperty: e(m('3')) }, leaves: { constructor: e(m('1')) } } },
    ],
  ],
  [
    'diffs before any state',
    [
      { diff: { joins: { a: e(m('1')) }, leaves: {} } },
      { diff: { joins: { a: e(m('2')) }, leaves: {} } },
    ],
  ],
  ['empty diff and empty state', [{ diff: { joins: {}, leaves: {} } }, { state: {} }]],
  ['everyone leaves through a state', [{ state: { a: e(m('1')), b: e(m('2')) } }, { state: {} }]],
  [
    'a meta without phx_ref_prev keeps its other fields in order',
    [{ state: { a: e({ z: 1, phx_ref: 'R', phx_ref_prev: 'P', a: 2 } as never) } }],
  ],
  [
    'a meta with its own presence_ref field',
    [{ state: { a: e({ presence_ref: 'x', phx_ref: 'R', b: 1 } as never) } }],
  ],
];

describe('syncState / syncDiff, against Phoenix 0.4.5 Presence + realtime-js 2.119 payloads', () => {
  it.each(scenarios)('%s', (_name, steps) => {
    const a = ours(steps);
    const b = theirs(steps);
    expect(a.events).toEqual(b.events);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(a.views).toEqual(b.views);
    expect(JSON.stringify(a.views)).toBe(JSON.stringify(b.views));
    expect(a.keys).toEqual(b.keys);
  });

  it('gives the §4.9 final state', () => {
    expect(ours(capture).views.at(-1)).toEqual({
      me: [{ name: 'a', presence_ref: 'F1' }],
      x: [{ name: 'c', presence_ref: 'F3' }],
    });
  });
});

describe('a "__proto__" presence key', () => {
  it('stays an own key of the state and of the view', () => {
    const incoming = JSON.parse('{"__proto__":{"metas":[{"phx_ref":"1","n":1}]}}') as PresenceState;
    const { state } = syncState(EMPTY_PRESENCE_STATE, incoming);
    const view = presenceStateView(state);
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(view, '__proto__')?.value).toEqual([
      { n: 1, presence_ref: '1' },
    ]);
    const left = syncDiff(
      state,
      JSON.parse('{"joins":{},"leaves":{"__proto__":{"metas":[{"phx_ref":"1"}]}}}'),
    );
    expect(Object.keys(left.state)).toEqual([]);
  });
});

describe('changes: one entry per key', () => {
  it('a track() update is one changed entry', () => {
    const { state } = syncState(EMPTY_PRESENCE_STATE, { me: e(m('F1', { v: 1 })) });
    const r = syncDiff(state, {
      joins: { me: e(m('F2', { v: 2, phx_ref_prev: 'F1' })) },
      leaves: { me: e(m('F1', { v: 1 })) },
    });
    expect(r.changes).toEqual([
      {
        key: 'me',
        kind: 'changed',
        before: [m('F1', { v: 1 })],
        after: [m('F2', { v: 2, phx_ref_prev: 'F1' })],
      },
    ]);
    expect(r.joins).toHaveLength(1);
    expect(r.leaves).toHaveLength(1);
  });

  it('joined, left, and untouched keys', () => {
    const { state } = syncState(EMPTY_PRESENCE_STATE, { a: e(m('1')), b: e(m('2')) });
    const r = syncDiff(state, { joins: { c: e(m('3')) }, leaves: { b: e(m('2')), zz: e(m('9')) } });
    expect(r.changes.map(({ key, kind }) => [key, kind])).toEqual([
      ['c', 'joined'],
      ['b', 'left'],
    ]);
    expect(r.state.a).toBe(state.a);
  });
});

describe('malformed presence payloads', () => {
  it.each<[string, unknown]>([
    ['entry without metas', { joins: { a: {} }, leaves: {} }],
    ['metas not an array', { joins: {}, leaves: { a: { metas: 'x' } } }],
    ['joins not an object', { joins: 5, leaves: {} }],
  ])('%s → RealtimeError invalid_frame', (_name, diff) => {
    const { state } = syncState(EMPTY_PRESENCE_STATE, { a: e(m('1')) });
    expect(() => syncDiff(state, diff as never)).toThrow(RealtimeError);
    expect(() => syncDiff(state, diff as never)).toThrow(
      expect.objectContaining({ code: 'invalid_frame' }),
    );
  });

  it('a missing joins or leaves counts as empty', () => {
    const { state } = syncState(EMPTY_PRESENCE_STATE, { a: e(m('1')) });
    expect(syncDiff(state, { leaves: { a: e(m('1')) } }).state).toEqual({});
    expect(syncDiff(state, { joins: { b: e(m('2')) } }).changes).toHaveLength(1);
  });
});

describe('a live realtime-js 2.119 channel', () => {
  it('fires the same presence events and ends in the same presenceState()', async () => {
    const { client, socket } = realtimeJs();
    const ch = client.channel('room1', { config: { presence: { key: 'me' } } });
    const events: unknown[] = [];
    ch.on('presence', { event: '*' }, (p: unknown) => events.push(p));
    ch.subscribe();
    const [joinRef] = JSON.parse(takeFrames(socket)[0] as string) as string[];
    socket.receive(
      JSON.stringify([
        joinRef,
        joinRef,
        'realtime:room1',
        'phx_reply',
        { status: 'ok', response: {} },
      ]),
    );
    // A diff before the state is buffered by realtime-js, then applied after it.
    const early = { joins: { y: e(m('F9')) }, leaves: {} };
    socket.receive(JSON.stringify([null, null, 'realtime:room1', 'presence_diff', early]));
    socket.receive(
      JSON.stringify([
        joinRef,
        null,
        'realtime:room1',
        'presence_state',
        (capture[0] as { state: PresenceState }).state,
      ]),
    );
    socket.receive(
      JSON.stringify([
        null,
        null,
        'realtime:room1',
        'presence_diff',
        (capture[1] as { diff: PresenceDiff }).diff,
      ]),
    );
    const theirState = ch.presenceState();
    await client.disconnect();

    const first = syncState(EMPTY_PRESENCE_STATE, (capture[0] as { state: PresenceState }).state);
    const buffered = syncDiff(first.state, early);
    const last = syncDiff(buffered.state, (capture[1] as { diff: PresenceDiff }).diff);
    const expected = [
      ...presenceEvents(first),
      ...presenceEvents(buffered),
      { event: 'sync' },
      ...presenceEvents(last),
      { event: 'sync' },
    ];
    expect(events).toEqual(expected);
    expect(presenceStateView(last.state)).toEqual(theirState);
  });
});
