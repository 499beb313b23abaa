import { lastValueFrom, type Observable } from 'rxjs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import type { SupabaseClient as RxClient } from 'supabase-rx';
import { AuthExperimentalDisabledError } from 'supabase-rx/auth';
import { recordingServer, SESSION, shape, signedInClients } from './gotrue-recorder.js';

/**
 * `auth.mfa.recoveryCodes.*` through supabase-js 2.119.1 (auth-js 2.119.1) and supabase-rx
 * against a recording server with canned GoTrue answers: the same requests and the same data;
 * without `experimental.recoveryCodes` both refuse with the same message and send nothing.
 */

const STATUS = { id: 'rc', type: 'recovery_code', total: 10, remaining: 9 };
const CODES = {
  id: 'rc',
  type: 'recovery_code',
  friendly_name: 'Backup',
  total: 2,
  codes: ['a', 'b'],
};

const server = await recordingServer((method, path) => {
  if (path === '/factors/recovery-codes/verify') return { status: 200, body: SESSION };
  if (path === '/factors/recovery-codes' && method === 'GET') return { status: 200, body: STATUS };
  if (path === '/factors/recovery-codes' && method === 'DELETE')
    return { status: 200, body: { id: 'rc' } };
  return { status: 200, body: CODES };
});
afterAll(() => server.close());

type Case = [
  string,
  (js: SupabaseClient) => Promise<{ data: unknown; error: unknown }>,
  (rx: RxClient) => Observable<unknown>,
];

const cases: Case[] = [
  [
    'getStatus',
    (js) => js.auth.mfa.recoveryCodes.getStatus(),
    (rx) => rx.auth.mfa.recoveryCodes.getStatus(),
  ],
  [
    'generate',
    (js) => js.auth.mfa.recoveryCodes.generate(),
    (rx) => rx.auth.mfa.recoveryCodes.generate(),
  ],
  [
    'generate with a name',
    (js) => js.auth.mfa.recoveryCodes.generate({ friendlyName: 'Backup' }),
    (rx) => rx.auth.mfa.recoveryCodes.generate({ friendlyName: 'Backup' }),
  ],
  [
    'verify',
    (js) => js.auth.mfa.recoveryCodes.verify({ code: 'abcd-efgh' }),
    (rx) => rx.auth.mfa.recoveryCodes.verify({ code: 'abcd-efgh' }),
  ],
  [
    'regenerate',
    (js) => js.auth.mfa.recoveryCodes.regenerate(),
    (rx) => rx.auth.mfa.recoveryCodes.regenerate(),
  ],
  [
    'unenroll',
    (js) => js.auth.mfa.recoveryCodes.unenroll(),
    (rx) => rx.auth.mfa.recoveryCodes.unenroll(),
  ],
];

async function ready(js: SupabaseClient, rx: RxClient) {
  await js.auth.getSession();
  await lastValueFrom(rx.auth.getSession());
  server.state.seen = [];
}

describe('auth.mfa.recoveryCodes sends the same requests as supabase-js', () => {
  for (const [name, jsCall, rxCall] of cases) {
    it(name, async () => {
      const { js, rx } = signedInClients(server.state.base, { recoveryCodes: true });
      await ready(js, rx);
      const jsResult = await jsCall(js);
      expect(jsResult.error).toBeNull();
      const jsSeen = server.state.seen.map(shape);
      server.state.seen = [];
      const ours = await lastValueFrom(rxCall(rx));
      js.auth.stopAutoRefresh();
      expect(jsSeen).toHaveLength(1);
      expect(server.state.seen.map(shape)).toEqual(jsSeen);
      expect(ours).toEqual(jsResult.data);
      if (name === 'verify') {
        expect(rx.auth.session?.access_token).toBe(SESSION.access_token);
        expect((await js.auth.getSession()).data.session?.access_token).toBe(SESSION.access_token);
      }
    });

    it(`${name} without experimental.recoveryCodes: the same refusal, nothing sent`, async () => {
      const { js, rx } = signedInClients(server.state.base);
      await ready(js, rx);
      const jsError = await jsCall(js).catch((e: unknown) => e);
      const ours = await lastValueFrom(rxCall(rx)).catch((e: unknown) => e);
      js.auth.stopAutoRefresh();
      expect(jsError).toBeInstanceOf(Error);
      expect(ours).toBeInstanceOf(AuthExperimentalDisabledError);
      expect((ours as Error).message).toBe((jsError as Error).message);
      expect(server.state.seen).toEqual([]);
    });
  }
});
