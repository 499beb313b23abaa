import Serializer from '@supabase/realtime-js/dist/main/lib/serializer.js';
import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import type { PhoenixMessage } from '../../../src/realtime/message.js';
import { decodeUserBroadcast, v2Serializer } from '../../../src/realtime/serializer-v2.js';
import { realtimeJs, takeFrames, type RecordingSocket } from './realtime-js-oracle.js';

const oracle = new Serializer();
const theirEncode = (msg: PhoenixMessage): string | ArrayBuffer =>
  oracle.encode(msg as never, (r: string | ArrayBuffer) => r);
const theirDecode = (data: string | ArrayBuffer): unknown => oracle.decode(data, (r: unknown) => r);

const bytes = (frame: string | ArrayBuffer): number[] | string =>
  typeof frame === 'string' ? frame : [...new Uint8Array(frame)];
const ab = (...values: number[]): ArrayBuffer => new Uint8Array(values).buffer;
const msg = (
  event: string,
  payload: unknown,
  join_ref: string | null = '6',
  ref: string | null = '7',
) => ({ join_ref, ref, topic: 'realtime:room1', event, payload }) as PhoenixMessage;
const broadcast = (args: Record<string, unknown>) =>
  msg('broadcast', { type: 'broadcast', ...args });

describe('v2Serializer.encode, byte-identical to realtime-js 2.119', () => {
  it.each<[string, PhoenixMessage]>([
    ['heartbeat', { join_ref: null, ref: '11', topic: 'phoenix', event: 'heartbeat', payload: {} }],
    [
      'phx_join',
      msg(
        'phx_join',
        { config: { broadcast: { ack: false, self: false }, private: false }, access_token: 'jwt' },
        '6',
        '6',
      ),
    ],
    ['phx_leave', msg('phx_leave', {})],
    ['access_token', msg('access_token', { access_token: 'user-jwt-2' })],
    [
      'presence track',
      msg('presence', { type: 'presence', event: 'track', payload: { online_at: 'now' } }),
    ],
    ['presence untrack', msg('presence', { type: 'presence', event: 'untrack' })],
    ['undefined payload', msg('x', undefined)],
    ['unicode in JSON', msg('ça', { é: '😀' })],
    ['broadcast JSON payload', broadcast({ event: 'cursor', payload: { x: 3 } })],
    ['broadcast without payload', broadcast({ event: 'cursor' })],
    ['broadcast null payload', broadcast({ event: 'cursor', payload: null })],
    ['broadcast string payload', broadcast({ event: 'cursor', payload: 'hi' })],
    ['broadcast persist true', broadcast({ event: 'e', payload: { a: 1 }, persist: true })],
    ['broadcast persist ttl', broadcast({ event: 'e', payload: { a: 1 }, persist: { ttl: 60 } })],
    ['broadcast persist undefined', broadcast({ event: 'e', payload: {}, persist: undefined })],
    [
      'broadcast extra keys stay out',
      broadcast({ event: 'e', payload: 1, secret: 'x', ack: true }),
    ],
    ['broadcast raw ArrayBuffer', broadcast({ event: 'bin', payload: ab(0, 1, 2, 255) })],
    ['broadcast empty ArrayBuffer', broadcast({ event: 'bin', payload: new ArrayBuffer(0) })],
    [
      'broadcast Uint8Array goes as JSON',
      broadcast({ event: 'bin', payload: new Uint8Array([9, 8]) }),
    ],
    [
      'broadcast multi-byte fields',
      {
        join_ref: '6',
        ref: '7',
        topic: 'realtime:salle-é',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'curseur-😀', payload: { t: 'ü' } },
      },
    ],
    ['broadcast null refs', msg('broadcast', { type: 'broadcast', event: 'e' }, null, null)],
    ['broadcast 255-byte event', broadcast({ event: 'e'.repeat(255), payload: {} })],
    [
      'broadcast with non-string event is JSON',
      msg('broadcast', { type: 'broadcast', event: 5, payload: {} }),
    ],
    ['broadcast with ArrayBuffer as the whole payload', msg('broadcast', ab(1, 2))],
    [
      'broadcast event other than broadcast is JSON',
      msg('presence', { type: 'broadcast', event: 'e', payload: {} }),
    ],
  ])('%s', (_name, message) => {
    const ours = v2Serializer.encode(message);
    const theirs = theirEncode(message);
    expect(typeof ours).toBe(typeof theirs);
    expect(bytes(ours)).toEqual(bytes(theirs));
  });

  it('frames the captured §4.2 example', () => {
    const frame = v2Serializer.encode(broadcast({ event: 'cursor', payload: { x: 3 } }));
    const expected = [
      3,
      1,
      1,
      14,
      6,
      0,
      1,
      ...new TextEncoder().encode('67realtime:room1cursor{"x":3}'),
    ];
    expect(bytes(frame)).toEqual(expected);
  });

  it.each([
    ['join_ref', msg('broadcast', { event: 'e' }, 'r'.repeat(256))],
    ['ref', msg('broadcast', { event: 'e' }, '6', '9'.repeat(300))],
    ['topic', { ...broadcast({ event: 'e' }), topic: `realtime:${'t'.repeat(247)}` }],
    ['broadcast event', broadcast({ event: 'é'.repeat(150) })],
    ['broadcast metadata', broadcast({ event: 'e', persist: { ttl: 'x'.repeat(250) } })],
  ])('%s over 255 bytes → field_too_long naming it (realtime-js throws too)', (name, message) => {
    expect(() => theirEncode(message as PhoenixMessage)).toThrow();
    const error = catchError(() => v2Serializer.encode(message as PhoenixMessage));
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error.code).toBe('field_too_long');
    expect(error.message).toMatch(
      new RegExp(`^${name} is \\d+ bytes; binary frames allow at most 255$`),
    );
  });

  it('names the byte count of a multi-byte event', () => {
    expect(() => v2Serializer.encode(broadcast({ event: 'é'.repeat(150) }))).toThrow(
      'broadcast event is 300 bytes; binary frames allow at most 255',
    );
  });

  it('reports a cyclic payload as invalid_payload', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const message of [msg('x', cyclic), broadcast({ event: 'e', payload: cyclic })]) {
      expect(catchError(() => v2Serializer.encode(message)).code).toBe('invalid_payload');
    }
  });
});

