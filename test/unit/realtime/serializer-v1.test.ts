import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import type { PhoenixMessage } from '../../../src/realtime/message.js';
import { v1Serializer } from '../../../src/realtime/serializer-v1.js';
import { realtimeJs, takeFrames } from './realtime-js-oracle.js';

describe('v1Serializer.encode', () => {
  it.each<[string, PhoenixMessage, string]>([
    [
      'heartbeat: no join_ref key',
      { join_ref: null, ref: '11', topic: 'phoenix', event: 'heartbeat', payload: {} },
      '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"11"}',
    ],
    [
      'broadcast: an object, never binary (§4.14)',
      {
        join_ref: '6',
        ref: '7',
        topic: 'realtime:room1',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'cursor', payload: { x: 3 } },
      },
      '{"topic":"realtime:room1","event":"broadcast","payload":{"type":"broadcast","event":"cursor","payload":{"x":3}},"ref":"7","join_ref":"6"}',
    ],
    [
      'ArrayBuffer payload turns to {} as JSON.stringify does',
      {
        join_ref: '6',
        ref: '7',
        topic: 't',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'b', payload: new ArrayBuffer(2) },
      },
      '{"topic":"t","event":"broadcast","payload":{"type":"broadcast","event":"b","payload":{}},"ref":"7","join_ref":"6"}',
    ],
  ])('%s', (_name, message, frame) => {
    expect(v1Serializer.encode(message)).toBe(frame);
  });

  it('reports a cyclic payload as invalid_payload', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() =>
      v1Serializer.encode({ join_ref: '1', ref: '2', topic: 't', event: 'e', payload: cyclic }),
    ).toThrow(expect.objectContaining({ code: 'invalid_payload' }));
  });
});

describe('v1Serializer.decode', () => {
  it.each<[string, string, PhoenixMessage]>([
    [
      'reply',
      '{"topic":"realtime:room1","event":"phx_reply","payload":{"status":"ok","response":{}},"ref":"6","join_ref":"6"}',
      {
        join_ref: '6',
        ref: '6',
        topic: 'realtime:room1',
        event: 'phx_reply',
        payload: { status: 'ok', response: {} },
      },
    ],
    [
      'absent refs are null',
      '{"topic":"realtime:room1","event":"broadcast","payload":{"type":"broadcast","event":"c","payload":{}}}',
      {
        join_ref: null,
        ref: null,
        topic: 'realtime:room1',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'c', payload: {} },
      },
    ],
    [
      'key order does not matter',
      '{"join_ref":null,"ref":null,"payload":[1],"event":"e","topic":"t"}',
      { join_ref: null, ref: null, topic: 't', event: 'e', payload: [1] },
    ],
  ])('%s', (_name, frame, message) => {
    expect(v1Serializer.decode(frame)).toEqual(message);
  });

  it.each<[string, string | ArrayBuffer, RegExp]>([
    [
      'binary frame',
      new Uint8Array([4, 0, 0, 0, 1]).buffer,
      /binary frames are not part of protocol 1\.0\.0/,
    ],
    ['not JSON', '{', /not valid JSON/],
    ['array frame (2.0.0)', '[null,null,"t","e",{}]', /JSON objects/],
    ['number', '5', /JSON objects/],
    ['null', 'null', /JSON objects/],
    ['no topic', '{"event":"e","payload":{}}', /topic must be a string, got undefined/],
    [
      'numeric join_ref',
      '{"topic":"t","event":"e","join_ref":1}',
      /join_ref must be a string or null, got 1/,
    ],
  ])('malformed: %s → RealtimeError invalid_frame', (_name, frame, message) => {
    let error: unknown;
    try {
      v1Serializer.decode(frame);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RealtimeError);
    expect((error as RealtimeError).code).toBe('invalid_frame');
    expect((error as RealtimeError).message).toMatch(message);
  });
});

describe('frames of a live realtime-js 2.119 session (vsn 1.0.0)', () => {
  let stop: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await stop?.();
  });

  it('re-encode to the same text, key order included', async () => {
    const { client, socket } = realtimeJs({ vsn: '1.0.0' });
    stop = () => client.disconnect();
    const ch = client.channel('room1', {
      config: { broadcast: { self: true, ack: false }, presence: { key: 'me' } },
    });
    ch.on('presence', { event: 'sync' }, () => {});
    ch.on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'id=eq.1' },
      () => {},
    );
    ch.subscribe();
    const [join] = takeFrames(socket);
    const joinMsg = v1Serializer.decode(join as string);
    socket.receive(
      v1Serializer.encode({
        ...joinMsg,
        event: 'phx_reply',
        payload: { status: 'ok', response: {} },
      }),
    );
    await ch.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } });
    await ch.send({ type: 'broadcast', event: 'bin', payload: new Uint8Array([1]).buffer });
    void ch.track({ online_at: 'now' });
    void ch.untrack();
    await client.setAuth('user-jwt-2');
    client.sendHeartbeat();
    void ch.unsubscribe();

    const frames = [join, ...takeFrames(socket)];
    expect(frames.map((f) => v1Serializer.decode(f as string).event)).toEqual([
      'phx_join',
      'broadcast',
      'broadcast',
      'presence',
      'presence',
      'access_token',
      'heartbeat',
      'phx_leave',
    ]);
    for (const frame of frames) {
      expect(typeof frame).toBe('string');
      expect(v1Serializer.encode(v1Serializer.decode(frame as string))).toBe(frame);
    }
  });
});
