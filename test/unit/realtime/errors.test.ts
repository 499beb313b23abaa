import { describe, expect, it } from 'vitest';
import { SupabaseRxError } from '../../../src/http/supabase-rx-error.js';
import { RealtimeError, isRealtimeError } from '../../../src/realtime/errors.js';
import { assertTopic, channelTopic, subTopic } from '../../../src/realtime/message.js';

describe('RealtimeError', () => {
  it('is a SupabaseRxError with a literal name, the code and the cause', () => {
    const cause = new Error('inner');
    const e = new RealtimeError('boom', 'join_failed', { cause });
    expect(e).toBeInstanceOf(SupabaseRxError);
    expect(e.name).toBe('RealtimeError');
    expect(e.code).toBe('join_failed');
    expect(e.status).toBe(0);
    expect(e.cause).toBe(cause);
    expect(isRealtimeError(e)).toBe(true);
    expect(isRealtimeError(new Error('x'))).toBe(false);
    expect(isRealtimeError('RealtimeError')).toBe(false);
  });
});

describe('topics', () => {
  it.each([
    ['room1', 'realtime:room1'],
    ['room 1', 'realtime:room 1'],
    ['a:b', 'realtime:a:b'],
  ])('channelTopic(%j) = %j', (name, topic) => {
    expect(channelTopic(name)).toBe(topic);
    expect(subTopic(topic)).toBe(name);
  });

  it('strips the prefix case-insensitively, as realtime-js does', () => {
    expect(subTopic('Realtime:x')).toBe('x');
    expect(subTopic('phoenix')).toBe('phoenix');
  });

  it('rejects an empty sub-topic, naming the topic', () => {
    expect(() => channelTopic('')).toThrow('topic "realtime:" is empty');
    expect(() => assertTopic('realtime:')).toThrow(
      expect.objectContaining({ code: 'topic_required' }),
    );
    expect(() => assertTopic(3 as never)).toThrow('topic must be a string, got number');
    expect(() => assertTopic('realtime:x')).not.toThrow();
  });
});