/** A kind-4 frame, built field by field from the §4.2 table. */
function kind4(
  topic: string,
  event: string,
  meta: string,
  encoding: number,
  payload: Uint8Array | string,
): ArrayBuffer {
  const enc = new TextEncoder();
  const [t, e, m] = [enc.encode(topic), enc.encode(event), enc.encode(meta)];
  const p = typeof payload === 'string' ? enc.encode(payload) : payload;
  return new Uint8Array([4, t.length, e.length, m.length, encoding, ...t, ...e, ...m, ...p]).buffer;
}

describe('v2Serializer.decode, equal to realtime-js 2.119', () => {
  it.each<[string, string | ArrayBuffer]>([
    ['reply', '["6","6","realtime:room1","phx_reply",{"status":"ok","response":{}}]'],
    [
      'server broadcast',
      '[null,null,"realtime:room1","broadcast",{"type":"broadcast","event":"cursor","payload":{"x":1}}]',
    ],
    [
      'presence_state with join ref',
      '["6",null,"realtime:room1","presence_state",{"me":{"metas":[{"phx_ref":"F1"}]}}]',
    ],
    ['null payload', '[null,null,"t","e",null]'],
    ['kind 4 with meta', kind4('realtime:room1', 'cursor', '{"id":"m1"}', 1, '{"x":2}')],
    [
      'kind 4 replayed meta',
      kind4('realtime:room1', 'cursor', '{"id":"m1","replayed":true}', 1, '[1,2]'),
    ],
    ['kind 4 without meta', kind4('realtime:room1', 'cursor', '', 1, '"text"')],
    [
      'kind 4 binary payload',
      kind4('realtime:room1', 'bin', '', 0, new Uint8Array([0, 1, 254, 255])),
    ],
    [
      'kind 4 empty binary payload',
      kind4('realtime:room1', 'bin', '{"id":"x"}', 0, new Uint8Array([])),
    ],
    ['kind 4 unknown encoding is binary', kind4('realtime:r', 'e', '', 7, new Uint8Array([1]))],
    [
      'kind 4 multi-byte fields',
      kind4('realtime:salle-é', 'curseur-😀', '{"id":"ü"}', 1, '{"t":"ß"}'),
    ],
  ])('%s', (_name, frame) => {
    const ours = v2Serializer.decode(frame);
    expect(ours).toEqual(theirDecode(frame));
    expect(Object.keys(ours)).toEqual(['join_ref', 'ref', 'topic', 'event', 'payload']);
  });

  it('decodes the §4.14 capture, meta after payload', () => {
    const out = v2Serializer.decode(kind4('realtime:room1', 'cursor', '{"id":"m1"}', 1, '{"x":2}'));
    expect(out).toEqual({
      join_ref: null,
      ref: null,
      topic: 'realtime:room1',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'cursor', payload: { x: 2 }, meta: { id: 'm1' } },
    });
    expect(Object.keys(out.payload)).toEqual(['type', 'event', 'payload', 'meta']);
    expect(
      decodeUserBroadcast(kind4('realtime:room1', 'cursor', '{"id":"m1"}', 1, '{"x":2}')),
    ).toEqual(out);
  });

  it('accepts a Node Buffer window (binaryType left at nodebuffer)', () => {
    const frame = new Uint8Array(kind4('realtime:r', 'e', '', 1, '{"a":1}'));
    const padded = new Uint8Array(frame.length + 4);
    padded.set(frame, 2);
    expect(
      v2Serializer.decode(Buffer.from(padded.buffer, 2, frame.length) as never).payload,
    ).toEqual({ type: 'broadcast', event: 'e', payload: { a: 1 } });
  });

  it.each<[string, string | ArrayBuffer, RegExp]>([
    ['not JSON', '[null,', /frame is not valid JSON/],
    ['an object', '{"topic":"t"}', /5-element JSON arrays/],
    ['too short', '[null,null,"t","e"]', /5-element JSON arrays/],
    ['numeric topic', '[null,null,5,"e",{}]', /topic must be a string, got 5/],
    ['missing event', '[null,null,"t",null,{}]', /event must be a string, got null/],
    ['numeric ref', '[null,7,"t","e",{}]', /ref must be a string or null, got 7/],
    ['empty buffer', new ArrayBuffer(0), /empty binary frame/],
    ['kind 0 push', ab(0, 1, 1, 1, 0), /kind 0 is not supported/],
    ['kind 1 reply', ab(1, 0, 0, 0, 0), /kind 1 is not supported/],
    ['kind 2 broadcast', ab(2, 0, 0), /kind 2 is not supported/],
    ['kind 3 (client only)', ab(3, 0, 0, 0, 0, 0, 1), /kind 3 is not supported/],
    ['truncated header', ab(4, 1, 1), /has no full header/],
    ['sizes past the end', ab(4, 10, 1, 0, 1, 65), /shorter than its header says/],
    [
      'bad JSON payload',
      kind4('realtime:r', 'e', '', 1, '{x'),
      /broadcast payload is not valid JSON/,
    ],
    [
      'empty JSON payload',
      kind4('realtime:r', 'e', '', 1, ''),
      /broadcast payload is not valid JSON/,
    ],
    [
      'bad metadata',
      kind4('realtime:r', 'e', '{', 1, '{}'),
      /broadcast metadata is not valid JSON/,
    ],
  ])('malformed: %s → RealtimeError invalid_frame', (_name, frame, message) => {
    const error = catchError(() => v2Serializer.decode(frame));
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error.code).toBe('invalid_frame');
    expect(error.message).toMatch(message);
  });

  it('rejects a frame that is neither text nor binary', () => {
    expect(() => v2Serializer.decode(42 as never)).toThrow(/must be a string or an ArrayBuffer/);
  });
});

