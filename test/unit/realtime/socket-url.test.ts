import { httpEndpointURL } from '@supabase/realtime-js/dist/main/lib/transformers.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  broadcastEndpoint,
  realtimeUrl,
  socketUrl,
  type SocketParams,
} from '../../../src/realtime/socket-url.js';
import type { Vsn } from '../../../src/realtime/serializer.js';
import { realtimeJs } from './realtime-js-oracle.js';

const base = 'wss://proj.supabase.co/realtime/v1';

describe('socketUrl, equal to the URL realtime-js 2.119 connects to', () => {
  let stop: (() => Promise<unknown>) | undefined;
  afterEach(async () => stop?.());

  it.each<[string, SocketParams, Vsn, string | undefined, string]>([
    ['default', { apikey: 'anon' }, '2.0.0', undefined, `${base}/websocket?apikey=anon&vsn=2.0.0`],
    ['vsn 1', { apikey: 'anon' }, '1.0.0', undefined, `${base}/websocket?apikey=anon&vsn=1.0.0`],
    [
      'log level after params',
      { apikey: 'anon', x: '1' },
      '2.0.0',
      'info',
      `${base}/websocket?apikey=anon&x=1&log_level=info&vsn=2.0.0`,
    ],
    [
      'log level given as a param keeps its place',
      { log_level: 'error', apikey: 'k' },
      '2.0.0',
      'warn',
      `${base}/websocket?log_level=warn&apikey=k&vsn=2.0.0`,
    ],
    [
      'encoding',
      { apikey: 'a b&c=d/é' },
      '2.0.0',
      undefined,
      `${base}/websocket?apikey=a%20b%26c%3Dd%2F%C3%A9&vsn=2.0.0`,
    ],
    [
      'nested object',
      { apikey: 'k', o: { a: 1, b: { c: true } } },
      '2.0.0',
      undefined,
      `${base}/websocket?apikey=k&o%5Ba%5D=1&o%5Bb%5D%5Bc%5D=true&vsn=2.0.0`,
    ],
    [
      'array',
      { apikey: 'k', a: ['x', 'y'] },
      '2.0.0',
      undefined,
      `${base}/websocket?apikey=k&a%5B0%5D=x&a%5B1%5D=y&vsn=2.0.0`,
    ],
    [
      'null and numbers',
      { apikey: 'k', n: null, z: 0 },
      '2.0.0',
      undefined,
      `${base}/websocket?apikey=k&&z=0&vsn=2.0.0`,
    ],
  ])('%s', (_name, params, vsn, logLevel, expected) => {
    const ours = socketUrl(base, params, vsn, logLevel);
    expect(ours).toBe(expected);
    const { client, socket } = realtimeJs({ params: params as never, vsn, logLevel }, base);
    stop = () => client.disconnect();
    expect(socket.url).toBe(ours);
    expect(socket.protocols).toBeUndefined();
  });

  it('no params: no "?" before vsn', () => {
    expect(socketUrl('ws://h/realtime/v1', {}, '2.0.0')).toBe(
      'ws://h/realtime/v1/websocket?vsn=2.0.0',
    );
  });
});

describe('realtimeUrl', () => {
  it.each([
    ['https://proj.supabase.co', 'wss://proj.supabase.co/realtime/v1'],
    ['https://proj.supabase.co/', 'wss://proj.supabase.co/realtime/v1'],
    ['http://127.0.0.1:54321', 'ws://127.0.0.1:54321/realtime/v1'],
    ['http://host/prefix', 'ws://host/prefix/realtime/v1'],
  ])('%s → %s (as supabase-js)', (project, expected) => {
    expect(realtimeUrl(project)).toBe(expected);
    expect(realtimeUrl(new URL(project))).toBe(expected);
  });

  it('rejects a malformed URL with invalid_url', () => {
    expect(() => realtimeUrl('not a url')).toThrow(
      expect.objectContaining({ code: 'invalid_url' }),
    );
  });
});

describe('broadcastEndpoint, equal to realtime-js httpEndpointURL', () => {
  it.each([
    [
      'wss://proj.supabase.co/realtime/v1/websocket?apikey=anon&vsn=2.0.0',
      'https://proj.supabase.co/realtime/v1/api/broadcast?apikey=anon&vsn=2.0.0',
    ],
    [
      'ws://localhost:54321/realtime/v1/websocket?apikey=a%20b&vsn=1.0.0',
      'http://localhost:54321/realtime/v1/api/broadcast?apikey=a%20b&vsn=1.0.0',
    ],
    ['ws://h/socket/websocket', 'http://h/api/broadcast'],
    ['ws://h/socket', 'http://h/api/broadcast'],
    ['WSS://h/x/WebSocket/', 'https://h/x/api/broadcast'],
    ['ws://h', 'http://h/api/broadcast'],
    ['wss://proj.supabase.co/realtime/v1', 'https://proj.supabase.co/realtime/v1/api/broadcast'],
  ])('%s', (socket, expected) => {
    expect(broadcastEndpoint(socket)).toBe(expected);
    expect(broadcastEndpoint(socket)).toBe(httpEndpointURL(socket));
  });

  it('is what a realtime-js channel posts to', async () => {
    const { client } = realtimeJs({ params: { apikey: 'anon', log_level: 'info' } }, base);
    const ours = broadcastEndpoint(socketUrl(base, { apikey: 'anon', log_level: 'info' }, '2.0.0'));
    expect(client.channel('room1').broadcastEndpointURL).toBe(ours);
    await client.disconnect();
  });

  it('rejects a malformed URL with invalid_url', () => {
    expect(() => broadcastEndpoint('/relative')).toThrow(
      expect.objectContaining({ code: 'invalid_url' }),
    );
  });
});
