import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { joinPayload, PhoenixClient } from './helpers/phoenix-client.js';

describe.each(testEngines())('realtime terminateConnections on %s', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
  });
  afterAll(() => emu.stop());

  it('drops every socket without a close frame, forgets their channels, and keeps serving', async () => {
    const a = await PhoenixClient.connect(emu.url, { apikey: emu.anonKey });
    const b = await PhoenixClient.connect(emu.url, { apikey: emu.anonKey });
    expect((await a.join('drop-a', joinPayload())).reply.payload.status).toBe('ok');
    expect((await b.join('drop-b', joinPayload())).reply.payload.status).toBe('ok');
    expect(emu.realtime.hub.stats().members).toBe(2);

    expect(await emu.realtime.terminateConnections()).toBe(2);
    // 1006: the connection ended with no close frame, as on a network failure.
    expect(await a.closed).toEqual({ code: 1006, reason: '' });
    expect(await b.closed).toEqual({ code: 1006, reason: '' });
    expect(emu.realtime.connectionCount()).toBe(0);
    expect(emu.realtime.hub.stats()).toEqual({ topics: 0, members: 0, presenceTopics: 0 });
    expect(await emu.realtime.terminateConnections()).toBe(0);

    const c = await PhoenixClient.connect(emu.url, { apikey: emu.anonKey });
    expect((await c.join('drop-a', joinPayload())).reply.payload.status).toBe('ok');
    await c.close();
    await emu.realtime.whenIdle();
  });
});
