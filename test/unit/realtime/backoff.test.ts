import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMEOUT_MS,
  HEARTBEAT_INTERVAL_MS,
  disconnectOnEmptyAfterMs,
  reconnectAfterMs,
  rejoinAfterMs,
} from '../../../src/realtime/backoff.js';
import { realtimeJs } from './realtime-js-oracle.js';

describe('back-off', () => {
  let stop: (() => Promise<unknown>) | undefined;
  afterEach(async () => stop?.());

  it.each([
    [1, 1000, 1000],
    [2, 2000, 2000],
    [3, 5000, 5000],
    [4, 10_000, 10_000],
    [5, 10_000, 10_000],
    [50, 10_000, 10_000],
  ])('try %i: reconnect %i ms, rejoin %i ms', (tries, reconnect, rejoin) => {
    expect(reconnectAfterMs(tries)).toBe(reconnect);
    expect(rejoinAfterMs(tries)).toBe(rejoin);
  });

  it('equals realtime-js 2.119 / Phoenix 0.4.5 for tries 0…20', () => {
    const { client } = realtimeJs();
    stop = () => client.disconnect();
    type Internals = { socketAdapter: { getSocket(): { rejoinAfterMs: (n: number) => number } } };
    const phoenix = (client as unknown as Internals).socketAdapter.getSocket();
    for (let tries = 0; tries <= 20; tries++) {
      expect(reconnectAfterMs(tries)).toBe(client.reconnectAfterMs(tries));
      expect(rejoinAfterMs(tries)).toBe(phoenix.rejoinAfterMs(tries));
    }
  });

  it('constants are realtime-js defaults', () => {
    const { client } = realtimeJs();
    stop = () => client.disconnect();
    expect(HEARTBEAT_INTERVAL_MS).toBe(client.heartbeatIntervalMs);
    expect(DEFAULT_TIMEOUT_MS).toBe(client.timeout);
    expect(disconnectOnEmptyAfterMs()).toBe(50_000);
    expect(disconnectOnEmptyAfterMs(200)).toBe(400);
  });
});
