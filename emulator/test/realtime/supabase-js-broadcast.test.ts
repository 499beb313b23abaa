import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { bounded, closeAll, Inbox, jsClient, joined, uniqueTopic } from './supabase-js-helpers.js';

/** The official supabase-js 2.119 realtime client against the emulator: broadcast, ws and REST. */

describe.each(testEngines())(
  'supabase-js realtime broadcast against the emulator (%s)',
  (engine) => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      emu = await startTestEmulator({ engine });
    });
    afterEach(() => closeAll());
    afterAll(() => emu?.stop());

    it('fans a broadcast out to another client, not back to the sender (self: false)', async () => {
      const topic = uniqueTopic('room');
      const a = await jsClient(emu);
      const b = await jsClient(emu);
      const atA = new Inbox();
      const atB = new Inbox();
      const chA = await joined(a.channel(topic).on('broadcast', { event: '*' }, atA.push));
      await joined(b.channel(topic).on('broadcast', { event: '*' }, atB.push));
      expect(await chA.send({ type: 'broadcast', event: 'cursor', payload: { x: 1 } })).toBe('ok');
      const [got] = await atB.until(1, 'B receives A’s broadcast');
      expect(got).toEqual({ type: 'broadcast', event: 'cursor', payload: { x: 1 } });
      // B answers; once A has that, A's own message would have come before it on A's socket.
      await b.channel(topic).send({ type: 'broadcast', event: 'reply', payload: { y: 2 } });
      await atA.until(1, 'A receives B’s reply');
      expect(atA.items).toEqual([{ type: 'broadcast', event: 'reply', payload: { y: 2 } }]);
    });

    it('self: true sends the broadcast back to the sender; ack: true waits for the server', async () => {
      const topic = uniqueTopic('self');
      const a = await jsClient(emu);
      const inbox = new Inbox();
      const ch = await joined(
        a
          .channel(topic, { config: { broadcast: { self: true, ack: true } } })
          .on('broadcast', { event: 'ping' }, inbox.push),
      );
      expect(await ch.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } })).toBe('ok');
      expect(await inbox.until(1, 'own broadcast')).toEqual([
        { type: 'broadcast', event: 'ping', payload: { n: 1 } },
      ]);
    });

    it('relays an ArrayBuffer payload as bytes (vsn 2.0.0), and JSON to a vsn 1.0.0 client', async () => {
      const topic = uniqueTopic('bin');
      const sender = await jsClient(emu);
      const v2 = await jsClient(emu);
      const v1 = await jsClient(emu, { vsn: '1.0.0' });
      const at2 = new Inbox();
      const at1 = new Inbox();
      const ch = await joined(sender.channel(topic, { config: { broadcast: { ack: true } } }));
      await joined(v2.channel(topic).on('broadcast', { event: '*' }, at2.push));
      await joined(v1.channel(topic).on('broadcast', { event: '*' }, at1.push));
      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      expect(await ch.send({ type: 'broadcast', event: 'blob', payload: bytes.buffer })).toBe('ok');
      const [bin] = await at2.until(1, 'binary broadcast');
      expect(bin.event).toBe('blob');
      expect(bin.payload).toBeInstanceOf(ArrayBuffer);
      expect([...new Uint8Array(bin.payload)]).toEqual([...bytes]);
      expect(await ch.send({ type: 'broadcast', event: 'json', payload: { ok: true } })).toBe('ok');
      const v1Json = await at1.find(
        (m) => m.event === 'json',
        'JSON broadcast at the vsn 1 client',
      );
      expect(v1Json).toEqual({ type: 'broadcast', event: 'json', payload: { ok: true } });
      const v2Json = await at2.find(
        (m) => m.event === 'json',
        'JSON broadcast at the vsn 2 client',
      );
      expect(v2Json).toEqual({ type: 'broadcast', event: 'json', payload: { ok: true } });
    });

    it('send() before joining falls back to REST /api/broadcast, and httpSend() posts one event', async () => {
      const topic = uniqueTopic('rest');
      const listener = await jsClient(emu);
      const inbox = new Inbox();
      await joined(listener.channel(topic).on('broadcast', { event: '*' }, inbox.push));
      const poster = await jsClient(emu);
      const unjoined = poster.channel(topic);
      expect(
        await bounded(
          'REST send',
          unjoined.send({ type: 'broadcast', event: 'via-rest', payload: { a: 1 } }),
        ),
      ).toBe('ok');
      const viaRest = await inbox.find((m) => m.event === 'via-rest', 'REST broadcast');
      expect(viaRest).toMatchObject({ type: 'broadcast', event: 'via-rest', payload: { a: 1 } });
      const sent = await bounded('httpSend', unjoined.httpSend('via-http', { b: 2 }));
      expect(sent).toEqual({ success: true });
      const viaHttp = await inbox.find((m) => m.event === 'via-http', 'httpSend broadcast');
      expect(viaHttp).toMatchObject({ type: 'broadcast', event: 'via-http', payload: { b: 2 } });
    });

    it('answers the batch endpoint with 202 and an empty body (service role)', async () => {
      const topic = uniqueTopic('batch');
      const listener = await jsClient(emu);
      const inbox = new Inbox();
      await joined(listener.channel(topic).on('broadcast', { event: 'e' }, inbox.push));
      const res = await fetch(`${emu.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: emu.serviceRoleKey,
          authorization: `Bearer ${emu.serviceRoleKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          messages: [
            { topic, event: 'e', payload: { n: 1 } },
            { topic, event: 'e', payload: { n: 2 } },
          ],
        }),
      });
      expect(res.status).toBe(202);
      expect(await res.text()).toBe('');
      const got = await inbox.until(2, 'both batch messages');
      expect(got.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    });
  },
);
