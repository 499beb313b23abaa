import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeText,
  encodeUserBroadcast,
  FrameError,
} from '../../src/realtime/frames.js';
import { userPush } from './helpers/phoenix-client.js';

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');

describe('realtime frames', () => {
  it.each([
    [
      '2.0.0',
      '["6","6","realtime:r","phx_join",{"a":1}]',
      { joinRef: '6', ref: '6', topic: 'realtime:r', event: 'phx_join', payload: { a: 1 } },
    ],
    [
      '2.0.0',
      '[null,"11","phoenix","heartbeat",{}]',
      { joinRef: null, ref: '11', topic: 'phoenix', event: 'heartbeat', payload: {} },
    ],
    [
      '1.0.0',
      '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"11"}',
      { joinRef: null, ref: '11', topic: 'phoenix', event: 'heartbeat', payload: {} },
    ],
    [
      '1.0.0',
      '{"topic":"t","event":"e","payload":null,"ref":null,"join_ref":"1"}',
      { joinRef: '1', ref: null, topic: 't', event: 'e', payload: {} },
    ],
  ] as const)('decodes a %s text frame %s', (vsn, text, expected) => {
    expect(decodeFrame(text, false, vsn)).toEqual(expected);
  });

  it.each([
    ['2.0.0', 'nope', 'frame is not valid JSON'],
    [
      '2.0.0',
      '{"topic":"t"}',
      'a 2.0.0 frame is a JSON array [join_ref, ref, topic, event, payload]',
    ],
    [
      '1.0.0',
      '[null,null,"t","e",{}]',
      'a 1.0.0 frame is a JSON object {topic, event, payload, ref, join_ref}',
    ],
    ['2.0.0', '[null,null,5,"e",{}]', 'topic must be a string'],
    ['2.0.0', '[null,{},"t","e",{}]', 'ref must be a string or null'],
  ] as const)('refuses a %s frame %s', (vsn, text, message) => {
    expect(() => decodeFrame(text, false, vsn)).toThrow(new FrameError(message));
  });

  it('decodes a kind-3 user broadcast push (the bytes realtime-js sends)', () => {
    const bytes = userPush('6', '7', 'realtime:room1', 'cursor', { x: 3 });
    expect(hex(bytes.subarray(0, 7))).toBe('0301010e060001');
    expect(decodeFrame(bytes, true, '2.0.0')).toEqual({
      joinRef: '6',
      ref: '7',
      topic: 'realtime:room1',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'cursor', payload: { x: 3 } },
      broadcast: { event: 'cursor', payload: { x: 3 }, binaryFrame: true },
    });
    const raw = decodeFrame(
      userPush('6', '8', 'realtime:room1', 'blob', new Uint8Array([1, 2])),
      true,
      '2.0.0',
    );
    expect(raw.broadcast).toEqual({
      event: 'blob',
      payload: new Uint8Array([1, 2]),
      bytes: new Uint8Array([1, 2]),
      binaryFrame: true,
    });
  });

  it.each([
    [new Uint8Array([3, 0, 0]), 'binary frame shorter than its header'],
    [
      new Uint8Array([4, 0, 0, 0, 0, 0, 1]),
      'binary frame of kind 4: clients send only kind 3 (user broadcast push)',
    ],
    [new Uint8Array([3, 0, 0, 9, 0, 0, 1]), 'binary frame shorter than its fields'],
    [new Uint8Array([3, 0, 0, 0, 0, 0, 2]), 'unknown payload encoding 2'],
    [new Uint8Array([3, 0, 0, 0, 0, 0, 1, 0x7b]), 'binary frame JSON payload is not valid JSON'],
  ])('refuses the binary frame %s', (bytes, message) => {
    expect(() => decodeFrame(bytes, true, '2.0.0')).toThrow(new FrameError(message));
  });

  it('refuses binary frames on a 1.0.0 socket', () => {
    expect(() => decodeFrame(userPush('1', '2', 't', 'e', {}), true, '1.0.0')).toThrow(
      'binary frames need vsn 2.0.0',
    );
  });

  it('encodes text frames in key order of each vsn', () => {
    const msg = {
      joinRef: '6',
      ref: null,
      topic: 'realtime:r',
      event: 'presence_state',
      payload: {},
    };
    expect(encodeText(msg, '2.0.0')).toBe('["6",null,"realtime:r","presence_state",{}]');
    expect(encodeText(msg, '1.0.0')).toBe(
      '{"topic":"realtime:r","event":"presence_state","payload":{},"ref":null,"join_ref":"6"}',
    );
  });

  it('encodes kind-4 user broadcasts (JSON and raw), and gives up on fields over 255 bytes', () => {
    expect(
      hex(
        encodeUserBroadcast(
          'realtime:room1',
          { event: 'cursor', payload: { x: 2 }, binaryFrame: true },
          { id: 'm1' },
        ),
      ),
    ).toBe(
      Buffer.concat([
        Buffer.from([4, 14, 6, 11, 1]),
        Buffer.from('realtime:room1cursor{"id":"m1"}{"x":2}'),
      ]).toString('hex'),
    );
    const raw = new Uint8Array([255, 0]);
    expect(
      hex(encodeUserBroadcast('t', { event: 'e', payload: raw, bytes: raw, binaryFrame: true })),
    ).toBe('0401010000' + '74' + '65' + 'ff00');
    expect(
      encodeUserBroadcast('x'.repeat(256), { event: 'e', payload: {}, binaryFrame: true }),
    ).toBeUndefined();
  });
});
