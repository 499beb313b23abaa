import { describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import { DEFAULT_VSN, serializerFor } from '../../../src/realtime/serializer.js';
import { v1Serializer } from '../../../src/realtime/serializer-v1.js';
import { v2Serializer } from '../../../src/realtime/serializer-v2.js';

describe('serializerFor', () => {
  it('gives the serializer of each protocol version', () => {
    expect(serializerFor('1.0.0')).toBe(v1Serializer);
    expect(serializerFor('2.0.0')).toBe(v2Serializer);
    expect(serializerFor(DEFAULT_VSN).vsn).toBe('2.0.0');
  });

  it.each(['3.0.0', '', '2.0', undefined])('rejects vsn %j with invalid_vsn', (vsn) => {
    expect(() => serializerFor(vsn as never)).toThrow(RealtimeError);
    expect(() => serializerFor(vsn as never)).toThrow(
      expect.objectContaining({
        code: 'invalid_vsn',
        message: expect.stringContaining('Unsupported serializer version'),
      }),
    );
  });

  it('the same logical heartbeat, in both framings', () => {
    const hb = { join_ref: null, ref: '1', topic: 'phoenix', event: 'heartbeat', payload: {} };
    expect(serializerFor('1.0.0').encode(hb)).toBe(
      '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"1"}',
    );
    expect(serializerFor('2.0.0').encode(hb)).toBe('[null,"1","phoenix","heartbeat",{}]');
  });
});
