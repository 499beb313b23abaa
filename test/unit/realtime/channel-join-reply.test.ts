import { describe, expect, it } from 'vitest';
import { readJoinReply } from '../../../src/realtime/channel-join-reply.js';
import { RealtimeError } from '../../../src/realtime/errors.js';
import type { PostgresBinding } from '../../../src/realtime/postgres-filter.js';

const inserts: PostgresBinding[] = [{ event: 'INSERT', schema: 'public', table: 'msgs' }];

describe('readJoinReply', () => {
  it('no reply in time', () => {
    expect(readJoinReply({ status: 'timeout', response: undefined }, [])).toEqual({
      kind: 'timed out',
    });
  });

  it.each([
    [{ reason: 'unauthorized' }, 'unauthorized'],
    [{ reason: 'a', detail: 'b' }, 'a, b'],
    [{}, 'error'],
    [undefined, 'error'],
  ])('an error reply %j is refused with the message %j', (response, message) => {
    const reply = readJoinReply({ status: 'error', response }, []);
    expect(reply.kind).toBe('refused');
    const error = (reply as { error: RealtimeError }).error;
    expect(error).toBeInstanceOf(RealtimeError);
    expect(error.code).toBe('join_failed');
    expect(error.message).toBe(message);
  });

  it('an ok reply gives the server ids of the bindings sent', () => {
    const response = {
      postgres_changes: [{ id: 7, event: 'INSERT', schema: 'public', table: 'msgs' }],
    };
    expect(readJoinReply({ status: 'ok', response }, inserts)).toEqual({
      kind: 'joined',
      ids: [7],
    });
    expect(readJoinReply({ status: 'ok', response: {} }, [])).toEqual({
      kind: 'joined',
      ids: undefined,
    });
  });

  it('an ok reply whose ids do not match the bindings sent is invalid', () => {
    const response = {
      postgres_changes: [{ id: 7, event: 'DELETE', schema: 'public', table: 'other' }],
    };
    const reply = readJoinReply({ status: 'ok', response }, inserts);
    expect(reply.kind).toBe('invalid');
    expect((reply as { error: unknown }).error).toBeInstanceOf(RealtimeError);
  });
});
