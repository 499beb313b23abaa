import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { jsDriver, rxDriver, settled, type Driver } from '../../conformance/realtime/drivers.js';
import { suiteEngines } from '../helpers/emulator.js';
import { topic } from './helpers.js';

/** supabase-rx and realtime-js on one channel of the emulator: each hears the other. */

const ANY = { type: 'broadcast' as const, filter: { event: '*' } };
const JOIN = { type: 'presence' as const, filter: { event: 'join' as const } };

describe.each(suiteEngines())('realtime: supabase-rx and realtime-js together (%s)', (engine) => {
  let emu: EmulatorHandle;
  const open: Driver[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close().catch(() => undefined)));
  });
  afterAll(() => emu?.stop());

  async function both(vsn?: '1.0.0') {
    const opts = { key: emu.anonKey, token: null, vsn };
    const js = jsDriver(emu.url, opts);
    const rx = rxDriver(emu.url, opts);
    open.push(js, rx);
    await settled();
    return { js, rx };
  }

  for (const vsn of [undefined, '1.0.0'] as const) {
    it(`broadcasts both ways, JSON and binary (vsn ${vsn ?? '2.0.0'})`, async () => {
      const t = topic('interop');
      const { js, rx } = await both(vsn);
      const chJs = js.channel(t, { config: { broadcast: { ack: true } } }).on('all', ANY);
      const chRx = rx.channel(t, { config: { broadcast: { ack: true } } }).on('all', ANY);
      expect(await chJs.subscribe()).toBe('SUBSCRIBED');
      expect(await chRx.subscribe()).toBe('SUBSCRIBED');
      expect(await chRx.send({ type: 'broadcast', event: 'from-rx', payload: { a: 1 } })).toBe(
        'ok',
      );
      expect(await chJs.waitFor('all', 'realtime-js hears supabase-rx')).toEqual({
        type: 'broadcast',
        event: 'from-rx',
        payload: { a: 1 },
      });
      expect(await chJs.send({ type: 'broadcast', event: 'from-js', payload: { b: 2 } })).toBe(
        'ok',
      );
      expect(await chRx.waitFor('all', 'supabase-rx hears realtime-js')).toEqual({
        type: 'broadcast',
        event: 'from-js',
        payload: { b: 2 },
      });
      if (vsn === undefined) {
        const bytes = new Uint8Array([9, 8, 7]).buffer;
        expect(await chRx.send({ type: 'broadcast', event: 'bin', payload: bytes })).toBe('ok');
        const got = await chJs.waitFor('all', 'bytes at realtime-js', (p) => p.event === 'bin');
        expect([...new Uint8Array(got.payload)]).toEqual([9, 8, 7]);
      }
    });
  }

  it('presence both ways', async () => {
    const t = topic('interop-presence');
    const { js, rx } = await both();
    const chJs = js.channel(t, { config: { presence: { key: 'js' } } }).on('join', JOIN);
    const chRx = rx.channel(t, { config: { presence: { key: 'rx' } } }).on('join', JOIN);
    expect(await chJs.subscribe()).toBe('SUBSCRIBED');
    expect(await chRx.subscribe()).toBe('SUBSCRIBED');
    expect(await chJs.track({ who: 'js' })).toBe('ok');
    expect(await chRx.track({ who: 'rx' })).toBe('ok');
    await chJs.waitFor('join', 'realtime-js sees rx', (j) => j.key === 'rx');
    await chRx.waitFor('join', 'supabase-rx sees js', (j) => j.key === 'js');
    const strip = (s: any) =>
      Object.fromEntries(
        Object.entries(s).map(([k, metas]) => [k, (metas as any[]).map(({ who }) => who)]),
      );
    expect(strip(chRx.presenceState())).toEqual({ js: ['js'], rx: ['rx'] });
    expect(strip(chJs.presenceState())).toEqual({ js: ['js'], rx: ['rx'] });
  });
});