describe('frames of a live realtime-js 2.119 session (vsn 2.0.0)', () => {
  let socket: RecordingSocket | undefined;
  let stop: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await stop?.();
    socket = undefined;
  });

  it('re-encode to the same bytes', async () => {
    const session = realtimeJs({ vsn: '2.0.0' });
    socket = session.socket;
    stop = () => session.client.disconnect();
    const ch = session.client.channel('room1', { config: { broadcast: { ack: false } } });
    ch.on('broadcast', { event: 'cursor' }, () => {});
    ch.subscribe();
    const [join] = takeFrames(socket);
    const joinMsg = v2Serializer.decode(join as string);
    expect(joinMsg.event).toBe('phx_join');
    socket.receive(
      JSON.stringify([
        joinMsg.ref,
        joinMsg.ref,
        'realtime:room1',
        'phx_reply',
        { status: 'ok', response: {} },
      ]),
    );

    const args = [
      { type: 'broadcast' as const, event: 'cursor', payload: { x: 3 } },
      { type: 'broadcast' as const, event: 'bin', payload: ab(1, 2, 3) },
      { type: 'broadcast' as const, event: 'é', payload: 'ü' },
    ];
    for (const a of args) await ch.send(a);
    void ch.track({ online_at: 'now' });
    void ch.untrack();
    await session.client.setAuth('user-jwt-2');
    session.client.sendHeartbeat();
    void ch.unsubscribe();

    const frames = [join, ...takeFrames(socket)];
    expect(frames).toHaveLength(1 + args.length + 5);
    const binary = frames.slice(1, 1 + args.length);
    binary.forEach((frame, i) => {
      const ref = String(Number(joinMsg.ref) + 1 + i);
      const ours = v2Serializer.encode({
        join_ref: joinMsg.ref,
        ref,
        topic: 'realtime:room1',
        event: 'broadcast',
        payload: args[i],
      });
      expect(bytes(ours)).toEqual(bytes(frame));
    });
    for (const frame of [join, ...frames.slice(1 + args.length)]) {
      expect(typeof frame).toBe('string');
      expect(v2Serializer.encode(v2Serializer.decode(frame))).toBe(frame);
    }
  });
});

function catchError(fn: () => unknown): RealtimeError {
  try {
    fn();
  } catch (e) {
    return e as RealtimeError;
  }
  throw new Error('expected a throw');
}
